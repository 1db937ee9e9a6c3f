// Line break opportunities (UAX #14) through ICU's line BreakIterator.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace satr::detail {

/// Line break opportunities, one byte per UTF-16 unit: a stage output of its own, found
/// only for paragraphs that can use them.
enum BreakFlag : uint8_t {
  kBreakBefore = 1 << 0,      ///< A line may break before this unit (UAX #14).
  kMandatoryBefore = 1 << 1,  ///< A line must break before this unit (UAX #14 BK/CR/LF/NL).
};

/// Sets the BreakFlag bits of `breaks` (size text.size() + 1, else Error(InvalidArgument);
/// index i means "before unit i", index text.size() is the end of text; other bits are
/// kept) to the opportunities of ICU's line BreakIterator for `language`
/// (BCP 47, may be empty), corrected where ICU 72 departs from UAX #14. No break is
/// reported at index 0.
void find_line_breaks(std::u16string_view text, std::string_view language,
                      std::span<uint8_t> breaks);

}  // namespace satr::detail
