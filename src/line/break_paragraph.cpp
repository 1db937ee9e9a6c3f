#include "line/break_paragraph.hpp"

#include "text/paragraphs.hpp"

namespace satr::detail {

bool needs_line_breaks(const ShapedParagraphView& p, const ParagraphStyle& style) {
  if (style.breaker != Breaker::Greedy || style.max_lines != 0 || style.align == Align::Justify ||
      !no_prefix_past(p.widest_prefix, style.width)) {
    return true;
  }
  for (const char16_t c : p.text) {
    if (is_mandatory_break(c)) return true;
  }
  return false;
}

void break_paragraph(const ShapedParagraphView& p, const uint32_t* byte_of,
                     const ResolvedStyle& style, LineScratch& lines, BreakScratch& scratch,
                     std::vector<LineSpan>& out) {
  const ParagraphStyle& paragraph_style = *style.paragraph;
  const double width = paragraph_style.width;
  const auto exact_line_width = [&](uint32_t start, uint32_t end) {
    float whitespace = 0;
    scratch.measure.runs.clear();
    scratch.measure.glyphs.clear();
    const Line line =
        build_line(p, {start, end}, byte_of, style, lines, scratch.measure, &whitespace);
    return static_cast<double>(line.width - whitespace);
  };
  const MeasuredText measured{p.prefix_width, p.flags, p.breaks, exact_line_width};
  if (paragraph_style.breaker == Breaker::Optimal) {
    LineCostModel model;
    model.justify = style.justifying;
    if (style.justifying) {
      // Stretch points: inter-word spaces and, with kashida, kashida sites.
      std::vector<uint32_t>& prefix_stretch = scratch.prefix_stretch;
      prefix_stretch.assign(p.text.size() + 1, 0);
      for (std::size_t i = 0; i < p.text.size(); ++i) {
        const bool space = paragraph_style.justify != Justify::Kashida && p.text[i] == u' ';
        const bool site = !p.kashida.empty() && p.kashida[i] != 0;
        prefix_stretch[i + 1] = prefix_stretch[i] + (space || site);
      }
      model.prefix_stretch = prefix_stretch;
    }
    break_lines_optimal(measured, width, model, out);
  } else if (fits_on_one_line(p, width)) {
    // The greedy breaker's answer, without walking the paragraph's widths: most short
    // paragraphs, whose arrays a warm layout then need not read.
    out.assign(1, {0, static_cast<uint32_t>(p.text.size())});
  } else {
    break_lines_greedy(measured, width, out);
  }
}

}  // namespace satr::detail
