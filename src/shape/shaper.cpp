#include "shape/shaper.hpp"

#include <algorithm>
#include <string>

#include "satr/error.hpp"

namespace satr::detail {

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
  const char16_t* context = request.paragraph.data() + request.context_start;
  hb_buffer_add_utf16(buffer, reinterpret_cast<const uint16_t*>(context),
                      static_cast<int>(request.context_end - request.context_start),
                      request.start - request.context_start, static_cast<int>(request.end - request.start));
  hb_shape(request.font->font.get(), buffer, request.features.data(),
           static_cast<unsigned>(request.features.size()));

  unsigned count = 0;
  const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer, &count);
  const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer, &count);
  const std::size_t first = out.size();
  out.resize(first + count);
  for (unsigned i = 0; i < count; ++i) {
    ShapedGlyph& g = out[first + i];
    g.glyph_id = infos[i].codepoint;
    g.cluster = infos[i].cluster + request.context_start;
    g.advance = positions[i].x_advance;
    g.x_offset = positions[i].x_offset;
    g.y_offset = positions[i].y_offset;
    g.flags = hb_glyph_info_get_glyph_flags(&infos[i]);
  }
  if (request.rtl) std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
}

std::vector<hb_feature_t> parse_features(std::string_view features) {
  std::vector<hb_feature_t> out;
  std::size_t pos = 0;
  while (pos <= features.size()) {
    std::size_t comma = features.find(',', pos);
    if (comma == std::string_view::npos) comma = features.size();
    std::string_view item = features.substr(pos, comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) {
      hb_feature_t feature;
      if (!hb_feature_from_string(item.data(), static_cast<int>(item.size()), &feature)) {
        throw Error(ErrorCode::InvalidArgument,
                    "invalid OpenType feature '" + std::string(item) + "'");
      }
      out.push_back(feature);
    }
    pos = comma + 1;
  }
  return out;
}

}  // namespace satr::detail
