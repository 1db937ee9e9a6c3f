#include "layout/derived_paragraph.hpp"

#include "text/line_breaks.hpp"

namespace satr::detail {

void derive_paragraph(const ParagraphView& source, uint32_t start, uint32_t end,
                      std::span<const Insertion> insertions, const uint32_t* byte_of,
                      const LayoutInputs& inputs, DerivedParagraph& out) {
  const std::u16string_view source_shaping = source.shaping();
  out.text.clear();
  out.byte_of.clear();
  ShapedParagraph& p = out.shaped;
  p = ShapedParagraph{};
  std::u16string shaping;
  p.bidi.paragraph_level = source.bidi.paragraph_level;
  const bool styled = !source.style_of.empty();

  const auto add_inserted = [&](const Insertion& ins) {
    for (std::size_t k = 0; k < ins.text.size(); ++k) {
      out.text.push_back(ins.text[k]);
      shaping.push_back(ins.text[k]);
      out.byte_of.push_back(ins.byte);
      p.bidi.levels.push_back(ins.level);
      p.flags.push_back(k == 0 ? kGraphemeStart : 0);
      if (styled) {
        p.style_of.push_back(source.style_of[ins.style_from]);
        p.color_of.push_back(source.color_of[ins.style_from]);
      }
    }
  };
  std::size_t next = 0;
  for (uint32_t u = start; u < end; ++u) {
    while (next < insertions.size() && insertions[next].before == u) add_inserted(insertions[next++]);
    out.text.push_back(source.text[u]);
    shaping.push_back(source_shaping[u]);
    out.byte_of.push_back(byte_of[u]);
    p.bidi.levels.push_back(source.bidi.levels[u]);
    // No break opportunity at the derived text's start: it starts a line already.
    p.flags.push_back(u == start ? (source.flags[u] & ~(kBreakBefore | kMandatoryBefore))
                                 : source.flags[u]);
    if (styled) {
      p.style_of.push_back(source.style_of[u]);
      p.color_of.push_back(source.color_of[u]);
    }
  }
  while (next < insertions.size()) add_inserted(insertions[next++]);
  out.byte_of.push_back(byte_of[end]);
  if (!insertions.empty() && insertions.back().before == end) {
    out.byte_of.back() = insertions.back().byte;
  }
  p.flags.push_back(kGraphemeStart);
  // Only lines of a justified paragraph are derived, and those have their breaks found.
  p.line_breaks_found = true;

  p.text = out.text;
  if (shaping != out.text) p.shaped_text = std::move(shaping);
  shape_analyzed(inputs, p);
}

}  // namespace satr::detail
