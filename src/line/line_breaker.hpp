// Line breaking: choosing where lines end, from measured widths and break opportunities.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace satr::detail {

/// A line as a UTF-16 range of its paragraph, [start, end); trailing whitespace included.
struct LineSpan {
  uint32_t start = 0;
  uint32_t end = 0;
};

/// A non-owning reference to a callable `double(uint32_t, uint32_t)`, or nothing. Unlike
/// std::function it never allocates, whatever the callable captures; the callable must
/// outlive the reference (a lambda in the caller's frame does).
class LineWidthFunction {
 public:
  LineWidthFunction() = default;
  template <typename F>
  LineWidthFunction(const F& function)  // NOLINT: implicit, like std::function.
      : object_(&function), call_([](const void* object, uint32_t start, uint32_t end) {
          return static_cast<double>((*static_cast<const F*>(object))(start, end));
        }) {}

  explicit operator bool() const { return call_ != nullptr; }
  double operator()(uint32_t start, uint32_t end) const { return call_(object_, start, end); }

 private:
  const void* object_ = nullptr;
  double (*call_)(const void*, uint32_t, uint32_t) = nullptr;
};

/// Rounding in the sums of advances must not push a line that fits exactly onto two lines:
/// a line fits when its width is at most the maximum plus this, px.
inline constexpr double kLineWidthTolerance = 1e-3;

/// True if a paragraph whose widest prefix is `widest_prefix` px never needs a break to
/// stay within `max_width` (<= 0: no wrapping), as the breakers measure: with the tolerance.
inline bool no_prefix_past(double widest_prefix, double max_width) {
  return max_width <= 0 || widest_prefix <= max_width + kLineWidthTolerance;
}

/// The breaker's view of a paragraph: widths of unit ranges, grapheme and whitespace
/// flags, and break opportunities. It knows nothing of fonts or shaping, so tests can feed
/// it made-up widths.
struct MeasuredText {
  /// prefix_width[i] = advance width of units [0, i), px; size n + 1.
  std::span<const double> prefix_width;
  /// TextFlag bits per unit (kGraphemeStart, kWhitespace); size n + 1 (index n = end).
  std::span<const uint8_t> flags;
  /// BreakFlag bits per unit; size n + 1. Empty: no opportunity but the paragraph's end.
  std::span<const uint8_t> breaks;

  /// Optional: the exact width of [start, end) drawn as one line, trailing whitespace left
  /// out. A line edge inside a word reshapes the letters there (final and initial forms are
  /// wider than medial ones), which prefix sums cannot see; the breaker asks this when it
  /// cuts a word.
  LineWidthFunction exact_line_width;

  uint32_t size() const { return static_cast<uint32_t>(prefix_width.size() - 1); }
  uint8_t breaks_at(uint32_t pos) const { return breaks.empty() ? 0 : breaks[pos]; }
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
void break_lines_greedy(const MeasuredText& text, double max_width, std::vector<LineSpan>& out);

/// What the optimal breaker minimizes.
struct LineCostModel {
  /// When justifying, slack is shared by the line's stretch points (inter-word spaces and,
  /// with kashida, kashida sites): a line costs slack² / points, the sum of the squared
  /// widening of each point. Otherwise a line costs slack².
  bool justify = false;
  /// prefix_stretch[i] = stretch points among units [0, i); size n + 1. Empty: none.
  std::span<const uint32_t> prefix_stretch;
};

/// Total-fit breaking (after Knuth and Plass): over all ways to break at opportunities,
/// the one with the least total cost, where a line costs as LineCostModel says and a
/// paragraph's last line (or one ending at a mandatory break) costs nothing if it fits.
/// Falls back to greedy breaking when some segment is wider than a line, or when not
/// wrapping.
std::vector<LineSpan> break_lines_optimal(const MeasuredText& text, double max_width,
                                          const LineCostModel& model);
void break_lines_optimal(const MeasuredText& text, double max_width, const LineCostModel& model,
                         std::vector<LineSpan>& out);

/// The sum of squared slack, (max_width - trimmed width)², over lines that end neither
/// the paragraph nor at a mandatory break: the figure optimal breaking minimizes when not
/// justifying, and the one used to compare breakers.
double sum_squared_slack(const MeasuredText& text, double max_width,
                         const std::vector<LineSpan>& lines);

}  // namespace satr::detail
