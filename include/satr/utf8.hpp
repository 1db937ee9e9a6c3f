// satr — UTF-8 as satr reads it, for callers that check or build text themselves.
//
// These are the rules layout_text decodes by (Unicode §3.9, Table 3-7): overlong forms,
// surrogates and values past U+10FFFF are ill-formed, and each maximal ill-formed subpart
// stands for one U+FFFD.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace satr {

/// Length (1–4) of the well-formed UTF-8 sequence at the start of `text`, or 0 if `text`
/// is empty or starts with an ill-formed sequence.
std::size_t utf8_sequence_length(std::string_view text);

/// Length of the ill-formed sequence at the start of non-empty `text` that one U+FFFD
/// replaces (its "maximal subpart"), or 0 if `text` is empty or starts well-formed.
std::size_t utf8_invalid_length(std::string_view text);

/// Byte offset of the first ill-formed sequence in `text`, or text.size() if there is none.
std::size_t find_invalid_utf8(std::string_view text);

/// Appends `code_point` (a Unicode scalar value: not a surrogate, at most U+10FFFF) as UTF-8.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace satr
