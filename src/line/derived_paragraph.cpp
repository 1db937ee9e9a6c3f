#include "line/derived_paragraph.hpp"

#include "text/graphemes.hpp"
#include "text/line_breaks.hpp"

namespace satr::detail {

void derive_paragraph(const ShapedParagraphView& source, uint32_t start, uint32_t end,
                      std::span<const Insertion> insertions, const uint32_t* byte_of,
                      const ResolvedStyle& style, LineWork& work, DerivedParagraph& out) {
  const std::u16string_view source_shaping = source.shaping();
  out.text.clear();
  out.byte_of.clear();
  ShapedParagraph& p = out.shaped;
  p = ShapedParagraph{};
  std::u16string shaping;
  p.paragraph_level = source.paragraph_level;
  const bool styled = !source.style_of.empty();
  const bool with_breaks = source.has_breaks();

  const auto add_inserted = [&](const Insertion& ins) {
    for (std::size_t k = 0; k < ins.text.size(); ++k) {
      out.text.push_back(ins.text[k]);
      shaping.push_back(ins.text[k]);
      out.byte_of.push_back(ins.byte);
      p.levels.push_back(ins.level);
      p.flags.push_back(k == 0 ? kGraphemeStart : 0);
      if (with_breaks) p.breaks.push_back(0);
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
    p.levels.push_back(source.levels[u]);
    p.flags.push_back(source.flags[u]);
    // No break opportunity at the derived text's start: it starts a line already.
    if (with_breaks) p.breaks.push_back(u == start ? 0 : source.breaks[u]);
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
  if (with_breaks) p.breaks.push_back(0);

  p.text = out.text;
  if (shaping != out.text) p.shaped_text.assign(shaping.begin(), shaping.end());
  shape_analyzed(style, work.words, work.shaping, p);
}

}  // namespace satr::detail
