// layout_text's recipe: the stages in order, one call each. Caching sits behind
// shaped_paragraph_for and lines_for, so the recipe reads the same whether a cache hits.
//
//   1 decode → 2 paragraphs → per paragraph: 3 bidi, 4 itemize, 5 shape (shaped_paragraph_for)
//   → 6 line breaking → 7 line building (reshaped edges, L1, L2, positions) and 8
//   justification or truncation (lines_for) → 9 alignment of every line.
#include "layout/lines_for.hpp"
#include "layout/paragraph_for.hpp"
#include "layout/scratch.hpp"
#include "satr/error.hpp"

namespace satr::detail {
namespace {

void lay_out(const LayoutRequest& request, const LayoutCaches& caches, LayoutScratch& s,
             Layout& out) {
  validate(request.style, request.fonts);
  decode_utf8(request.text, request.style.strict_utf8, s.decoded);                 // 1
  resolve_style(request.text, s.decoded, request.fonts, request.style, request.spans, s.style);
  split_paragraphs(s.decoded, s.paragraphs);                                       // 2
  const bool use_paragraph_cache = prepare_paragraph_cache(caches, s);
  LineStack stack(out, s.trailing_whitespace, request.style.line_height);
  out.paragraphs.reserve(s.paragraphs.size());
  for (std::size_t k = 0; k < s.paragraphs.size() && !out.truncated; ++k) {
    const ParagraphSpan& span = s.paragraphs[k];
    const std::u16string_view text(s.decoded.utf16.data() + span.start, span.end - span.start);
    const ParagraphHandle paragraph =                                              // 3-5
        shaped_paragraph_for(text, span.start, use_paragraph_cache, caches, s);
    const ShapedParagraphView& p = paragraph.view();
    const uint32_t* byte_of = s.decoded.byte_of.data() + span.start;
    const uint32_t end_byte = s.decoded.byte_of[span.next];
    break_paragraph(p, byte_of, s.style, s.lines, s.breaking, s.line_spans);       // 6
    const auto index = static_cast<uint32_t>(out.paragraphs.size());
    out.paragraphs.push_back({{byte_of[0], end_byte}, p.paragraph_level});
    stack.reserve(p.items.size(), p.glyphs.size(), s.line_spans.size());
    const ParagraphPlace place{index, byte_of, end_byte, k + 1 == s.paragraphs.size()};
    lines_for(paragraph, place, request.text, caches, s, stack);                   // 7-8
  }
  stack.align(request.style);                                                      // 9
}

}  // namespace

void layout_into(const LayoutRequest& request, const LayoutCaches& caches,
                 LayoutScratch& scratch, Layout& out) {
  // `out` keeps its arrays' storage; whatever happens below, it never holds a partial
  // result.
  const auto empty = [&out] {
    out.width = out.height = 0;
    out.truncated = false;
    out.paragraphs.clear();
    out.lines.clear();
    out.runs.clear();
    out.glyphs.clear();
  };
  // Its old runs become spares for the new ones (moved: a move does not touch the fonts'
  // reference counts), in reverse so that emit_run takes them in their old order.
  std::vector<Run>& spare = scratch.lines.spare_runs;
  spare.clear();
  spare.insert(spare.end(), std::make_move_iterator(out.runs.rbegin()),
               std::make_move_iterator(out.runs.rend()));
  empty();
  try {
    lay_out(request, caches, scratch, out);
  } catch (...) {
    spare.clear();
    empty();
    throw;
  }
  // Runs not reused would keep their fonts alive inside the Context: drop them now.
  spare.clear();
}

}  // namespace satr::detail
