#include "line/truncate.hpp"

#include <optional>
#include <vector>

#include "line/derived_paragraph.hpp"
#include "text/char_info.hpp"
#include "text/graphemes.hpp"
#include "text/line_breaks.hpp"

namespace satr::detail {

thread_local uint64_t truncation_shapings = 0;

namespace {

// True if a line may end before unit `cut` without tearing a joined pair apart.
bool keeps_joining(const ShapedParagraphView& p, uint32_t start, uint32_t cut) {
  if (!(p.flags[cut] & kGraphemeStart)) return false;
  const uint32_t before = base_at_or_before(p.text, start, cut - 1);
  return !(joins_forward(joining_type(p.text[before])) &&
           joins_backward(joining_type(p.text[cut])));
}

}  // namespace

Line build_truncated_line(const ShapedParagraphView& p, LineSpan span, const uint32_t* byte_of,
                          const ResolvedStyle& style, LineWork& work, Layout& layout,
                          float* trailing_whitespace) {
  const uint32_t start = span.start;
  const uint32_t end = span.end;
  const std::u16string& ellipsis = style.ellipsis;
  const double width = style.paragraph->width;
  const auto trim = [&](uint32_t cut) {
    while (cut > start && (p.flags[cut - 1] & kWhitespace)) --cut;
    return cut;
  };
  // Candidate cuts, best first: the line's own end, then break opportunities, then
  // grapheme boundaries that keep joined letters together, then nothing but the ellipsis.
  std::vector<uint32_t> cuts = {end};
  for (uint32_t u = end; u-- > start + 1;)
    if (p.breaks[u] & kBreakBefore) cuts.push_back(u);
  for (uint32_t u = end; u-- > start + 1;)
    if (!(p.breaks[u] & kBreakBefore) && keeps_joining(p, start, u)) cuts.push_back(u);
  cuts.push_back(start);

  // Shapes the line cut before cuts[k] with the ellipsis, into `layout`; keeps it if it
  // fits (or is the last candidate, which is always taken) and else takes it back out.
  DerivedParagraph derived;
  const auto try_cut = [&](std::size_t k) -> std::optional<Line> {
    ++truncation_shapings;
    const uint32_t cut = trim(cuts[k]);
    const uint32_t style_unit = cut > start ? cut - 1 : start;
    const Insertion insertion{cut, ellipsis, byte_of[cut], p.paragraph_level,
                              style_unit < p.text.size() ? style_unit : 0};
    derive_paragraph(p, start, cut, {&insertion, 1}, byte_of, style, work, derived);
    const auto n = static_cast<uint32_t>(derived.text.size());
    const std::size_t runs_before = layout.runs.size();
    const std::size_t glyphs_before = layout.glyphs.size();
    Line line = build_line(view_of(derived.shaped), {0, n}, derived.byte_of.data(), style,
                           work.lines, layout, trailing_whitespace);
    if (width <= 0 || line.width - *trailing_whitespace <= width + 1e-3 || k + 1 == cuts.size()) {
      return line;
    }
    layout.runs.resize(runs_before);
    layout.glyphs.resize(glyphs_before);
    return std::nullopt;
  };
  // Prefix sums give a lower bound on the width: cuts that cannot fit are skipped without
  // shaping. Then the best candidates are tried in order; past kTruncationTries a line the
  // prefix sums misjudge (an ellipsis wider than the line, final forms far wider than
  // their medial ones) would cost a shaping of the line per remaining candidate, so the
  // rest is searched by halving, as if a shorter cut always fitted when a longer one did.
  std::vector<std::size_t> left;  // Candidates the prefix sums allow, best first.
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
    const uint32_t cut = trim(cuts[k]);
    if (width > 0 && cut > start && p.prefix_width[cut] - p.prefix_width[start] > width) {
      continue;
    }
    left.push_back(k);
  }
  left.push_back(cuts.size() - 1);
  std::size_t next = 0;
  for (; next < left.size() && next < kTruncationTries; ++next) {
    if (std::optional<Line> line = try_cut(left[next])) return *line;
  }
  // left[next, size) remains; its last entry always fits.
  std::size_t lo = next;
  std::size_t hi = left.size() - 1;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const std::size_t runs_before = layout.runs.size();
    const std::size_t glyphs_before = layout.glyphs.size();
    if (try_cut(left[mid])) {
      layout.runs.resize(runs_before);  // Shaped again below if it is the answer.
      layout.glyphs.resize(glyphs_before);
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  if (std::optional<Line> line = try_cut(left[lo])) return *line;
  return *try_cut(left.back());  // Shaping is deterministic; kept for safety.
}

}  // namespace satr::detail
