// Stage: one paragraph from UTF-16 text to shaped items.
#include <unicode/uchar.h>

#include "layout/paragraph.hpp"
#include "text/line_breaks.hpp"
#include "text/text_properties.hpp"

namespace satr::detail {

ShapedParagraph shape_paragraph(std::u16string_view text, Direction direction,
                                const LayoutInputs& inputs) {
  ShapedParagraph p;
  p.text = text;
  const auto n = static_cast<uint32_t>(text.size());
  p.bidi = resolve_bidi(text, direction);
  p.flags.assign(n + 1, 0);
  find_line_breaks(text, inputs.icu_language, p.flags);
  find_graphemes_and_whitespace(text, p.flags);
  p.items = itemize(text, p.bidi.levels, p.flags, *inputs.fonts);

  const auto& fonts = inputs.fonts->fonts();
  p.item_glyphs.reserve(p.items.size() + 1);
  p.glyphs.reserve(n);
  for (const Item& item : p.items) {
    p.item_glyphs.push_back(static_cast<uint32_t>(p.glyphs.size()));
    ShapeRequest request;
    request.paragraph = text;
    request.context_start = 0;
    request.context_end = n;
    request.start = item.start;
    request.end = item.end;
    request.font = &fonts[item.font_index].data();
    request.rtl = (item.level & 1) != 0;
    request.script = item.script;
    request.language = inputs.language;
    request.features = inputs.features;
    shape_item_cached(request, p.flags, inputs.shape_cache, inputs.features_hash, inputs.buffer,
                      *inputs.scratch, p.glyphs);
  }
  p.item_glyphs.push_back(static_cast<uint32_t>(p.glyphs.size()));

  // Advance of each cluster, credited to its first unit: the breaker measures ranges by
  // prefix sums, so any range of whole clusters costs O(1).
  std::vector<double> advance(n + 1, 0.0);
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const float scale = fonts[p.items[i].font_index].data().scale(inputs.font_size);
    for (uint32_t g = p.item_glyphs[i]; g < p.item_glyphs[i + 1]; ++g) {
      advance[p.glyphs[g].cluster] += p.glyphs[g].advance * scale;
    }
  }
  p.prefix_width.resize(n + 1);
  double sum = 0;
  for (uint32_t i = 0; i < n; ++i) {
    p.prefix_width[i] = sum;
    sum += advance[i];
  }
  p.prefix_width[n] = sum;
  return p;
}

}  // namespace satr::detail
