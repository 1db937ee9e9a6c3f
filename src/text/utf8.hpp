// UTF-8 decoding into the UTF-16 copy that ICU and HarfBuzz read, with a map back to the
// caller's byte offsets. The one UTF-8 validator of satr: the public checks in
// satr/utf8.hpp, the serializer and the command line use it too.
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

/// Decodes the sequence at text[i] (i < text.size()). Returns its length and sets
/// `code_point` if it is well formed; else returns 0 and sets `bad_length` to the length of
/// its maximal ill-formed subpart.
int decode_sequence(std::string_view text, std::size_t i, char32_t& code_point, int& bad_length);

/// Length of the well-formed sequence at the start of `text`, 0 if ill-formed or empty
/// (satr::utf8_sequence_length).
inline std::size_t well_formed_length(std::string_view text) {
  if (text.empty()) return 0;
  char32_t code_point = 0;
  int bad_length = 0;
  return static_cast<std::size_t>(decode_sequence(text, 0, code_point, bad_length));
}

/// Offset of the first ill-formed sequence, or text.size() (satr::find_invalid_utf8).
std::size_t first_invalid_byte(std::string_view text);

}  // namespace satr::detail
