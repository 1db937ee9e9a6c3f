#include "line/line_breaker.hpp"

#include "text/graphemes.hpp"
#include "text/line_breaks.hpp"

namespace satr::detail {

double MeasuredText::trimmed_width(uint32_t start, uint32_t end) const {
  uint32_t content_end = end;
  while (content_end > start && (flags[content_end - 1] & kWhitespace)) --content_end;
  return width(start, content_end);
}

std::vector<LineSpan> break_lines_greedy(const MeasuredText& text, double max_width) {
  std::vector<LineSpan> lines;
  break_lines_greedy(text, max_width, lines);
  return lines;
}

void break_lines_greedy(const MeasuredText& text, double max_width, std::vector<LineSpan>& lines) {
  const uint32_t n = text.size();
  lines.clear();
  if (n == 0) {
    lines.push_back({0, 0});
    return;
  }
  const bool wrapping = max_width > 0;
  const auto is_candidate = [&](uint32_t pos) {
    return pos == n || (text.breaks_at(pos) & (kBreakBefore | kMandatoryBefore));
  };
  const auto is_mandatory = [&](uint32_t pos) {
    return pos < n && (text.breaks_at(pos) & kMandatoryBefore);
  };

  uint32_t start = 0;
  // The next break opportunity after `start`. It only moves forward, so a paragraph with
  // no opportunities at all is still broken in linear time.
  uint32_t candidate = 0;
  while (start < n) {
    if (candidate <= start) {
      candidate = start + 1;
      while (!is_candidate(candidate)) ++candidate;
    }
    uint32_t fit = 0;
    uint32_t pos = candidate;
    while (true) {
      if (wrapping && text.trimmed_width(start, pos) > max_width + kLineWidthTolerance) break;
      fit = pos;
      if (pos == n || is_mandatory(pos)) break;
      ++pos;
      while (!is_candidate(pos)) ++pos;
    }
    if (fit == 0) {
      // Even the first segment overflows: break it at the last grapheme boundary that
      // fits, taking at least one grapheme so the line is never empty.
      uint32_t end = start + 1;
      while (end < candidate && !(text.flags[end] & kGraphemeStart)) ++end;
      for (uint32_t g = end + 1; g < candidate; ++g) {
        if (!(text.flags[g] & kGraphemeStart)) continue;
        if (text.trimmed_width(start, g) > max_width + kLineWidthTolerance) break;
        end = g;
      }
      if (text.exact_line_width) {
        // Reshaping the cut may widen the line; give back graphemes until it fits.
        while (text.exact_line_width(start, end) > max_width + kLineWidthTolerance) {
          uint32_t previous = end - 1;
          while (previous > start && !(text.flags[previous] & kGraphemeStart)) --previous;
          if (previous == start) break;
          end = previous;
        }
      }
      fit = end;
    }
    lines.push_back({start, fit});
    start = fit;
  }
}

}  // namespace satr::detail
