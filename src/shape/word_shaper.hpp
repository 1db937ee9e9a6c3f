// Shaping an item word by word through the shape cache, when that gives exactly the glyphs
// of shaping the item whole.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "shape/shape_cache.hpp"
#include "shape/shaper.hpp"

namespace satr::detail {

/// A run of spaces or a word inside an item; UTF-16 units of the paragraph.
struct WordSegment {
  uint32_t start = 0;
  uint32_t end = 0;
  bool cacheable = false;
  bool spaces = false;  ///< A run of U+0020 spaces (none followed by a mark).
};

/// One distinct word in a batch of missing words.
struct BatchSlot {
  uint32_t owner = 0;        ///< The first segment holding the word.
  uint32_t offset = 0;       ///< Where the word starts in the batch text.
  uint32_t first_glyph = 0;  ///< Its glyphs in the batch's output: [first_glyph, end_glyph).
  uint32_t end_glyph = 0;
};

/// Working memory reused from call to call, so a warm layout does not allocate.
struct WordShaperScratch {
  std::vector<WordSegment> segments;
  std::vector<ShapedGlyph> glyphs;
  std::vector<ShapedGlyph> found;                          ///< Glyphs of cache hits.
  std::vector<std::pair<uint32_t, uint32_t>> found_range;  ///< Per segment; count ~0 = miss.
  std::vector<uint64_t> word_hash;      ///< Per segment: ShapeCache::hash_of its word.
  std::u16string batch;                 ///< Distinct missing words, space separated.
  std::vector<uint32_t> batch_slot;     ///< Per segment: its word's index in batch_slots.
  std::vector<BatchSlot> batch_slots;   ///< Per distinct missing word.
  std::vector<std::pair<uint64_t, uint32_t>> by_hash;  ///< (word hash, segment) to dedupe.
  std::vector<ShapedGlyph> batch_glyphs;
};

/// Shapes `request` (context_start/end must span the paragraph) and appends the glyphs to
/// `out` in logical order. When the font's words are independent (FontData), the item is
/// cut at U+0020 spaces into words; words whose both sides are a space or the paragraph
/// edge come from `cache` when present. The distinct missing words are shaped together in
/// one HarfBuzz call, separated by spaces — independent words shape alike alone or side
/// by side, and one call costs far less than one per word — then stored. Words that are not
/// cacheable (touching a joining neighbour outside the item) are shaped with the paragraph
/// as context.
/// `flags` are the paragraph's TextFlag bits. A null `cache` shapes the item whole.
void shape_item_cached(const ShapeRequest& request, std::span<const uint8_t> flags,
                       ShapeCache* cache, uint64_t features_hash, hb_buffer_t* buffer,
                       WordShaperScratch& scratch, std::vector<ShapedGlyph>& out);

}  // namespace satr::detail
