#include "shape/shaper.hpp"

#include <algorithm>
#include <string>


namespace satr::detail {

bool is_reversed_by_harfbuzz(hb_script_t script) {
  return hb_script_get_horizontal_direction(script) == HB_DIRECTION_RTL;
}

void shape_item(const ShapeRequest& request, hb_buffer_t* buffer, std::vector<ShapedGlyph>& out) {
  hb_buffer_clear_contents(buffer);
  hb_buffer_set_direction(buffer, request.rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
  hb_buffer_set_script(buffer, request.script);
  if (request.language != HB_LANGUAGE_INVALID) hb_buffer_set_language(buffer, request.language);
  unsigned flags = HB_BUFFER_FLAG_DEFAULT;
  if (request.start == request.context_start) flags |= HB_BUFFER_FLAG_BOT;
  if (request.end == request.context_end) flags |= HB_BUFFER_FLAG_EOT;
  if (request.tatweel_flags) flags |= HB_BUFFER_FLAG_PRODUCE_SAFE_TO_INSERT_TATWEEL;
  hb_buffer_set_flags(buffer, static_cast<hb_buffer_flags_t>(flags));
  // HarfBuzz shapes a right-to-left script given a left-to-right direction (text under
  // LRO, or an RTL letter in an LTR embedding) by reversing the buffer but not its context
  // (HarfBuzz 6), so the context before the item would be read as coming after it. Such an
  // item is given its context swapped, so that letters still join their true neighbours.
  constexpr uint32_t kContextUnits = 8;  // More than HarfBuzz looks at.
  int32_t cluster_shift = static_cast<int32_t>(request.context_start);
  const uint32_t length = request.end - request.start;
  if (!request.rtl && is_reversed_by_harfbuzz(request.script)) {
    std::u16string swapped;
    const std::u16string_view text = request.paragraph;
    const uint32_t after_end = std::min(request.context_end, request.end + kContextUnits);
    const uint32_t before_start =
        std::max(request.context_start, request.start > kContextUnits ? request.start - kContextUnits : 0);
    for (uint32_t i = after_end; i-- > request.end;) swapped.push_back(text[i]);
    const auto offset = static_cast<uint32_t>(swapped.size());
    swapped.append(text.substr(request.start, length));
    for (uint32_t i = request.start; i-- > before_start;) swapped.push_back(text[i]);
    hb_buffer_add_utf16(buffer, reinterpret_cast<const uint16_t*>(swapped.data()),
                        static_cast<int>(swapped.size()), offset, static_cast<int>(length));
    cluster_shift = static_cast<int32_t>(request.start) - static_cast<int32_t>(offset);
  } else {
    const char16_t* context = request.paragraph.data() + request.context_start;
    hb_buffer_add_utf16(buffer, reinterpret_cast<const uint16_t*>(context),
                        static_cast<int>(request.context_end - request.context_start),
                        request.start - request.context_start, static_cast<int>(length));
  }
  hb_shape(request.font->font.get(), buffer, request.features.data(),
           static_cast<unsigned>(request.features.size()));

  unsigned count = 0;
  const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer, &count);
  const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer, &count);
  if (count == 0) return;
  const std::size_t first = out.size();
  out.resize(first + count);
  // HarfBuzz gives a right-to-left buffer in visual order: it is written back to front.
  ShapedGlyph* g = out.data() + first + (request.rtl ? count - 1 : 0);
  const std::ptrdiff_t step = request.rtl ? -1 : 1;
  const uint32_t glyph_count = request.font->glyph_count;
  for (unsigned i = 0; i < count; ++i, g += step) {
    // HarfBuzz passes on whatever glyph id a font's substitutions name, and a corrupt one
    // may name a glyph the font does not have: that is a missing glyph, drawn as .notdef.
    g->glyph_id = infos[i].codepoint < glyph_count ? infos[i].codepoint : 0;
    g->cluster = static_cast<uint32_t>(static_cast<int32_t>(infos[i].cluster) + cluster_shift);
    g->advance = positions[i].x_advance;
    g->x_offset = positions[i].x_offset;
    g->y_offset = positions[i].y_offset;
    g->flags = hb_glyph_info_get_glyph_flags(&infos[i]);
  }
}

}  // namespace satr::detail
