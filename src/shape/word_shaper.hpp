// Shaping an item word by word through the shape cache, when that gives exactly the glyphs
// of shaping the item whole.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "shape/word_cache.hpp"
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

/// A word's context met in a paragraph: its missing words are shaped in one batch.
struct BatchContext {
  WordContext context;
  uint64_t hash = 0;        ///< WordCache::context_hash(context).
  uint32_t first_item = 0;  ///< The first item of this context; its request shapes the batch.
};

/// Working memory reused from call to call, so a warm layout does not allocate.
struct WordShaperScratch {
  std::vector<ShapeRequest> requests;      ///< The caller's: one per item.
  std::vector<WordSegment> segments;       ///< Every item's, item after item.
  std::vector<uint32_t> item_segments;     ///< Per item: its first segment; then the end.
  std::vector<uint32_t> item_context;      ///< Per item: index into contexts, or ~0: whole.
  std::vector<BatchContext> contexts;
  std::vector<ShapedGlyph> found;                          ///< Glyphs of cache hits.
  std::vector<std::pair<uint32_t, uint32_t>> found_range;  ///< Per segment; count ~0 = miss.
  std::vector<uint64_t> word_hash;      ///< Per segment: WordCache::hash_of its word.
  std::u16string batch;                 ///< One context's distinct missing words, spaced.
  std::vector<uint32_t> batch_slot;     ///< Per segment: its word's index in batch_slots.
  std::vector<BatchSlot> batch_slots;   ///< Per distinct missing word.
  std::vector<uint32_t> repeats;         ///< Finds a batched word's slot by hash.
  std::vector<ShapedGlyph> batch_glyphs;  ///< Every batch's glyphs, batch after batch.
};

/// Shapes the items of one paragraph, `requests` in logical order (each one's
/// context_start/end spanning the paragraph), appending their glyphs to `out` in logical
/// order; `item_glyphs` is set to the index in `out` of each item's first glyph, then
/// out.size().
///
/// When an item's font has independent words (FontData), the item is cut at U+0020 spaces
/// into words; words whose both sides are a space or the paragraph edge come from `cache`
/// when present. The distinct missing words of the whole paragraph that share a context
/// (font, features, script, language, direction) are shaped together in one HarfBuzz call,
/// separated by spaces — independent words shape alike alone or side by side, and one call
/// costs far less than one per item or per word — then stored. Words that are not
/// cacheable (touching a joining neighbour outside the item) are shaped with the paragraph
/// as context. `flags` are the paragraph's TextFlag bits. A null `cache` shapes each item
/// whole.
void shape_items_cached(std::span<const ShapeRequest> requests, std::span<const uint8_t> flags,
                        WordCache* cache, hb_buffer_t* buffer, WordShaperScratch& scratch,
                        std::vector<ShapedGlyph>& out, std::vector<uint32_t>& item_glyphs);

}  // namespace satr::detail
