// UTF-8 helpers for the command's own readers (JSON strings, markup, span offsets).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace satr::cli {

/// Length of the well-formed UTF-8 sequence at the start of `s`, or 0 if it is ill-formed
/// (overlong forms, surrogates and values past U+10FFFF included) or `s` is empty.
std::size_t utf8_sequence_length(std::string_view s);

/// Length of the ill-formed sequence at the start of non-empty `s` that one U+FFFD stands
/// for: its "maximal subpart" (Unicode §3.9), as satr's own decoder counts it.
std::size_t utf8_maximal_subpart(std::string_view s);

/// Appends `code_point` (a scalar value) as UTF-8.
void append_utf8(std::string& out, char32_t code_point);

/// Marks the byte offsets of `text` at which a character starts, as the library decodes it
/// (each ill-formed subpart counts as one character), plus text.size(). Span offsets must
/// be one of these.
std::vector<bool> character_boundaries(std::string_view text);

}  // namespace satr::cli
