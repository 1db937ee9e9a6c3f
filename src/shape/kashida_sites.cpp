#include "shape/kashida_sites.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>

#include "fonts/font_data.hpp"
#include "text/char_info.hpp"
#include "text/graphemes.hpp"

namespace satr::detail {
namespace {

constexpr char16_t kZwnj = 0x200C;

// The joining groups the priorities below name, as bits of one byte per group: each test
// is a table read instead of a search of a list.
enum GroupClass : uint8_t {
  kSeenOrSad = 1 << 0,        // Seen, Sad
  kHehOrDalLike = 1 << 1,     // Teh Marbuta, Heh, Dal (and their Goal forms)
  kAlefToGaf = 1 << 2,        // Alef, Tah, Lam, Kaf, Gaf
  kBehLike = 1 << 3,          // Beh, Noon, Yeh, Farsi Yeh
  kRehOrYeh = 1 << 4,         // Reh, Yeh, Farsi Yeh
  kWawToFeh = 1 << 5,         // Waw, Ain, Qaf, Feh (and the African forms)
};

uint8_t group_class(int group) {
  static const std::array<uint8_t, 256> table = [] {
    std::array<uint8_t, 256> t{};
    const auto mark = [&](std::initializer_list<int> groups, uint8_t bit) {
      for (int g : groups) t[static_cast<uint8_t>(g)] |= bit;
    };
    mark({U_JG_SEEN, U_JG_SAD}, kSeenOrSad);
    mark({U_JG_TEH_MARBUTA, U_JG_TEH_MARBUTA_GOAL, U_JG_HEH, U_JG_HEH_GOAL, U_JG_DAL},
         kHehOrDalLike);
    mark({U_JG_ALEF, U_JG_TAH, U_JG_LAM, U_JG_KAF, U_JG_GAF}, kAlefToGaf);
    mark({U_JG_BEH, U_JG_NOON, U_JG_YEH, U_JG_FARSI_YEH}, kBehLike);
    mark({U_JG_REH, U_JG_YEH, U_JG_FARSI_YEH}, kRehOrYeh);
    mark({U_JG_WAW, U_JG_AIN, U_JG_QAF, U_JG_FEH, U_JG_AFRICAN_QAF, U_JG_AFRICAN_FEH},
         kWawToFeh);
    return t;
  }();
  return group >= 0 && group < 256 ? table[static_cast<std::size_t>(group)] : 0;
}

// Priority of inserting tatweel between letters a and b (b at the site), given whether b is
// final (joins nothing after it) and the letter after b (0 if none).
uint8_t site_priority(char16_t a, char16_t b, bool b_final, char16_t after_b) {
  if (a == kTatweel) return 1;
  if (group_class(joining_group(a)) & kSeenOrSad) return 2;
  const uint8_t gb = group_class(joining_group(b));
  if (b_final && (gb & kHehOrDalLike)) return 3;
  if (b_final && (gb & kAlefToGaf)) return 4;
  if (!b_final && (gb & kBehLike) && after_b &&
      (group_class(joining_group(after_b)) & kRehOrYeh)) {
    return 5;
  }
  if (b_final && (gb & kWawToFeh)) return 6;
  if (b_final) return 7;
  return 0;
}

}  // namespace

void find_kashida_sites(const ResolvedStyle& style, ShapedParagraph& p) {
  const std::u16string_view text = p.shaping();
  const auto n = static_cast<uint32_t>(text.size());
  p.kashida.assign(n, 0);
  // Per unit: whether it starts a cluster that may take a tatweel before it (in a font that
  // has one), and whether it starts an item.
  constexpr uint8_t kSafe = 1;
  constexpr uint8_t kItemStart = 2;
  std::vector<uint8_t> unit_bits(n + 1, 0);
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    if (p.items[i].start < n) unit_bits[p.items[i].start] |= kItemStart;
    const FontData& font = style.font_table[p.items[i].font_index]->data();
    if (font.tatweel_glyph == 0) continue;
    // Where the font's flags say nothing, any cluster start may take one: a tatweel never
    // goes inside a cluster, so never inside a ligature the font forms.
    const unsigned wanted = font.tatweel_flags_informative ? HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL : 0;
    for (uint32_t g = p.item_glyphs[i]; g < p.item_glyphs[i + 1]; ++g) {
      if ((p.glyphs[g].flags & wanted) == wanted) unit_bits[p.glyphs[g].cluster] |= kSafe;
    }
  }
  // b may take a tatweel after a: b is safe (so in a font with a tatweel), and no item
  // starts after a up to b (so a is in that font too).
  const auto may_insert_between = [&](uint32_t a, uint32_t b) {
    if (!(unit_bits[b] & kSafe)) return false;
    for (uint32_t u = a + 1; u <= b; ++u) {
      if (unit_bits[u] & kItemStart) return false;
    }
    return true;
  };
  const auto is_transparent = [&](uint32_t i) {
    return joining_type(text[i]) == U_JT_TRANSPARENT && text[i] != kZwnj;
  };
  // The next letter after i, skipping marks; `end` if none before it.
  const auto next_letter = [&](uint32_t i, uint32_t end) {
    uint32_t j = i + 1;
    while (j < end && is_transparent(j)) ++j;
    return j;
  };

  uint32_t word_start = 0;
  while (word_start < n) {
    while (word_start < n && (p.flags[word_start] & kWhitespace)) ++word_start;
    uint32_t word_end = word_start;
    while (word_end < n && !(p.flags[word_end] & kWhitespace)) ++word_end;
    uint32_t best_unit = 0;
    uint8_t best = 0;
    // Each pair of neighbouring letters (a, b), with the letter c after b: one pass over
    // the word, each letter's joining type read once.
    uint32_t a = word_start;
    if (a < word_end && is_transparent(a)) a = next_letter(a, word_end);
    uint32_t b = a < word_end ? next_letter(a, word_end) : word_end;
    int type_a = a < word_end ? joining_type(text[a]) : 0;
    int type_b = b < word_end ? joining_type(text[b]) : 0;
    while (b < word_end) {
      const uint32_t c = next_letter(b, word_end);
      const int type_c = c < word_end ? joining_type(text[c]) : 0;
      // Both letters in one font that has a tatweel, joined to each other, no ZWNJ, and
      // not Lam followed by Alef.
      if (joins_forward(type_a) && joins_backward(type_b) && may_insert_between(a, b) &&
          !(joining_group(text[a]) == U_JG_LAM && joining_group(text[b]) == U_JG_ALEF)) {
        const bool b_final = c >= word_end || !joins_forward(type_b) || !joins_backward(type_c);
        const uint8_t priority =
            site_priority(text[a], text[b], b_final, c < word_end ? text[c] : 0);
        if (priority != 0 && (best == 0 || priority <= best)) {
          best = priority;
          best_unit = b;
        }
      }
      a = b;
      type_a = type_b;
      b = c;
      type_b = type_c;
    }
    if (best != 0) p.kashida[best_unit] = best;
    word_start = word_end;
  }
}

}  // namespace satr::detail
