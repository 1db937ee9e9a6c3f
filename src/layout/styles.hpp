// Resolving the paragraph style and styled spans into per-unit shaping styles and colours.
#pragma once

#include <span>
#include <string_view>

#include "layout/paragraph.hpp"
#include "text/utf8.hpp"

namespace satr::detail {

/// Fills inputs.font_table, styles, colors and (with spans) style_of / color_of.
/// Throws Error(InvalidArgument) for a span outside the text or off a character boundary,
/// a bad span size, an empty span font collection or unparsable span features.
void resolve_styles(std::string_view text, const DecodedText& decoded,
                    const FontCollection& fonts, const ParagraphStyle& style,
                    std::span<const StyledSpan> spans, LayoutInputs& inputs);

}  // namespace satr::detail
