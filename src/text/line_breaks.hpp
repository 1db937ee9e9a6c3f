// Line break opportunities (UAX #14) through ICU's line BreakIterator.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace satr::detail {

/// Per-UTF-16-unit flags computed once per paragraph and read by later stages.
enum TextFlag : uint8_t {
  kBreakBefore = 1 << 0,      ///< A line may break before this unit (UAX #14).
  kMandatoryBefore = 1 << 1,  ///< A line must break before this unit (UAX #14 BK/CR/LF/NL).
  kGraphemeStart = 1 << 2,    ///< A grapheme cluster starts here (UAX #29).
  kWhitespace = 1 << 3,       ///< The unit is whitespace for L1 and line-end trimming.
  kIgnorable = 1 << 4,        ///< A Default_Ignorable_Code_Point starts at this unit.
};

/// Sets kBreakBefore and kMandatoryBefore in `flags` (size text.size() + 1; index i means
/// "before unit i", index text.size() is the end of text) from ICU's line BreakIterator
/// for `language` (BCP 47, may be empty), corrected where ICU 72 departs from UAX #14.
/// No break is reported at index 0.
void find_line_breaks(std::u16string_view text, std::string_view language,
                      std::span<uint8_t> flags);

}  // namespace satr::detail
