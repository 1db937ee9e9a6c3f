// Stages 3–5 behind one call: a paragraph's shaping from the paragraph cache, or made now.
#pragma once

#include <cstdint>

#include "layout/scratch.hpp"

namespace satr::detail {

/// A shaped paragraph for the recipe, read the same way whether the cache had it.
class ParagraphHandle {
 public:
  /// The shaped paragraph: the cache's copy (held by `cached`) or the workspace's.
  const ShapedParagraphView& view() const { return *view_; }
  /// The cache entry, if the paragraph came from the cache (it may then keep lines).
  const ParagraphCache::Ref& cached() const { return cached_; }

 private:
  friend ParagraphHandle shaped_paragraph_for(std::u16string_view, uint32_t, bool,
                                              const LayoutCaches&, LayoutScratch&);
  ParagraphCache::Ref cached_;
  const ShapedParagraphView* view_ = nullptr;
};

/// Prepares the paragraph cache key for this layout's style (once per layout); true if
/// the layout may use the paragraph cache: unstyled text (a styled text's styles would have
/// to be part of the key; its words are still cached) and a cache with room.
bool prepare_paragraph_cache(const LayoutCaches& caches, LayoutScratch& scratch);

/// The bidi levels, items and glyphs of `paragraph` (UTF-16, its first unit `text_offset`
/// in the whole text), with its line breaks when the style needs them: from the paragraph
/// cache when `use_cache` and it holds them, else analyzed and shaped now into `scratch`
/// (and stored, with its breaks, on its second sighting).
ParagraphHandle shaped_paragraph_for(std::u16string_view paragraph, uint32_t text_offset,
                                     bool use_cache, const LayoutCaches& caches,
                                     LayoutScratch& scratch);

}  // namespace satr::detail
