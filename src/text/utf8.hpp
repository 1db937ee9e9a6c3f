// UTF-8 decoding into the UTF-16 copy that ICU and HarfBuzz read, with a map back to the
// caller's byte offsets; and splitting into paragraphs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace satr::detail {

/// The caller's text decoded once. Every later stage indexes UTF-16 code units of `utf16`;
/// `byte_of` turns such an index back into a byte offset of the caller's text.
struct DecodedText {
  std::u16string utf16;
  /// byte_of[i] is the byte offset of the code point that unit i belongs to; one extra
  /// entry at the end holds the length of the original text.
  std::vector<uint32_t> byte_of;
  /// False when no unit can separate paragraphs (no control character, U+0085 or
  /// U+2029): the text is one paragraph without a scan for separators.
  bool may_have_separators = true;
};

/// Decodes UTF-8. Ill-formed sequences become U+FFFD, one per maximal subpart (Unicode
/// §3.9, "U+FFFD substitution of maximal subparts"), each mapped to the offset of its
/// first byte. With `strict`, the first ill-formed byte throws Error(InvalidUtf8) with its
/// offset instead. Throws Error(LimitExceeded) above kMaxTextBytes.
DecodedText decode_utf8(std::string_view text, bool strict);
/// The same into `out`, reusing its storage.
void decode_utf8(std::string_view text, bool strict, DecodedText& out);

/// One paragraph as UTF-16 indices: content [start, end), then its separator [end, next).
struct ParagraphSpan {
  uint32_t start = 0;
  uint32_t end = 0;
  uint32_t next = 0;
};

/// Splits at characters of bidi class B (LF, CR, CRLF as one, U+001C–U+001E, NEL, U+2029).
/// A separator at the very end does not open an empty last paragraph; empty text gives none.
std::vector<ParagraphSpan> split_paragraphs(std::u16string_view text);
/// The same into `out` (cleared first), reusing its storage.
void split_paragraphs(std::u16string_view text, std::vector<ParagraphSpan>& out);
/// The same for decoded text, skipping the scan when decoding saw no possible separator.
void split_paragraphs(const DecodedText& decoded, std::vector<ParagraphSpan>& out);

}  // namespace satr::detail
