#!/usr/bin/env python3
"""Turns satr_bench's JSON output (--benchmark_out=FILE --benchmark_out_format=json) into
the Markdown tables of bench/README.md: every benchmark's median with its throughput ratio
to HarfBuzzBaseline on the same corpus, then the targets, met or not.

usage: report.py RESULTS.json
"""
import json
import re
import sys

# Counters worth a column; others stay in the JSON.
COUNTERS = ["allocs_per_paragraph", "heap_allocs_per_paragraph", "word_hit_rate",
            "paragraph_hit_rate", "peak_rss_MiB", "cold_allocs_per_paragraph",
            "into_allocs_per_paragraph", "allocs_per_pass", "lines"]


def load_medians(path):
    """Median aggregate per benchmark name, or the single run when not repeated."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    medians, singles, order = {}, {}, []
    # With --benchmark_enable_random_interleaving the entries come shuffled; registration
    # order (family, then instance) puts them back.
    benchmarks = sorted(data["benchmarks"], key=lambda b: (b.get("family_index", 0),
                                                          b.get("per_family_instance_index", 0)))
    for b in benchmarks:
        # Options such as UseRealTime() and Iterations() append "/real_time" or
        # "/iterations:N" to the name; the report names benchmarks without them.
        name = re.sub(r"/(real_time|iterations:\d+)$", "", b.get("run_name", b["name"]))
        if name not in order:
            order.append(name)
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[name] = b
        else:
            singles.setdefault(name, b)
    return data["context"], order, {n: medians.get(n, singles.get(n)) for n in order}


def corpus_of(name):
    parts = name.split("/")
    return parts[1] if len(parts) > 1 and parts[1] in ("astana", "large") else None


def fmt_rate(v):
    return f"{v / 1e6:.2f} M/s" if v >= 1e6 else f"{v / 1e3:.0f} k/s"


def fmt_counter(v):
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:.0f}"


def main():
    context, order, runs = load_medians(sys.argv[1])
    rate = {n: r.get("items_per_second") for n, r in runs.items() if r}

    print("| benchmark | time/pass | chars/s | × HarfBuzzBaseline | counters |")
    print("|---|---:|---:|---:|---|")
    for name in order:
        r = runs[name]
        if r is None:
            continue
        corpus = corpus_of(name)
        base = rate.get(f"HarfBuzzBaseline/{corpus}") if corpus else None
        ratio = f"{rate[name] / base:.2f}" if base and rate.get(name) else "–"
        t = r["real_time"] if name.startswith("SatrBatch") else r["cpu_time"]
        counters = ", ".join(f"{c}={fmt_counter(r[c])}" for c in COUNTERS if c in r)
        chars = fmt_rate(rate[name]) if rate.get(name) else "–"
        print(f"| {name} | {t:.1f} {r['time_unit']} | {chars} | {ratio} | {counters} |")

    def ratio(a, b):
        return rate[a] / rate[b] if a in rate and b in rate else None

    print()
    print("| target | measured | met |")
    print("|---|---:|---|")

    def target(text, value, threshold):
        if value is None:
            print(f"| {text} | not measured | – |")
        else:
            print(f"| {text} | {value:.2f} | {'yes' if value >= threshold else 'no'} |")

    target("SatrLayout/astana/warm ≥ 5× HarfBuzzBaseline",
           ratio("SatrLayout/astana/warm", "HarfBuzzBaseline/astana"), 5)
    target("SatrLayout/large/warm ≥ 3× HarfBuzzBaseline",
           ratio("SatrLayout/large/warm", "HarfBuzzBaseline/large"), 3)
    for c in ("astana", "large"):
        # Time ≤ 1.25× the baseline's is throughput ≥ 0.8× the baseline's.
        target(f"SatrLayout/{c}/cold time ≤ 1.25× HarfBuzzBaseline (throughput ratio ≥ 0.8)",
               ratio(f"SatrLayout/{c}/cold", f"HarfBuzzBaseline/{c}"), 0.8)
    for c in ("astana", "large"):
        target(f"SatrLayout/{c}/cold ≥ 5× Pango", ratio(f"SatrLayout/{c}/cold", f"Pango/{c}"), 5)
        target(f"SatrLayout/{c}/warm ≥ 25× Pango", ratio(f"SatrLayout/{c}/warm", f"Pango/{c}"), 25)
        target(f"SatrLayout/{c}/cold ≥ 4× Raqm", ratio(f"SatrLayout/{c}/cold", f"Raqm/{c}"), 4)
    for c in ("astana", "large"):
        target(f"SatrBatch/{c}: 2 threads ≥ 1.7× 1 thread",
               ratio(f"SatrBatch/{c}/threads:2", f"SatrBatch/{c}/threads:1"), 1.7)
    allocs = [runs[n]["allocs_per_paragraph"] for n in order
              if n.startswith("SatrAllocs/") and runs[n] and "allocs_per_paragraph" in runs[n]]
    if allocs:
        const = max(allocs) == min(allocs)
        print(f"| warm allocations per paragraph constant over lengths | "
              f"{min(allocs):.0f}–{max(allocs):.0f} | {'yes' if const else 'no'} |")

    print()
    print(f"Run: {context.get('date', '?')}, {context.get('num_cpus', '?')} CPUs at "
          f"{context.get('mhz_per_cpu', '?')} MHz, library build type "
          f"{context.get('library_build_type', '?')}.")


if __name__ == "__main__":
    main()
