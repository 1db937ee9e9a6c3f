// satr_bench: Google Benchmark runs of satr and its peers, plus modes for fixed amounts of
// work (used under callgrind, where repeatability matters more than timing):
//
//   satr_bench [--benchmark_* options]      the benchmarks
//   satr_bench --list                       names of the workloads
//   satr_bench --driver=NAME [--passes=N]   prepare workload NAME, run N passes, exit
//                                           (NAME from --list, the by-size families too)
//   satr_bench --check                      glyphs per corpus for every workload
//   satr_bench --peak-rss                   peak RSS while laying out the large corpus
#include <satr/context.hpp>
#include <satr/font.hpp>
#include <satr/layout.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "alloc_counter.hpp"
#include "workload.hpp"

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define SATR_BENCH_TOGGLE_COLLECT() CALLGRIND_TOGGLE_COLLECT
#else
#define SATR_BENCH_TOGGLE_COLLECT() ((void)0)
#endif

namespace satr_bench {

void toggle_collect() { SATR_BENCH_TOGGLE_COLLECT(); }

namespace {

// Registration order is the report order: per corpus, the reference first.
std::vector<WorkloadSpec> all_workloads() {
  std::vector<WorkloadSpec> specs;
  for (const std::string& name : corpus_names()) {
    const Corpus& c = corpus(name);
    add_baseline_workload(c, specs);
    add_satr_workloads(c, specs);
    add_peer_workloads(c, specs);
  }
  return specs;
}

void run_workload(benchmark::State& state, const WorkloadSpec& spec) {
  const std::unique_ptr<Workload> workload = spec.make();
  workload->prepare();
  for (auto _ : state) workload->run_pass();
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(workload->chars_per_pass()));
  workload->add_counters(state);
}

const WorkloadSpec* find_workload(const std::vector<WorkloadSpec>& specs, std::string_view name) {
  for (const WorkloadSpec& spec : specs)
    if (spec.name == name) return &spec;
  return nullptr;
}

int default_passes(const Corpus& c) { return c.name == "large" ? 1 : 5; }

// Prepares the workload outside the measured region, then runs `passes` passes with
// callgrind's collection switched on (run callgrind with --collect-atstart=no).
int run_driver(const WorkloadSpec& spec, int passes) {
  const std::unique_ptr<Workload> workload = spec.make();
  workload->prepare();
  const auto start = std::chrono::steady_clock::now();
  toggle_collect();
  for (int k = 0; k < passes; ++k) workload->run_pass();
  toggle_collect();
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
  const double chars = static_cast<double>(workload->chars_per_pass()) * passes;
  std::printf("workload=%s chars_per_pass=%zu passes=%d seconds=%.6f ns_per_char=%.2f\n",
              spec.name.c_str(), workload->chars_per_pass(), passes, seconds.count(),
              seconds.count() * 1e9 / chars);
  return 0;
}

int run_check(const std::vector<WorkloadSpec>& specs) {
  std::printf("%-28s %10s %10s\n", "workload", "chars", "glyphs");
  for (const WorkloadSpec& spec : specs) {
    const std::unique_ptr<Workload> workload = spec.make();
    std::size_t glyphs = 0;
    for (const std::string_view p : spec.corpus->paragraphs) glyphs += workload->count_glyphs(p);
    std::printf("%-28s %10zu %10zu\n", spec.name.c_str(), spec.corpus->chars, glyphs);
  }
  return 0;
}

// Peak RSS in a fresh process: after loading, after laying out the large corpus paragraph
// by paragraph (results dropped), and after laying it out as one text (result kept).
int run_peak_rss() {
  const Corpus& c = corpus("large");
  const satr::FontCollection fonts = satr::FontCollection::bundled();
  satr::ParagraphStyle style;
  style.font_size = kFontSize;
  style.width = kWidth;
  satr::Context context;
  std::printf("corpus=large bytes=%zu chars=%zu paragraphs=%zu\n", c.text.size(), c.chars,
              c.paragraphs.size());
  std::printf("peak_rss_MiB after_loading=%.1f\n", peak_rss_mib());
  for (int pass = 0; pass < 2; ++pass) {
    for (const std::string_view p : c.paragraphs) {
      const satr::Layout layout = satr::layout_text(p, fonts, style, &context);
      benchmark::DoNotOptimize(layout.lines.data());
    }
  }
  const satr::CacheStats stats = context.stats();
  std::printf("peak_rss_MiB per_paragraph=%.1f shape_cache_entries=%zu shape_cache_MiB=%.1f\n",
              peak_rss_mib(), stats.shape_entries, stats.shape_bytes / 1048576.0);
  const satr::Layout whole = satr::layout_text(c.text, fonts, style, &context);
  std::printf("peak_rss_MiB whole_text=%.1f lines=%zu glyphs=%zu\n", peak_rss_mib(),
              whole.lines.size(), whole.glyphs.size());
  return 0;
}

int run(int argc, char** argv) {
  std::string driver;
  int passes = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--driver=")) driver = arg.substr(9);
    if (arg.starts_with("--passes=")) passes = std::stoi(std::string(arg.substr(9)));
    if (arg == "--peak-rss") return run_peak_rss();
    if (arg == "--list") {
      for (const WorkloadSpec& spec : all_workloads()) std::printf("%s\n", spec.name.c_str());
      for (const std::string& name : sized_case_names()) std::printf("%s\n", name.c_str());
      return 0;
    }
    if (arg == "--check") return run_check(all_workloads());
  }
  const std::vector<WorkloadSpec> specs = all_workloads();
  if (!driver.empty()) {
    const WorkloadSpec* spec = find_workload(specs, driver);
    if (spec == nullptr && run_sized_driver(driver, passes)) return 0;
    if (spec == nullptr) {
      std::fprintf(stderr, "satr_bench: no workload named %s (see --list)\n", driver.c_str());
      return 2;
    }
    return run_driver(*spec, passes > 0 ? passes : default_passes(*spec->corpus));
  }

  for (const WorkloadSpec& spec : specs) {
    benchmark::internal::Benchmark* b =
        benchmark::RegisterBenchmark(spec.name.c_str(), run_workload, spec)
            ->Unit(benchmark::kMicrosecond);
    if (spec.real_time) b->UseRealTime();
  }
  register_extra_benchmarks();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace
}  // namespace satr_bench

int main(int argc, char** argv) {
  try {
    return satr_bench::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "satr_bench: %s\n", e.what());
    return 1;
  }
}
