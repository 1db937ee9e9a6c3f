// Total-fit line breaking.
#include <algorithm>
#include <limits>

#include "line/line_breaker.hpp"
#include "satr/limits.hpp"
#include "text/graphemes.hpp"
#include "text/line_breaks.hpp"

namespace satr::detail {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

bool fits_between_mandatory_breaks(const MeasuredText& text, double max_width) {
  const uint32_t n = text.size();
  uint32_t start = 0;
  for (uint32_t pos = 1; pos <= n; ++pos) {
    if (pos < n && !(text.breaks_at(pos) & kMandatoryBefore)) continue;
    if (text.trimmed_width(start, pos) > max_width + kLineWidthTolerance) return false;
    start = pos;
  }
  return true;
}

}  // namespace

std::vector<LineSpan> break_lines_optimal(const MeasuredText& text, double max_width,
                                          const LineCostModel& model) {
  std::vector<LineSpan> lines;
  break_lines_optimal(text, max_width, model, lines);
  return lines;
}

void break_lines_optimal(const MeasuredText& text, double max_width, const LineCostModel& model,
                         std::vector<LineSpan>& out) {
  const uint32_t n = text.size();
  if (max_width <= 0 || n == 0) return break_lines_greedy(text, max_width, out);
  if (fits_between_mandatory_breaks(text, max_width)) {
    // Each piece between mandatory breaks fits on one line, which then costs nothing: no
    // break could do better, and greedy breaking gives exactly those lines, in linear
    // time. The search below would instead weigh every pair of opportunities.
    return break_lines_greedy(text, max_width, out);
  }

  // Candidate line ends: break opportunities, mandatory breaks and the paragraph end.
  std::vector<uint32_t> candidates = {0};
  for (uint32_t i = 1; i < n; ++i) {
    if (text.breaks_at(i) & (kBreakBefore | kMandatoryBefore)) candidates.push_back(i);
  }
  candidates.push_back(n);
  const auto mandatory = [&](uint32_t pos) {
    return pos == n || (text.breaks_at(pos) & kMandatoryBefore);
  };
  // Stretch points of a line are counted up to its trailing whitespace, which depends only
  // on where it ends: found once per candidate end, not once per pair.
  const auto stretch = [&](uint32_t start, uint32_t content_end) -> uint32_t {
    if (model.prefix_stretch.empty()) return 0;
    return model.prefix_stretch[std::max(start, content_end)] - model.prefix_stretch[start];
  };

  // best[j]: least cost of a paragraph prefix ending with a line break at candidates[j].
  const std::size_t m = candidates.size();
  std::vector<double> best(m, kInfinity);
  std::vector<std::size_t> previous(m, 0);
  best[0] = 0;
  std::size_t last_forced = 0;  // No line may cross a mandatory break.
  for (std::size_t j = 1; j < m; ++j) {
    const uint32_t end = candidates[j];
    // Lines start at most kMaxLineBreakCandidates opportunities back: on a line that wide
    // the stop at overflow below would come too late to bound the work.
    const std::size_t window_start =
        std::max(last_forced, j > kMaxLineBreakCandidates ? j - kMaxLineBreakCandidates : 0);
    // No line in the window starts before candidates[window_start], so the scan stops there.
    uint32_t content_end = end;
    while (content_end > candidates[window_start] &&
           (text.flags[content_end - 1] & kWhitespace)) {
      --content_end;
    }
    for (std::size_t i = j; i-- > window_start;) {
      if (best[i] == kInfinity) continue;
      const uint32_t start = candidates[i];
      const double width = text.trimmed_width(start, end);
      if (width > max_width + kLineWidthTolerance) break;  // Earlier starts are wider still.
      double cost = 0;
      if (!mandatory(end)) {
        const double slack = max_width - width;
        cost = slack * slack;
        if (model.justify) cost /= std::max<uint32_t>(1, stretch(start, content_end));
      }
      if (best[i] + cost < best[j]) {
        best[j] = best[i] + cost;
        previous[j] = i;
      }
    }
    if (best[j] == kInfinity && !(end < n && !mandatory(end))) {
      // A segment wider than the line: total fit has no answer; first fit breaks it.
      return break_lines_greedy(text, max_width, out);
    }
    if (mandatory(end)) last_forced = j;
  }
  if (best[m - 1] == kInfinity) return break_lines_greedy(text, max_width, out);

  out.clear();
  for (std::size_t j = m - 1; j > 0; j = previous[j]) {
    out.push_back({candidates[previous[j]], candidates[j]});
  }
  std::reverse(out.begin(), out.end());
}

double sum_squared_slack(const MeasuredText& text, double max_width,
                         const std::vector<LineSpan>& lines) {
  double sum = 0;
  const uint32_t n = text.size();
  for (const LineSpan& line : lines) {
    if (line.end == n || (text.breaks_at(line.end) & kMandatoryBefore)) continue;
    const double slack = max_width - text.trimmed_width(line.start, line.end);
    sum += slack * slack;
  }
  return sum;
}

}  // namespace satr::detail
