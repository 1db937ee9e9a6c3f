#include "shape/word_shaper.hpp"

#include <unicode/uchar.h>

#include <algorithm>

#include "text/line_breaks.hpp"

namespace satr::detail {
namespace {

bool is_mark(char16_t c) {
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
         type == U_ENCLOSING_MARK;
}

// Cuts [start, end) into alternating runs of spaces and of other characters. A space
// followed by a combining mark belongs to the mark's grapheme, so no cut is made there.
// A word is cacheable when nothing outside it can change its shaping: each side is a space
// or the paragraph edge (and a paragraph-initial word does not start with a mark, which
// HarfBuzz would treat differently at the start of text).
void segment(std::u16string_view text, uint32_t start, uint32_t end,
             std::span<const uint8_t> flags, std::vector<WordSegment>& out) {
  const auto n = static_cast<uint32_t>(text.size());
  const auto space_at = [&](uint32_t i) {
    return text[i] == u' ' && (i + 1 >= n || (flags[i + 1] & kGraphemeStart));
  };
  uint32_t s = start;
  while (s < end) {
    const bool spaces = space_at(s);
    uint32_t e = s + 1;
    while (e < end && space_at(e) == spaces) ++e;
    bool cacheable = true;
    if (!spaces) {
      const bool left_ok = s == 0 ? !is_mark(text[0]) : space_at(s - 1);
      const bool right_ok = e == n || space_at(e);
      cacheable = left_ok && right_ok;
    }
    out.push_back({s, e, cacheable});
    s = e;
  }
}

// The glyphs of [start, end) inside `glyphs` (logical order, clusters non-decreasing).
std::pair<std::size_t, std::size_t> glyph_range(const std::vector<ShapedGlyph>& glyphs,
                                                std::size_t from, uint32_t start, uint32_t end) {
  const auto by_cluster = [](const ShapedGlyph& g, uint32_t u) { return g.cluster < u; };
  const auto first = std::lower_bound(glyphs.begin() + static_cast<std::ptrdiff_t>(from),
                                      glyphs.end(), start, by_cluster);
  const auto last = std::lower_bound(first, glyphs.end(), end, by_cluster);
  return {static_cast<std::size_t>(first - glyphs.begin()),
          static_cast<std::size_t>(last - glyphs.begin())};
}

}  // namespace

void shape_item_cached(const ShapeRequest& request, std::span<const uint8_t> flags,
                       ShapeCache* cache, uint64_t features_hash, hb_buffer_t* buffer,
                       WordShaperScratch& scratch, std::vector<ShapedGlyph>& out) {
  if (cache == nullptr || cache->byte_budget() == 0 || !request.font->words_are_independent) {
    shape_item(request, buffer, out);
    return;
  }
  const WordContext context{request.font->id, features_hash, request.script, request.language,
                            request.rtl};
  std::vector<WordSegment>& segments = scratch.segments;
  segments.clear();
  segment(request.paragraph, request.start, request.end, flags, segments);

  const std::size_t first = out.size();
  std::size_t missing = 0;
  std::size_t missing_at = 0;     // Position in `out` of the single missing segment.
  std::size_t missing_index = 0;  // Its index in `segments`.
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const WordSegment& s = segments[k];
    const std::u16string_view word = request.paragraph.substr(s.start, s.end - s.start);
    if (s.cacheable && cache->lookup(context, word, s.start, out)) continue;
    if (++missing == 1) {
      missing_at = out.size();
      missing_index = k;
    }
  }
  if (missing == 0) return;

  if (missing == 1) {
    // One word to shape: shape just it, with the paragraph as context.
    std::vector<ShapedGlyph>& shaped = scratch.glyphs;
    shaped.clear();
    const WordSegment& s = segments[missing_index];
    ShapeRequest part = request;
    part.start = s.start;
    part.end = s.end;
    shape_item(part, buffer, shaped);
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(missing_at), shaped.begin(),
               shaped.end());
    if (s.cacheable) {
      for (auto& g : shaped) g.cluster -= s.start;
      cache->insert(context, request.paragraph.substr(s.start, s.end - s.start), shaped);
    }
    return;
  }

  // Several words missing (a cold cache): shape the item once and store its words.
  out.resize(first);
  shape_item(request, buffer, out);
  std::vector<ShapedGlyph>& relative = scratch.glyphs;
  std::size_t from = first;
  for (const WordSegment& s : segments) {
    const auto [a, b] = glyph_range(out, from, s.start, s.end);
    from = b;
    if (!s.cacheable) continue;
    relative.assign(out.begin() + static_cast<std::ptrdiff_t>(a),
                    out.begin() + static_cast<std::ptrdiff_t>(b));
    for (auto& g : relative) g.cluster -= s.start;
    cache->insert(context, request.paragraph.substr(s.start, s.end - s.start), relative);
  }
}

}  // namespace satr::detail
