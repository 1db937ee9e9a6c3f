#include "shape/word_shaper.hpp"

#include <unicode/uchar.h>

#include <algorithm>

#include "text/char_info.hpp"
#include "text/graphemes.hpp"

namespace satr::detail {
namespace {

bool is_mark(char16_t c) { return char_info(c).flags & kCharMark; }

// What numbers inside Arabic text are made of: digits (European, Arabic-Indic, Eastern
// Arabic-Indic) and the signs written within a number. None of them joins, is a mark or is
// a space.
bool is_number_character(char16_t c) {
  return (c >= u'0' && c <= u'9') || (c >= 0x0660 && c <= 0x066C) ||
         (c >= 0x06F0 && c <= 0x06F9) || c == u'.' || c == u',' || c == u'%' || c == u'/' ||
         c == u':' || c == u'+' || c == u'-';
}

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
    if (spaces) {
      while (e < end && space_at(e)) ++e;
    } else {
      while (e < end && (text[e] != u' ' || !space_at(e))) ++e;
    }
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

void shape_items_cached(std::span<const ShapeRequest> requests, std::span<const uint8_t> flags,
                        WordCache* cache, hb_buffer_t* buffer, WordShaperScratch& scratch,
                        std::vector<ShapedGlyph>& out, std::vector<uint32_t>& item_glyphs) {
  constexpr uint32_t kWhole = UINT32_MAX;  // An item shaped in one piece, not from words.
  constexpr uint32_t kMiss = UINT32_MAX;
  constexpr uint32_t kNotBatched = UINT32_MAX;
  std::vector<WordSegment>& segments = scratch.segments;
  segments.clear();
  scratch.contexts.clear();
  scratch.item_context.clear();
  scratch.item_segments.clear();
  std::vector<ShapedGlyph>& found = scratch.found;
  found.clear();
  scratch.found_range.clear();
  scratch.word_hash.clear();
  std::size_t missing = 0;
  const bool use_cache = cache != nullptr && cache->byte_budget() != 0;

  // Pass 1, item by item: cut each into words and look every cacheable word up,
  // remembering where each hit's glyphs are.
  for (const ShapeRequest& request : requests) {
    scratch.item_segments.push_back(static_cast<uint32_t>(segments.size()));
    // HarfBuzz hides default-ignorables (ZWJ, ZWNJ, bidi controls) by merging them into
    // neighbouring clusters, and the glyph order it leaves inside such a cluster depends on
    // where the buffer starts; an item holding one is shaped whole, as without the cache.
    bool has_ignorable = false;
    for (uint32_t i = request.start; i < request.end; ++i) {
      has_ignorable |= (flags[i] & kIgnorable) != 0;
    }
    // An item of a right-to-left script set left to right (digits inside Arabic text take
    // the Arabic script) is shaped by HarfBuzz in reverse, and its words do not always
    // shape alike alone and in the item (a space carrying a mark does not): it is shaped
    // whole, unless it is one number. Then it is one word: nothing in it joins, carries a
    // mark or separates, so its neighbours cannot change it, and it shapes alike beside
    // other words in a batch as alone (the font's lookups do not involve the space).
    const bool forced_ltr = !request.rtl && is_reversed_by_harfbuzz(request.script);
    const std::u16string_view text = request.paragraph;
    const bool one_number =
        forced_ltr && (flags[request.start] & kGraphemeStart) &&
        (request.end == text.size() || (flags[request.end] & kGraphemeStart)) &&
        std::all_of(text.begin() + request.start, text.begin() + request.end,
                    is_number_character);
    if (!use_cache || !request.font->words_are_independent || has_ignorable ||
        (forced_ltr && !one_number)) {
      scratch.item_context.push_back(kWhole);
      continue;
    }
    const WordContext context{request.font->id, request.features_hash, request.script,
                              request.language, request.rtl};
    auto known = std::find_if(scratch.contexts.begin(), scratch.contexts.end(),
                              [&](const BatchContext& c) { return c.context == context; });
    if (known == scratch.contexts.end()) {
      scratch.contexts.push_back({context, WordCache::context_hash(context),
                                  static_cast<uint32_t>(&request - requests.data())});
      known = scratch.contexts.end() - 1;
    }
    scratch.item_context.push_back(static_cast<uint32_t>(known - scratch.contexts.begin()));
    const uint64_t context_hash = known->hash;

    const std::size_t first_segment = segments.size();
    if (one_number) {
      segments.push_back({request.start, request.end, true, false});
    } else {
      segment(request.paragraph, request.start, request.end, flags, segments);
    }
    scratch.word_hash.resize(segments.size(), 0);
    // Runs of spaces repeat between every two words: a run as long as the last one found
    // reuses its glyphs (shifted) instead of another lookup.
    const WordSegment* last_spaces = nullptr;
    uint32_t last_spaces_found = 0;
    for (std::size_t k = first_segment; k < segments.size(); ++k) {
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
      const uint64_t hash = s.cacheable ? WordCache::hash_of(context_hash, word) : 0;
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
  }
  scratch.item_segments.push_back(static_cast<uint32_t>(segments.size()));
  const auto word_of = [&](uint32_t k) {
    return requests[0].paragraph.substr(segments[k].start, segments[k].end - segments[k].start);
  };

  // Pass 2: the distinct cacheable misses of the whole paragraph, context by context,
  // each group shaped in one HarfBuzz call as "w1 w2 w3 ". Every distinct word gets a slot
  // (its offset in its group's text and, after shaping, its glyph range); repeats of a
  // word share the slot of its first segment. Fewer, longer calls matter: each call runs
  // every lookup of the font once, however short the text.
  std::vector<BatchSlot>& slots = scratch.batch_slots;
  slots.clear();
  scratch.batch_slot.assign(segments.size(), kNotBatched);
  std::vector<ShapedGlyph>& batched = scratch.batch_glyphs;
  batched.clear();
  if (missing != 0) {
    // Repeats of a word are found through a small open-addressing table of slot numbers
    // (plus one; zero is empty), at most half full, emptied for each context.
    std::size_t table_size = 16;
    while (table_size < 2 * missing) table_size *= 2;
    const std::size_t mask = table_size - 1;
    std::u16string& batch = scratch.batch;
    for (uint32_t context = 0; context < scratch.contexts.size(); ++context) {
      const std::size_t first_slot = slots.size();
      batch.clear();
      scratch.repeats.assign(table_size, 0);
      for (std::size_t item = 0; item < requests.size(); ++item) {
        if (scratch.item_context[item] != context) continue;
        for (uint32_t k = scratch.item_segments[item]; k < scratch.item_segments[item + 1];
             ++k) {
          if (scratch.found_range[k].second != kMiss || !segments[k].cacheable) continue;
          const uint64_t hash = scratch.word_hash[k];
          std::size_t at = (hash >> 4) & mask;
          for (; scratch.repeats[at] != 0; at = (at + 1) & mask) {
            const uint32_t other = slots[scratch.repeats[at] - 1].owner;
            if (scratch.word_hash[other] == hash && word_of(other) == word_of(k)) {
              scratch.batch_slot[k] = scratch.repeats[at] - 1;
              break;
            }
          }
          if (scratch.batch_slot[k] != kNotBatched) continue;
          scratch.batch_slot[k] = static_cast<uint32_t>(slots.size());
          scratch.repeats[at] = static_cast<uint32_t>(slots.size()) + 1;
          slots.push_back({k, static_cast<uint32_t>(batch.size()), 0, 0});
          batch.append(word_of(k));
          batch.push_back(u' ');
        }
      }
      if (slots.size() == first_slot) continue;

      const BatchContext& group = scratch.contexts[context];
      ShapeRequest whole = requests[group.first_item];
      whole.paragraph = batch;
      whole.context_start = whole.start = 0;
      whole.context_end = whole.end = static_cast<uint32_t>(batch.size());
      std::size_t g = batched.size();
      shape_item(whole, buffer, batched);
      // The glyphs come in logical order, clusters non-decreasing, and the slots in batch
      // order: one walk finds every word's glyphs (the separating spaces are skipped).
      for (std::size_t s = first_slot; s < slots.size(); ++s) {
        BatchSlot& slot = slots[s];
        const uint32_t word_end =
            slot.offset + (segments[slot.owner].end - segments[slot.owner].start);
        while (g < batched.size() && batched[g].cluster < slot.offset) ++g;
        slot.first_glyph = static_cast<uint32_t>(g);
        while (g < batched.size() && batched[g].cluster < word_end) ++g;
        slot.end_glyph = static_cast<uint32_t>(g);
      }
      // Store each distinct word once.
      for (std::size_t s = first_slot; s < slots.size(); ++s) {
        const BatchSlot& slot = slots[s];
        cache->insert(scratch.word_hash[slot.owner], group.context, word_of(slot.owner),
                      std::span(batched).subspan(slot.first_glyph,
                                                 slot.end_glyph - slot.first_glyph),
                      slot.offset);
      }
    }
  }

  // Pass 3: every item in order, each in logical order.
  item_glyphs.clear();
  for (std::size_t item = 0; item < requests.size(); ++item) {
    const ShapeRequest& request = requests[item];
    item_glyphs.push_back(static_cast<uint32_t>(out.size()));
    if (scratch.item_context[item] == kWhole) {
      shape_item(request, buffer, out);
      continue;
    }
    for (uint32_t k = scratch.item_segments[item]; k < scratch.item_segments[item + 1]; ++k) {
      const auto [begin, count] = scratch.found_range[k];
      if (count != kMiss) {
        out.insert(out.end(), found.begin() + begin, found.begin() + begin + count);
      } else if (scratch.batch_slot[k] != kNotBatched) {
        const BatchSlot& slot = slots[scratch.batch_slot[k]];
        const std::size_t first = out.size();
        out.insert(out.end(), batched.begin() + slot.first_glyph,
                   batched.begin() + slot.end_glyph);
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
  item_glyphs.push_back(static_cast<uint32_t>(out.size()));
}

}  // namespace satr::detail
