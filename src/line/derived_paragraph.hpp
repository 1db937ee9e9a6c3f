// A paragraph made from part of another with text inserted: tatweels inside words for
// kashida justification, an ellipsis at the end for truncation.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "line/build_line.hpp"

namespace satr::detail {

/// Text to insert before unit `before` of the source paragraph.
struct Insertion {
  uint32_t before = 0;
  std::u16string text;
  uint32_t byte = 0;       ///< Byte offset its glyphs report as their cluster.
  uint8_t level = 0;       ///< Bidi level of the inserted units.
  uint32_t style_from = 0; ///< Source unit whose style and colour the insertion takes.
};

/// The derived paragraph owns its text; `shaped` views it.
struct DerivedParagraph {
  std::u16string text;
  std::vector<uint32_t> byte_of;  ///< Per unit, plus the end.
  ShapedParagraph shaped;
};

/// Builds source units [start, end) with `insertions` (sorted by `before`, each in
/// [start, end]) and shapes the result. Levels, flags, styles and colours come from the
/// source, so bidi is not re-resolved on a fragment (which could change it).
void derive_paragraph(const ShapedParagraphView& source, uint32_t start, uint32_t end,
                      std::span<const Insertion> insertions, const uint32_t* byte_of,
                      const ResolvedStyle& style, LineWork& work, DerivedParagraph& out);

}  // namespace satr::detail
