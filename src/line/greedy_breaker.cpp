#include "line/line_breaker.hpp"

#include <vector>

#include "text/graphemes.hpp"
#include "text/line_breaks.hpp"

namespace satr::detail {

double MeasuredText::trimmed_width(uint32_t start, uint32_t end) const {
  uint32_t content_end = end;
  while (content_end > start && (flags[content_end - 1] & kWhitespace)) --content_end;
  return width(start, content_end);
}

namespace {

bool fits_exactly(const MeasuredText& text, double max_width, uint32_t start, uint32_t end) {
  return text.exact_line_width(start, end) <= max_width + kLineWidthTolerance;
}

uint32_t next_grapheme(const MeasuredText& text, uint32_t pos, uint32_t limit) {
  do ++pos;
  while (pos < limit && !(text.flags[pos] & kGraphemeStart));
  return pos;
}

// The cut of an overflowing word: the last grapheme boundary in (start, end] at which the
// line, reshaped, fits. `end` is where the prefix widths say it fits; reshaping the cut
// gives the last letter its final form, which may be wider, so the cut may move back.
// Giving back one grapheme at a time would cost a reshape of the line per grapheme, and
// with a font whose final forms are huge every line would give back nearly all of them:
// cubic in the word. So: the cut the prefixes chose and the one before it (the common
// case, one or two reshapes); failing those, steps from the start that double until one
// overflows, then bisection between the last fit and that. Reshaped widths grow with the
// cut for real fonts, which is what makes the search valid; the result is the same as
// giving back one at a time whenever they do. At least one grapheme is always kept.
uint32_t exact_cut(const MeasuredText& text, double max_width, uint32_t start, uint32_t end) {
  const uint32_t first = next_grapheme(text, start, end);
  if (end <= first || fits_exactly(text, max_width, start, end)) return end;
  uint32_t previous = end - 1;
  while (previous > start && !(text.flags[previous] & kGraphemeStart)) --previous;
  if (previous <= first) return first;
  if (fits_exactly(text, max_width, start, previous)) return previous;

  // Boundaries are counted in graphemes from `start`; `fit` always fits (the first
  // grapheme is kept whatever its width), `over` never does.
  std::vector<uint32_t> boundaries;
  for (uint32_t pos = first; pos < previous; pos = next_grapheme(text, pos, previous)) {
    boundaries.push_back(pos);
  }
  std::size_t fit = 0;
  std::size_t over = boundaries.size();  // Stands for `previous`, known to overflow.
  for (std::size_t step = 1; fit + step < over; step *= 2) {
    if (!fits_exactly(text, max_width, start, boundaries[fit + step])) {
      over = fit + step;
      break;
    }
    fit += step;
  }
  while (over - fit > 1) {
    const std::size_t middle = fit + (over - fit) / 2;
    if (fits_exactly(text, max_width, start, boundaries[middle])) {
      fit = middle;
    } else {
      over = middle;
    }
  }
  return boundaries[fit];
}

}  // namespace

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
      if (text.exact_line_width) end = exact_cut(text, max_width, start, end);
      fit = end;
    }
    lines.push_back({start, fit});
    start = fit;
  }
}

}  // namespace satr::detail
