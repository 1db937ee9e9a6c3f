// Line breaking: choosing where lines end, from measured widths and break opportunities.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace satr::detail {

/// A line as a UTF-16 range of its paragraph, [start, end); trailing whitespace included.
struct LineSpan {
  uint32_t start = 0;
  uint32_t end = 0;
};

/// The breaker's view of a paragraph: widths of unit ranges and per-unit flags. It knows
/// nothing of fonts or shaping, so tests can feed it made-up widths.
struct MeasuredText {
  /// prefix_width[i] = advance width of units [0, i), px; size n + 1.
  std::span<const double> prefix_width;
  /// TextFlag bits per unit; size n + 1 (index n = end of paragraph).
  std::span<const uint8_t> flags;

  /// Optional: the exact width of [start, end) drawn as one line, trailing whitespace left
  /// out. A line edge inside a word reshapes the letters there (final and initial forms are
  /// wider than medial ones), which prefix sums cannot see; the breaker asks this when it
  /// cuts a word.
  std::function<double(uint32_t start, uint32_t end)> exact_line_width;

  uint32_t size() const { return static_cast<uint32_t>(prefix_width.size() - 1); }
  double width(uint32_t start, uint32_t end) const {
    return prefix_width[end] - prefix_width[start];
  }
  /// Width of [start, end) without the whitespace at its end, which hangs past the edge.
  double trimmed_width(uint32_t start, uint32_t end) const;
};

/// Greedy (first-fit) breaking: each line takes as many break opportunities as fit in
/// `max_width` px; mandatory breaks end a line; a segment wider than a line is broken at
/// grapheme boundaries (at least one grapheme a line). `max_width` <= 0 breaks only at
/// mandatory breaks. An empty paragraph gives one empty line.
std::vector<LineSpan> break_lines_greedy(const MeasuredText& text, double max_width);

}  // namespace satr::detail
