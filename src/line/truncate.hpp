// Truncation: the last visible line, cut to make room for an ellipsis.
#pragma once

#include <cstddef>
#include <cstdint>

#include "line/build_line.hpp"

namespace satr::detail {

/// Candidate cuts truncation has shaped on this thread, for the test that bounds them (a
/// count, not a time): at most kTruncationTries plus about log₂ of the candidates a line.
extern thread_local uint64_t truncation_shapings;
inline constexpr std::size_t kTruncationTries = 16;

/// Builds `span` of `p` as the last visible line: its text is cut, if need be,
/// so that it and the style's ellipsis fit the width, and the ellipsis is appended at the logical
/// end, at the paragraph's level (so in an RTL paragraph it sits at the visual left). Cuts
/// fall at break opportunities, else at grapheme boundaries that do not separate two
/// joined letters. Appends to `layout`.
Line build_truncated_line(const ShapedParagraphView& p, LineSpan span, const uint32_t* byte_of,
                          const ResolvedStyle& style, LineWork& work, Layout& layout,
                          float* trailing_whitespace);

}  // namespace satr::detail
