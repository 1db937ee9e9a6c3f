// A workload is one engine doing one job over one corpus. The same objects drive the
// Google Benchmark runs and the fixed-pass driver that callgrind measures, so both count
// exactly the same work.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "corpus.hpp"

namespace satr_bench {

inline constexpr float kFontSize = 32.0f;  ///< px
inline constexpr float kWidth = 600.0f;    ///< px, wrap width of the layout engines.

class Workload {
 public:
  explicit Workload(const Corpus& corpus) : corpus_(corpus) {}
  virtual ~Workload() = default;
  Workload(const Workload&) = delete;
  Workload& operator=(const Workload&) = delete;

  /// Untimed work before measuring. By default one pass, so that lazily loaded tables
  /// (HarfBuzz shape plans, ICU data, fontconfig caches) and warm caches are in place.
  virtual void prepare() { run_pass(); }
  /// One measured pass over the corpus.
  virtual void run_pass() = 0;
  /// Code points processed by one pass.
  virtual std::size_t chars_per_pass() const { return corpus_.chars; }
  /// Extra figures, measured after the timed loop.
  virtual void add_counters(benchmark::State&) {}
  /// Glyphs produced for one paragraph; a sanity check that every engine shapes the same
  /// text with the same font.
  virtual std::size_t count_glyphs(std::string_view paragraph) = 0;

  const Corpus& corpus() const { return corpus_; }

 protected:
  const Corpus& corpus_;
};

struct WorkloadSpec {
  std::string name;  ///< Benchmark name, e.g. "SatrLayout/astana/warm".
  const Corpus* corpus = nullptr;
  std::function<std::unique_ptr<Workload>()> make;
  bool real_time = false;  ///< Multi-threaded: measure wall time, not the main thread's CPU.
};

/// Workloads of satr itself.
void add_satr_workloads(const Corpus& corpus, std::vector<WorkloadSpec>& out);
/// The reference: raw hb_shape of each paragraph.
void add_baseline_workload(const Corpus& corpus, std::vector<WorkloadSpec>& out);
/// libraqm and Pango, each where it was found at build time.
void add_peer_workloads(const Corpus& corpus, std::vector<WorkloadSpec>& out);

/// Benchmarks that are not per-corpus workloads (allocations against paragraph length,
/// the cost of clearing the caches, layout and carets by text size).
void register_extra_benchmarks();

/// The by-size families (SatrLayout/<size>/…, SatrJustify/…, SatrCaret/…), which the
/// driver mode runs too.
std::vector<std::string> sized_case_names();
/// Runs `passes` cold layouts or caret rounds of the by-size benchmark `name` with
/// callgrind's collection on only around them, and prints what one pass counts; false if
/// `name` is none of them.
bool run_sized_driver(const std::string& name, int passes);

/// Switches callgrind's collection on or off (nothing outside callgrind).
void toggle_collect();

}  // namespace satr_bench
