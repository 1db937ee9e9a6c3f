// Per-character properties that the hot loops ask for, from a table for the first 2,048
// code points (Latin, Greek, Cyrillic, Hebrew, Arabic, Syriac…) and from ICU/HarfBuzz above.
#pragma once

#include <hb.h>
#include <unicode/uchar.h>

#include <cstdint>
#include <string_view>

namespace satr::detail {

enum CharFlag : uint8_t {
  kCharExtend = 1 << 0,      ///< Continues a grapheme (Grapheme_Cluster_Break Extend, SpacingMark).
  kCharComplexGrapheme = 1 << 1,  ///< Needs the full UAX #29 rules (CR, LF, Control, Prepend, ZWJ…).
  kCharWhiteSpace = 1 << 2,  ///< White_Space.
  kCharIgnorable = 1 << 3,   ///< Default_Ignorable_Code_Point.
  kCharOpenBracket = 1 << 4, ///< Bidi_Paired_Bracket_Type Open.
  kCharCloseBracket = 1 << 5,
  kCharMark = 1 << 6,        ///< General category Mn, Mc or Me.
};

struct CharInfo {
  hb_script_t script = HB_SCRIPT_COMMON;
  uint8_t flags = 0;
  uint8_t bidi_class = 0;     ///< UCharDirection.
  uint8_t joining_type = 0;   ///< UJoiningType.
  uint8_t joining_group = 0;  ///< UJoiningGroup.
};

inline constexpr char32_t kCharInfoTableSize = 0x800;

/// Builds the table (once; see char_info_table).
const CharInfo* build_char_info_table();

/// The table, built once from ICU and HarfBuzz on first use; immutable afterwards.
inline const CharInfo* char_info_table() {
  static const CharInfo* const table = build_char_info_table();
  return table;
}

/// Properties of any code point: the table below kCharInfoTableSize, a lookup above.
CharInfo char_info_slow(char32_t c);

inline CharInfo char_info(char32_t c) {
  return c < kCharInfoTableSize ? char_info_table()[c] : char_info_slow(c);
}

/// Arabic joining type (ICU UCHAR_JOINING_TYPE, ArabicShaping.txt) of a UTF-16 unit; a
/// lone surrogate half reads as transparent, which callers treat as "might join".
inline int joining_type(char16_t c) {
  if (c < kCharInfoTableSize) return char_info_table()[c].joining_type;
  if (c >= 0xD800 && c <= 0xDFFF) return U_JT_TRANSPARENT;
  return u_getIntPropertyValue(c, UCHAR_JOINING_TYPE);
}

/// Arabic joining group (ICU UCHAR_JOINING_GROUP: Beh, Seen, Alef…) of a UTF-16 unit.
inline int joining_group(char16_t c) {
  if (c < kCharInfoTableSize) return char_info_table()[c].joining_group;
  return u_getIntPropertyValue(c, UCHAR_JOINING_GROUP);
}

/// Whether a character of joining type `type` connects to the letter after it (dual,
/// left-joining or join-causing) or before it (dual, right-joining or join-causing).
inline bool joins_forward(int type) {
  return type == U_JT_DUAL_JOINING || type == U_JT_LEFT_JOINING || type == U_JT_JOIN_CAUSING;
}
inline bool joins_backward(int type) {
  return type == U_JT_DUAL_JOINING || type == U_JT_RIGHT_JOINING || type == U_JT_JOIN_CAUSING;
}

/// The letter a run of marks attaches to: the nearest unit at or before `i` whose joining
/// type is not transparent, stopping at `first` (returned even if it is a mark).
inline uint32_t base_at_or_before(std::u16string_view text, uint32_t first, uint32_t i) {
  while (i > first && joining_type(text[i]) == U_JT_TRANSPARENT) --i;
  return i;
}

}  // namespace satr::detail
