// The invariant check every fuzz target uses: prints what broke, then traps, so libFuzzer
// and the replay driver (under ASan/UBSan in the test build) both report the input.
#pragma once

#include <cstdio>

namespace satr::fuzz {

[[noreturn]] inline void fail(const char* target, const char* what, long long a, long long b) {
  std::fprintf(stderr, "%s: invariant violated: %s (%lld, %lld)\n", target, what, a, b);
  std::fflush(stderr);
  __builtin_trap();
}

}  // namespace satr::fuzz

#define SATR_FUZZ_CHECK(target, cond, a, b)                    \
  do {                                                         \
    if (!(cond)) ::satr::fuzz::fail(target, #cond, (a), (b)); \
  } while (0)
