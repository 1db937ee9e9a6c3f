// Shaping one item with HarfBuzz, the rest of the paragraph given as context.
#pragma once

#include <hb.h>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "fonts/font_data.hpp"

namespace satr::detail {

/// One glyph as HarfBuzz produced it, in font units; kept in logical order (for RTL runs
/// the reverse of HarfBuzz's output) so that a line's slice is a contiguous range.
struct ShapedGlyph {
  uint32_t glyph_id = 0;
  uint32_t cluster = 0;  ///< UTF-16 index in the paragraph of the cluster's first unit.
  int32_t advance = 0;   ///< Font units.
  int32_t x_offset = 0;
  int32_t y_offset = 0;  ///< Font units, positive up (HarfBuzz's convention).
  uint32_t flags = 0;    ///< hb_glyph_flags_t: unsafe-to-break and friends.
};

/// What to shape: text[start, end) of `paragraph`, seeing text[context_start, context_end)
/// around it, so joining and contextual lookups work across item boundaries.
struct ShapeRequest {
  std::u16string_view paragraph;
  uint32_t context_start = 0;
  uint32_t context_end = 0;
  uint32_t start = 0;
  uint32_t end = 0;
  const FontData* font = nullptr;
  bool rtl = false;
  hb_script_t script = HB_SCRIPT_COMMON;
  hb_language_t language = HB_LANGUAGE_INVALID;
  std::span<const hb_feature_t> features;
  uint64_t features_hash = 0;  ///< ShapingStyle::features_hash: part of the word cache key.
  bool tatweel_flags = false;  ///< Ask HarfBuzz for safe-to-insert-tatweel glyph flags.
};

/// True for scripts HarfBuzz shapes right to left internally (Arabic, Hebrew, Syriac…).
bool is_reversed_by_harfbuzz(hb_script_t script);

/// Shapes `request` with `buffer` (cleared first, reused across calls so no allocation
/// happens once it has grown) and appends the glyphs to `out` in logical order.
void shape_item(const ShapeRequest& request, hb_buffer_t* buffer, std::vector<ShapedGlyph>& out);

}  // namespace satr::detail
