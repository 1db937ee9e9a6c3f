// Splitting decoded text into paragraphs, and the character classes that end paragraphs
// and lines: the one definition of each, for the splitter, bidi's rule L1, carets and
// option checks.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "text/utf8.hpp"

namespace satr::detail {

/// True for characters of bidi class B, which end a paragraph (UAX #9 BD8, P1): LF, CR,
/// U+001C–U+001E, NEL (U+0085) and U+2029. CR LF counts as one separator.
constexpr bool is_paragraph_separator(char32_t c) {
  return c > 0x85 ? c == 0x2029 : (c == u'\n' || c == u'\r' || (c >= 0x1C && c <= 0x1E) || c == 0x85);
}

/// True for characters of line break classes BK, CR, LF and NL, after which a line must
/// end (UAX #14 LB4–LB6): U+000A–U+000D, NEL, U+2028 and U+2029.
constexpr bool is_mandatory_break(char32_t c) {
  return (c >= 0x0A && c <= 0x0D) || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/// One paragraph as UTF-16 indices: content [start, end), then its separator [end, next).
struct ParagraphSpan {
  uint32_t start = 0;
  uint32_t end = 0;
  uint32_t next = 0;
};

/// Splits at paragraph separators (is_paragraph_separator). A separator at the very end
/// does not open an empty last paragraph; empty text gives none.
std::vector<ParagraphSpan> split_paragraphs(std::u16string_view text);
/// The same into `out` (cleared first), reusing its storage.
void split_paragraphs(std::u16string_view text, std::vector<ParagraphSpan>& out);
/// The same for decoded text, skipping the scan when decoding saw no possible separator.
void split_paragraphs(const DecodedText& decoded, std::vector<ParagraphSpan>& out);

/// Length in bytes of the paragraph separator that ends the UTF-8 text `text` (0 if none):
/// 2 for CR LF, else the length of a final separator character.
uint32_t separator_length_at_end(std::string_view text);

}  // namespace satr::detail
