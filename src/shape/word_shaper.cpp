#include "shape/word_shaper.hpp"

#include <unicode/uchar.h>

#include <algorithm>

#include "text/char_info.hpp"
#include "text/line_breaks.hpp"

namespace satr::detail {
namespace {

bool is_mark(char16_t c) { return char_info(c).flags & kCharMark; }

// Transparent characters (marks) take the joining of what they attach to: count them as
// possibly joining.
bool may_join_forward(char16_t c) {
  const int t = joining_type(c);
  return joins_forward(t) || t == U_JT_TRANSPARENT;
}

bool may_join_backward(char16_t c) {
  const int t = joining_type(c);
  return joins_backward(t) || t == U_JT_TRANSPARENT;
}

// Cuts [start, end) into alternating runs of spaces and of other characters. A space
// followed by a combining mark belongs to the mark's grapheme, so no cut is made there.
// A word is cacheable when nothing outside it can change its shaping: each side is a space,
// a character of another item that cannot join it, or the paragraph edge (and a paragraph-initial
// word does not start with a mark, which HarfBuzz treats differently at the start of text).
void segment(std::u16string_view text, uint32_t start, uint32_t end,
             std::span<const uint8_t> flags, std::vector<WordSegment>& out) {
  const auto n = static_cast<uint32_t>(text.size());
  const auto space_at = [&](uint32_t i) {
    return text[i] == u' ' && (i + 1 >= n || (flags[i + 1] & kGraphemeStart));
  };
  // Across an item edge, HarfBuzz reads the neighbouring text only for cursive joining. A
  // word is unaffected by its neighbour when the two cannot join: the one before does not
  // join forward, or the one after does not join backward (transparent marks count as
  // possibly joining). A space never joins.
  const auto joins = [](char16_t before, char16_t after) {
    return may_join_forward(before) && may_join_backward(after);
  };
  const auto left_isolated = [&](uint32_t word_start) {
    const uint32_t i = word_start - 1;
    if (space_at(i)) return true;
    return (i < start || i >= end) && !joins(text[i], text[word_start]);
  };
  const auto right_isolated = [&](uint32_t word_end) {
    if (space_at(word_end)) return true;
    return (word_end < start || word_end >= end) && !joins(text[word_end - 1], text[word_end]);
  };
  uint32_t s = start;
  while (s < end) {
    const bool spaces = space_at(s);
    uint32_t e = s + 1;
    while (e < end && space_at(e) == spaces) ++e;
    bool cacheable = true;
    if (!spaces) {
      // A word that starts with a mark (its base is outside it) shapes differently at the
      // start of a buffer (HarfBuzz adds a dotted circle there), so it is never cached.
      const bool starts_clean = !is_mark(text[s]) && (flags[s] & kGraphemeStart);
      const bool left_ok = starts_clean && (s == 0 || left_isolated(s));
      const bool right_ok = e == n || right_isolated(e);
      cacheable = left_ok && right_ok;
    }
    out.push_back({s, e, cacheable, spaces});
    s = e;
  }
}

}  // namespace

void shape_item_cached(const ShapeRequest& request, std::span<const uint8_t> flags,
                       ShapeCache* cache, uint64_t features_hash, hb_buffer_t* buffer,
                       WordShaperScratch& scratch, std::vector<ShapedGlyph>& out) {
  // HarfBuzz hides default-ignorables (ZWJ, ZWNJ, bidi controls) by merging them into
  // neighbouring clusters, and the glyph order it leaves inside such a cluster depends on
  // where the buffer starts; an item holding one is shaped whole, as without the cache.
  bool has_ignorable = false;
  for (uint32_t i = request.start; i < request.end; ++i) {
    has_ignorable |= (flags[i] & kIgnorable) != 0;
  }
  // Items of a right-to-left script forced left to right are shaped without context
  // (see shape_item), so they are shaped whole rather than from words.
  const bool forced_ltr = !request.rtl && is_reversed_by_harfbuzz(request.script);
  if (cache == nullptr || cache->byte_budget() == 0 || !request.font->words_are_independent ||
      has_ignorable || forced_ltr) {
    shape_item(request, buffer, out);
    return;
  }
  const WordContext context{request.font->id, features_hash, request.script, request.language,
                            request.rtl};
  const uint64_t context_hash = ShapeCache::context_hash(context);
  std::vector<WordSegment>& segments = scratch.segments;
  segments.clear();
  segment(request.paragraph, request.start, request.end, flags, segments);

  // Pass 1: look every cacheable word up; remember where each hit's glyphs are.
  constexpr uint32_t kMiss = UINT32_MAX;
  std::vector<ShapedGlyph>& found = scratch.found;
  found.clear();
  scratch.found_range.clear();
  scratch.word_hash.assign(segments.size(), 0);
  std::size_t missing = 0;
  // Runs of spaces repeat between every two words: a run as long as the last one found
  // reuses its glyphs (shifted) instead of another lookup.
  const WordSegment* last_spaces = nullptr;
  uint32_t last_spaces_found = 0;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const WordSegment& s = segments[k];
    const std::u16string_view word = request.paragraph.substr(s.start, s.end - s.start);
    const auto before = static_cast<uint32_t>(found.size());
    if (s.spaces && last_spaces != nullptr &&
        s.end - s.start == last_spaces->end - last_spaces->start) {
      const uint32_t count = scratch.found_range[last_spaces_found].second;
      const uint32_t from = scratch.found_range[last_spaces_found].first;
      const uint32_t shift = s.start - last_spaces->start;
      for (uint32_t j = 0; j < count; ++j) {
        ShapedGlyph g = found[from + j];
        g.cluster += shift;
        found.push_back(g);
      }
      scratch.found_range.emplace_back(before, count);
      continue;
    }
    const uint64_t hash = s.cacheable ? ShapeCache::hash_of(context_hash, word) : 0;
    scratch.word_hash[k] = hash;
    if (s.cacheable && cache->lookup(hash, context, word, s.start, found)) {
      scratch.found_range.emplace_back(before, static_cast<uint32_t>(found.size()) - before);
      if (s.spaces) {
        last_spaces = &s;
        last_spaces_found = static_cast<uint32_t>(k);
      }
    } else {
      scratch.found_range.emplace_back(before, kMiss);
      ++missing;
    }
  }
  if (missing == 0) {
    out.insert(out.end(), scratch.found.begin(), scratch.found.end());
    return;
  }

  // Batch the distinct cacheable misses: "w1 w2 w3 " shaped once. Each distinct word gets
  // a slot (its offset in the batch and, after shaping, its glyph range); repeats of a
  // word share the slot of its first segment.
  constexpr uint32_t kNotBatched = UINT32_MAX;
  std::u16string& batch = scratch.batch;
  batch.clear();
  scratch.batch_slot.assign(segments.size(), kNotBatched);
  scratch.by_hash.clear();
  for (std::size_t k = 0; k < segments.size(); ++k) {
    if (scratch.found_range[k].second != kMiss || !segments[k].cacheable) continue;
    scratch.by_hash.emplace_back(scratch.word_hash[k], static_cast<uint32_t>(k));
  }
  std::stable_sort(scratch.by_hash.begin(), scratch.by_hash.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  const auto word_of = [&](uint32_t k) {
    return request.paragraph.substr(segments[k].start, segments[k].end - segments[k].start);
  };
  std::vector<BatchSlot>& slots = scratch.batch_slots;
  slots.clear();
  for (std::size_t i = 0; i < scratch.by_hash.size(); ++i) {
    const uint32_t k = scratch.by_hash[i].second;
    // A repeat of a word already batched (same hash run, same text) shares its slot.
    for (std::size_t j = i; j-- > 0 && scratch.by_hash[j].first == scratch.by_hash[i].first;) {
      const uint32_t other = scratch.by_hash[j].second;
      if (word_of(other) == word_of(k)) {
        scratch.batch_slot[k] = scratch.batch_slot[other];
        break;
      }
    }
    if (scratch.batch_slot[k] != kNotBatched) continue;
    scratch.batch_slot[k] = static_cast<uint32_t>(slots.size());
    slots.push_back({k, static_cast<uint32_t>(batch.size()), 0, 0});
    batch.append(word_of(k));
    batch.push_back(u' ');
  }

  std::vector<ShapedGlyph>& batched = scratch.batch_glyphs;
  batched.clear();
  if (!batch.empty()) {
    ShapeRequest whole = request;
    whole.paragraph = batch;
    whole.context_start = whole.start = 0;
    whole.context_end = whole.end = static_cast<uint32_t>(batch.size());
    shape_item(whole, buffer, batched);
  }
  // The glyphs come in logical order, clusters non-decreasing, and the slots in batch
  // order: one walk finds every word's glyphs (the separating spaces are skipped).
  std::size_t g = 0;
  for (BatchSlot& slot : slots) {
    const uint32_t word_end = slot.offset + (segments[slot.owner].end - segments[slot.owner].start);
    while (g < batched.size() && batched[g].cluster < slot.offset) ++g;
    slot.first_glyph = static_cast<uint32_t>(g);
    while (g < batched.size() && batched[g].cluster < word_end) ++g;
    slot.end_glyph = static_cast<uint32_t>(g);
  }
  // Store each distinct word once.
  std::vector<ShapedGlyph>& relative = scratch.glyphs;
  for (const BatchSlot& slot : slots) {
    relative.assign(batched.begin() + slot.first_glyph, batched.begin() + slot.end_glyph);
    for (auto& glyph : relative) glyph.cluster -= slot.offset;
    cache->insert(scratch.word_hash[slot.owner], context, word_of(slot.owner), relative);
  }

  // Assemble the item in logical order.
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const auto [begin, count] = scratch.found_range[k];
    if (count != kMiss) {
      out.insert(out.end(), scratch.found.begin() + begin, scratch.found.begin() + begin + count);
    } else if (scratch.batch_slot[k] != kNotBatched) {
      const BatchSlot& slot = slots[scratch.batch_slot[k]];
      const std::size_t first = out.size();
      out.insert(out.end(), batched.begin() + slot.first_glyph, batched.begin() + slot.end_glyph);
      for (std::size_t i = first; i < out.size(); ++i) {
        out[i].cluster = out[i].cluster - slot.offset + segments[k].start;
      }
    } else {
      ShapeRequest part = request;
      part.start = segments[k].start;
      part.end = segments[k].end;
      shape_item(part, buffer, out);
    }
  }
}

}  // namespace satr::detail
