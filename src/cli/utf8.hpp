// UTF-8 helpers of the command's own readers (span offsets), over the library's decoder
// (satr/utf8.hpp), so that the command and layout_text agree on every byte.
#pragma once

#include <string_view>
#include <vector>

#include "satr/utf8.hpp"

namespace satr::cli {

/// Marks the byte offsets of `text` at which a character starts, as the library decodes it
/// (each ill-formed subpart counts as one character), plus text.size(). Span offsets must
/// be one of these.
std::vector<bool> character_boundaries(std::string_view text);

}  // namespace satr::cli
