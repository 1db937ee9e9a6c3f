#include "layout/paragraph_for.hpp"

namespace satr::detail {

bool prepare_paragraph_cache(const LayoutCaches& caches, LayoutScratch& scratch) {
  const bool use = caches.paragraphs != nullptr && !scratch.style.styled &&
                   caches.paragraphs->byte_budget() > 0;
  if (use) make_paragraph_settings(scratch.style, scratch.paragraph_settings);
  return use;
}

ParagraphHandle shaped_paragraph_for(std::u16string_view paragraph, uint32_t text_offset,
                                     bool use_cache, const LayoutCaches& caches,
                                     LayoutScratch& scratch) {
  ParagraphHandle handle;
  const uint64_t hash =
      use_cache ? ParagraphCache::hash_of(paragraph, scratch.paragraph_settings) : 0;
  if (use_cache) {
    handle.cached_ = caches.paragraphs->lookup(hash, paragraph, scratch.paragraph_settings);
    if (handle.cached_) {
      // Read in place, shared with the cache (which may evict it meanwhile).
      handle.view_ = &handle.cached_.view();
      return handle;
    }
  }
  ShapedParagraph& shaped = scratch.shaped;
  const ResolvedStyle& style = scratch.style;
  analyze_paragraph(paragraph, text_offset, style, scratch.shaping.bidi, shaped);
  shape_analyzed(style, caches.words, scratch.shaping, shaped);
  // A stored paragraph serves other widths too: it is stored with its breaks.
  const bool store = use_cache && caches.paragraphs->admit(hash);
  if (store || needs_line_breaks(view_of(shaped), *style.paragraph)) find_breaks(style, shaped);
  if (store) caches.paragraphs->store(hash, paragraph, scratch.paragraph_settings, shaped);
  scratch.shaped_view = view_of(shaped);
  handle.view_ = &scratch.shaped_view;
  return handle;
}

}  // namespace satr::detail
