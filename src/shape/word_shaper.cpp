#include "shape/word_shaper.hpp"

#include <unicode/uchar.h>

#include <algorithm>

#include "text/char_info.hpp"
#include "text/line_breaks.hpp"

namespace satr::detail {
namespace {

bool is_mark(char16_t c) { return char_info(c).flags & kCharMark; }

int joining_type_of(char16_t c) {
  if (c >= 0xD800 && c <= 0xDFFF) return U_JT_TRANSPARENT;  // Unknown here: not safe.
  return u_getIntPropertyValue(c, UCHAR_JOINING_TYPE);
}

// Cuts [start, end) into alternating runs of spaces and of other characters. A space
// followed by a combining mark belongs to the mark's grapheme, so no cut is made there.
// A word is cacheable when nothing outside it can change its shaping: each side is a space,
// a non-joining character of another item, or the paragraph edge (and a paragraph-initial
// word does not start with a mark, which HarfBuzz treats differently at the start of text).
void segment(std::u16string_view text, uint32_t start, uint32_t end,
             std::span<const uint8_t> flags, std::vector<WordSegment>& out) {
  const auto n = static_cast<uint32_t>(text.size());
  const auto space_at = [&](uint32_t i) {
    return text[i] == u' ' && (i + 1 >= n || (flags[i + 1] & kGraphemeStart));
  };
  // Outside the item, a neighbour that cannot join (Arabic joining type U: punctuation,
  // digits, Latin letters) influences a word no more than a space does: HarfBuzz reads the
  // context around an item only for cursive joining.
  const auto isolates = [&](uint32_t i, uint32_t item_start, uint32_t item_end) {
    if (space_at(i)) return true;
    if (i >= item_start && i < item_end) return false;
    return joining_type_of(text[i]) == U_JT_NON_JOINING && !is_mark(text[i]);
  };
  uint32_t s = start;
  while (s < end) {
    const bool spaces = space_at(s);
    uint32_t e = s + 1;
    while (e < end && space_at(e) == spaces) ++e;
    bool cacheable = true;
    if (!spaces) {
      const bool left_ok = s == 0 ? !is_mark(text[0]) : isolates(s - 1, start, end);
      const bool right_ok = e == n || isolates(e, start, end);
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

  // Pass 1: look every cacheable word up; remember where each hit's glyphs are.
  constexpr uint32_t kMiss = UINT32_MAX;
  scratch.found.clear();
  scratch.found_range.clear();
  std::size_t missing = 0;
  std::size_t missing_units = 0;
  for (const WordSegment& s : segments) {
    const std::u16string_view word = request.paragraph.substr(s.start, s.end - s.start);
    const auto before = static_cast<uint32_t>(scratch.found.size());
    if (s.cacheable && cache->lookup(context, word, s.start, scratch.found)) {
      scratch.found_range.emplace_back(before, static_cast<uint32_t>(scratch.found.size()) - before);
    } else {
      scratch.found_range.emplace_back(before, kMiss);
      ++missing;
      missing_units += s.end - s.start;
    }
  }
  if (missing == 0) {
    out.insert(out.end(), scratch.found.begin(), scratch.found.end());
    return;
  }

  // A HarfBuzz call costs about as much as shaping this many more characters (measured
  // with Noto Naskh Arabic: ~9,000 instructions a call, ~2,000 a character).
  constexpr std::size_t kCallCostInUnits = 5;
  const std::size_t one_by_one = missing * kCallCostInUnits + missing_units;
  const std::size_t whole = kCallCostInUnits + (request.end - request.start);
  std::vector<ShapedGlyph>& relative = scratch.glyphs;
  const auto store = [&](const WordSegment& s, std::size_t a, std::size_t b) {
    if (!s.cacheable) return;
    relative.assign(out.begin() + static_cast<std::ptrdiff_t>(a),
                    out.begin() + static_cast<std::ptrdiff_t>(b));
    for (auto& g : relative) g.cluster -= s.start;
    cache->insert(context, request.paragraph.substr(s.start, s.end - s.start), relative);
  };

  if (one_by_one < whole) {
    // Pass 2: hits from pass 1, misses shaped alone with the paragraph as context.
    for (std::size_t k = 0; k < segments.size(); ++k) {
      const auto [begin, count] = scratch.found_range[k];
      if (count != kMiss) {
        out.insert(out.end(), scratch.found.begin() + begin, scratch.found.begin() + begin + count);
        continue;
      }
      ShapeRequest part = request;
      part.start = segments[k].start;
      part.end = segments[k].end;
      const std::size_t a = out.size();
      shape_item(part, buffer, out);
      store(segments[k], a, out.size());
    }
    return;
  }

  // Many words missing (a cold cache): shape the item once and store its missing words.
  const std::size_t first = out.size();
  shape_item(request, buffer, out);
  std::size_t from = first;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const WordSegment& s = segments[k];
    const auto [a, b] = glyph_range(out, from, s.start, s.end);
    from = b;
    if (scratch.found_range[k].second == kMiss) store(s, a, b);
  }
}

}  // namespace satr::detail
