// Stage 6: choosing where a paragraph's lines end, with the breaker the style asks for.
#pragma once

#include <cstdint>
#include <vector>

#include "line/build_line.hpp"
#include "line/line_breaker.hpp"
#include "shape/shaped_paragraph.hpp"
#include "style/resolved_style.hpp"

namespace satr::detail {

/// True if laying out `p` with `style` reads its line break opportunities. Most short
/// paragraphs (interface strings, captions) fit on one line and never need them, and ICU's
/// line breaking costs more than a tenth of a short paragraph's layout: the greedy breaker
/// puts a paragraph on one line when no break is forced and no prefix of it is wider than
/// the line, and only truncation, justification and the optimal breaker read the
/// opportunities otherwise.
bool needs_line_breaks(const ShapedParagraphView& p, const ParagraphStyle& style);

/// True if the greedy breaker puts the whole paragraph on one line at `max_width` (<= 0:
/// no wrapping): no break is forced inside it and no prefix of it is wider than the line,
/// so no break opportunity can be past the width. Answers without reading the per-unit
/// arrays; the line is [0, n).
inline bool fits_on_one_line(const ShapedParagraphView& p, double max_width) {
  return !p.forced_break && no_prefix_past(p.widest_prefix, max_width);
}

/// Working memory of breaking, kept between layouts.
struct BreakScratch {
  Layout measure;                       ///< Lines built only to be measured.
  std::vector<uint32_t> prefix_stretch;  ///< Stretch points, for the optimal breaker.
};

/// The lines of `p` as spans of its units, by style.breaker at style.width: greedy, or
/// total fit counting the stretch points of justification. Lines that cut a word are
/// measured by building them (reshaped ends are wider than prefix sums say).
void break_paragraph(const ShapedParagraphView& p, const uint32_t* byte_of,
                     const ResolvedStyle& style, LineScratch& lines, BreakScratch& scratch,
                     std::vector<LineSpan>& out);

}  // namespace satr::detail
