// Per-unit text properties other than line breaks: grapheme starts, whitespace and
// default-ignorables, found in one pass per paragraph.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace satr::detail {

/// Per-UTF-16-unit flags computed once per paragraph and read by later stages.
enum TextFlag : uint8_t {
  kGraphemeStart = 1 << 2,  ///< A grapheme cluster starts here (UAX #29).
  kWhitespace = 1 << 3,     ///< The unit is whitespace for L1 and line-end trimming.
  kIgnorable = 1 << 4,      ///< A Default_Ignorable_Code_Point starts at this unit.
};

/// Sets kGraphemeStart (UAX #29 extended grapheme clusters, from ICU's character
/// BreakIterator), kWhitespace and kIgnorable in `flags` (size text.size() + 1). Index
/// text.size() is marked as a grapheme start.
void find_graphemes_and_whitespace(std::u16string_view text, std::span<uint8_t> flags);

/// Decodes the code point at `i` (a lead surrogate and its trail form one).
inline char32_t code_point_at(std::u16string_view text, std::size_t i, std::size_t* length) {
  const char16_t c = text[i];
  if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.size() && text[i + 1] >= 0xDC00 &&
      text[i + 1] <= 0xDFFF) {
    *length = 2;
    return 0x10000 + ((static_cast<char32_t>(c) - 0xD800) << 10) + (text[i + 1] - 0xDC00);
  }
  *length = 1;
  return c;
}

}  // namespace satr::detail
