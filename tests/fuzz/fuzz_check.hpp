// The invariant check every fuzz target uses: prints what broke, then traps, so libFuzzer
// and the replay driver (under ASan/UBSan in the test build) both report the input.
#pragma once

#include <cmath>
#include <cstdio>

#include "satr/layout.hpp"

namespace satr::fuzz {

/// The pixels of the image `layout` renders to with `margin` on every side.
inline double image_pixels(const Layout& layout, float margin) {
  return std::ceil(double{layout.width} + 2.0 * margin) *
         std::ceil(double{layout.height} + 2.0 * margin);
}

/// Images up to this many pixels are rendered. Rendering costs time in proportion to the
/// pixels, and the limits test checks kMaxImagePixels itself; a fuzzer painting a 40
/// Mpixel image of a few hundred empty paragraphs learns nothing and runs past its
/// time-out.
inline constexpr double kLargestFuzzedImage = 3.0e5;

[[noreturn]] inline void fail(const char* target, const char* what, long long a = 0,
                              long long b = 0) {
  std::fprintf(stderr, "%s: invariant violated: %s (%lld, %lld)\n", target, what, a, b);
  std::fflush(stderr);
  __builtin_trap();
}

}  // namespace satr::fuzz

#define SATR_FUZZ_CHECK(target, cond, a, b)                   \
  do {                                                        \
    if (!(cond)) ::satr::fuzz::fail(target, #cond, (a), (b)); \
  } while (0)
