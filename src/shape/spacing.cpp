#include "shape/spacing.hpp"

#include <unicode/utf16.h>

#include <cmath>
#include <cstdint>

namespace satr::detail {
namespace {

// CSS Text's word-separator characters.
bool is_word_separator(char32_t c) {
  return c == 0x0020 || c == 0x00A0 || c == 0x1361 || c == 0x10100 || c == 0x10101 ||
         c == 0x1039F || c == 0x1091F;
}

int32_t to_units(float px, float scale) {
  return static_cast<int32_t>(std::lround(static_cast<double>(px) / scale));
}

}  // namespace

bool takes_letter_spacing(hb_script_t script) {
  switch (script) {
    case HB_SCRIPT_ARABIC:
    case HB_SCRIPT_SYRIAC:
    case HB_SCRIPT_NKO:
    case HB_SCRIPT_MONGOLIAN:
    case HB_SCRIPT_MANDAIC:
    case HB_SCRIPT_MANICHAEAN:
    case HB_SCRIPT_PSALTER_PAHLAVI:
    case HB_SCRIPT_PHAGS_PA:
    case HB_SCRIPT_ADLAM:
    case HB_SCRIPT_HANIFI_ROHINGYA:
    case HB_SCRIPT_SOGDIAN:
      return false;
    default:
      return true;
  }
}

std::span<const hb_feature_t> shaping_features(const ShapingStyle& style, hb_script_t script,
                                               uint64_t& hash) {
  if (style.letter_spacing != 0 && takes_letter_spacing(script)) {
    hash = style.spaced_features_hash;
    return style.spaced_features;
  }
  hash = style.features_hash;
  return style.features;
}

void apply_spacing(std::u16string_view text, const ShapingStyle& style, hb_script_t script,
                   bool rtl, float scale, std::span<ShapedGlyph> glyphs) {
  if (!style.spaced() || glyphs.empty() || !(scale > 0)) return;
  const int32_t letter = takes_letter_spacing(script) ? to_units(style.letter_spacing, scale) : 0;
  const int32_t word = to_units(style.word_spacing, scale);
  if (letter == 0 && word == 0) return;
  for (std::size_t first = 0; first < glyphs.size();) {
    std::size_t end = first + 1;
    while (end < glyphs.size() && glyphs[end].cluster == glyphs[first].cluster) ++end;
    int32_t add = letter;
    if (word != 0) {
      const uint32_t unit = glyphs[first].cluster;
      char32_t c = 0;
      if (unit < text.size()) U16_GET(text.data(), 0, unit, text.size(), c);
      if (is_word_separator(c)) add += word;
    }
    // Negative spacing tightens a cluster to nothing at most: no advance runs backwards,
    // so lines keep a width >= 0 and glyphs their order.
    int64_t advance = 0;
    for (std::size_t k = first; k < end; ++k) advance += glyphs[k].advance;
    if (add < 0 && -add > advance) add = advance > 0 ? static_cast<int32_t>(-advance) : 0;
    // Drawn last: the logical last glyph left to right, the logical first right to left.
    glyphs[rtl ? first : end - 1].advance += add;
    first = end;
  }
}

}  // namespace satr::detail
