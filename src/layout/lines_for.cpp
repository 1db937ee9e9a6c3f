#include "layout/lines_for.hpp"

#include "line/justify.hpp"
#include "line/truncate.hpp"
#include "text/line_breaks.hpp"

namespace satr::detail {

void lines_for(const ParagraphHandle& paragraph, const ParagraphPlace& place,
               std::string_view text, const LayoutCaches& caches, LayoutScratch& scratch,
               LineStack& stack) {
  const ShapedParagraphView& p = paragraph.view();
  const ResolvedStyle& style = scratch.style;
  const ParagraphStyle& paragraph_style = *style.paragraph;
  const std::vector<LineSpan>& spans = scratch.line_spans;
  Layout& out = stack.layout();
  LineWork work{scratch.lines, scratch.shaping, caches.words};

  const uint32_t byte_base = place.byte_of[0];
  const KeptLines* kept = paragraph.cached() ? paragraph.cached().lines() : nullptr;
  const bool replaying = kept != nullptr && kept->matches(spans);
  if (replaying) kept->note_match();
  bool recording = paragraph.cached() && !replaying && paragraph.cached().may_keep_lines() &&
                   (kept == nullptr || kept->note_mismatch());
  if (recording) scratch.recorder.clear();

  for (std::size_t k = 0; k < spans.size(); ++k) {
    const LineSpan& span = spans[k];
    const bool last_in_paragraph = k + 1 == spans.size();
    const bool more_follows = !last_in_paragraph || !place.last_in_text;
    float whitespace = 0;
    if (paragraph_style.max_lines != 0 && out.lines.size() + 1 == paragraph_style.max_lines &&
        more_follows) {
      const Line line =
          build_truncated_line(p, span, place.byte_of, style, work, out, &whitespace);
      out.truncated = true;
      stack.add(line, place.index, whitespace);
      recording = false;  // Its last line is missing.
      break;
    }
    Line line = replaying ? kept->replay(k, style, byte_base, scratch.lines.spare_runs, out,
                                         &whitespace)
                          : build_line(p, span, place.byte_of, style, scratch.lines, out,
                                       &whitespace);
    if (recording) scratch.recorder.record(span, line, whitespace, out, style, byte_base);
    const bool mandatory_end =
        span.end < p.text.size() && p.has_breaks() && (p.breaks[span.end] & kMandatoryBefore);
    if (style.justifying && !last_in_paragraph && !mandatory_end) {
      line = justify_line(p, span, place.byte_of, text, style, work, out, line, whitespace);
    }
    if (last_in_paragraph) line.range.end = place.end_byte;
    stack.add(line, place.index, whitespace);
  }
  if (recording) {
    caches.paragraphs->keep_lines(paragraph.cached(), KeptLines::keep(scratch.recorder));
  }
}

}  // namespace satr::detail
