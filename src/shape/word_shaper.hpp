// Shaping an item word by word through the shape cache, when that gives exactly the glyphs
// of shaping the item whole.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "shape/shape_cache.hpp"
#include "shape/shaper.hpp"

namespace satr::detail {

/// A run of spaces or a word inside an item; UTF-16 units of the paragraph.
struct WordSegment {
  uint32_t start = 0;
  uint32_t end = 0;
  bool cacheable = false;
};

/// Working memory reused from call to call, so a warm layout does not allocate.
struct WordShaperScratch {
  std::vector<WordSegment> segments;
  std::vector<ShapedGlyph> glyphs;
  std::vector<ShapedGlyph> found;                          ///< Glyphs of cache hits.
  std::vector<std::pair<uint32_t, uint32_t>> found_range;  ///< Per segment; count ~0 = miss.
};

/// Shapes `request` (context_start/end must span the paragraph) and appends the glyphs to
/// `out` in logical order. When the font's words are independent (FontData), the item is
/// cut at U+0020 spaces into words; words whose both sides are a space or the paragraph
/// edge come from `cache` when present. Missing words are shaped one by one, or the whole
/// item at once when that is cheaper (a HarfBuzz call has a fixed cost of a few characters'
/// worth), and stored.
/// `flags` are the paragraph's TextFlag bits. A null `cache` shapes the item whole.
void shape_item_cached(const ShapeRequest& request, std::span<const uint8_t> flags,
                       ShapeCache* cache, uint64_t features_hash, hb_buffer_t* buffer,
                       WordShaperScratch& scratch, std::vector<ShapedGlyph>& out);

}  // namespace satr::detail
