#include "shape/kashida_sites.hpp"

#include <unicode/uchar.h>

#include <algorithm>

#include "fonts/font_data.hpp"
#include "text/char_info.hpp"
#include "text/graphemes.hpp"

namespace satr::detail {
namespace {

constexpr char16_t kZwnj = 0x200C;

int joining_group(char16_t c) { return u_getIntPropertyValue(c, UCHAR_JOINING_GROUP); }


bool in(int group, std::initializer_list<int> groups) {
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

// Priority of inserting tatweel between letters a and b (b at the site), given whether b is
// final (joins nothing after it) and the letter after b (0 if none).
uint8_t site_priority(char16_t a, char16_t b, bool b_final, char16_t after_b) {
  if (a == kTatweel) return 1;
  const int ga = joining_group(a);
  const int gb = joining_group(b);
  if (in(ga, {U_JG_SEEN, U_JG_SAD})) return 2;
  if (b_final && in(gb, {U_JG_TEH_MARBUTA, U_JG_TEH_MARBUTA_GOAL, U_JG_HEH, U_JG_HEH_GOAL,
                         U_JG_DAL})) {
    return 3;
  }
  if (b_final && in(gb, {U_JG_ALEF, U_JG_TAH, U_JG_LAM, U_JG_KAF, U_JG_GAF})) return 4;
  if (!b_final && in(gb, {U_JG_BEH, U_JG_NOON, U_JG_YEH, U_JG_FARSI_YEH}) && after_b &&
      in(joining_group(after_b), {U_JG_REH, U_JG_YEH, U_JG_FARSI_YEH})) {
    return 5;
  }
  if (b_final && in(gb, {U_JG_WAW, U_JG_AIN, U_JG_QAF, U_JG_FEH, U_JG_AFRICAN_QAF,
                         U_JG_AFRICAN_FEH})) {
    return 6;
  }
  if (b_final) return 7;
  return 0;
}

}  // namespace

void find_kashida_sites(const ResolvedStyle& style, ShapedParagraph& p) {
  const std::u16string_view text = p.shaping();
  const auto n = static_cast<uint32_t>(text.size());
  p.kashida.assign(n, 0);
  // Which units start a cluster that HarfBuzz says may take a tatweel before it.
  std::vector<uint8_t> safe(n + 1, 0);
  std::vector<uint32_t> item_of(n, 0);
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const FontData& font = style.font_table[p.items[i].font_index]->data();
    if (font.tatweel_glyph == 0) continue;
    for (uint32_t u = p.items[i].start; u < p.items[i].end; ++u) item_of[u] = static_cast<uint32_t>(i + 1);
    // Where the font's flags say nothing, any cluster start may take one: a tatweel never
    // goes inside a cluster, so never inside a ligature the font forms.
    const unsigned wanted = font.tatweel_flags_informative ? HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL : 0;
    for (uint32_t g = p.item_glyphs[i]; g < p.item_glyphs[i + 1]; ++g) {
      if ((p.glyphs[g].flags & wanted) == wanted) safe[p.glyphs[g].cluster] = 1;
    }
  }
  const auto is_transparent = [&](uint32_t i) {
    return joining_type(text[i]) == U_JT_TRANSPARENT && text[i] != kZwnj;
  };
  // The next letter after i, skipping marks; n if none.
  const auto next_letter = [&](uint32_t i) {
    uint32_t j = i + 1;
    while (j < n && is_transparent(j)) ++j;
    return j;
  };

  uint32_t word_start = 0;
  while (word_start < n) {
    while (word_start < n && (p.flags[word_start] & kWhitespace)) ++word_start;
    uint32_t word_end = word_start;
    while (word_end < n && !(p.flags[word_end] & kWhitespace)) ++word_end;
    uint32_t best_unit = 0;
    uint8_t best = 0;
    for (uint32_t a = word_start; a < word_end; a = next_letter(a)) {
      if (is_transparent(a)) continue;
      const uint32_t b = next_letter(a);
      if (b >= word_end) break;
      // Both letters in one font that has a tatweel, joined to each other, no ZWNJ.
      if (item_of[a] == 0 || item_of[a] != item_of[b] || !safe[b]) continue;
      if (!joins_forward(joining_type(text[a])) || !joins_backward(joining_type(text[b]))) {
        continue;
      }
      if (joining_group(text[a]) == U_JG_LAM && joining_group(text[b]) == U_JG_ALEF) continue;
      const uint32_t c = next_letter(b);
      const bool b_final = c >= word_end || !joins_forward(joining_type(text[b])) ||
                           !joins_backward(joining_type(text[c]));
      const uint8_t priority =
          site_priority(text[a], text[b], b_final, c < word_end ? text[c] : 0);
      if (priority != 0 && (best == 0 || priority <= best)) {
        best = priority;
        best_unit = b;
      }
    }
    if (best != 0) p.kashida[best_unit] = best;
    word_start = word_end;
  }
}

}  // namespace satr::detail
