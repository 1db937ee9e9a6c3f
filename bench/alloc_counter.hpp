// Counting heap allocations made by the code under measurement.
//
// The benchmark binary replaces the global operator new (every C++ allocation of satr and
// the standard library) and, with glibc, malloc/calloc/realloc (the C libraries: HarfBuzz,
// ICU, FreeType, GLib). Counting is off by default and switched on only around untimed
// passes, so the timed loops pay one relaxed load per allocation and the shared counters
// never bounce between cores in the multi-threaded benchmarks.
#pragma once

#include <cstdint>

namespace satr_bench {

struct AllocCounts {
  uint64_t cpp = 0;  ///< Calls of any operator new.
  uint64_t c = 0;    ///< Calls of malloc, calloc and realloc, including those under operator new.
  bool c_counted = false;  ///< False where malloc could not be replaced (not glibc).
};

/// Counts the allocations made while an instance lives (by any thread).
class AllocScope {
 public:
  AllocScope();
  ~AllocScope();
  AllocScope(const AllocScope&) = delete;
  AllocScope& operator=(const AllocScope&) = delete;

  /// Allocations since construction.
  AllocCounts counts() const;

 private:
  AllocCounts start_;
};

/// Peak resident set size of the process so far, MiB (getrusage ru_maxrss).
double peak_rss_mib();

}  // namespace satr_bench
