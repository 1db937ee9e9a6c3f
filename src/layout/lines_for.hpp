// Stages 7–8 behind one call: a paragraph's lines, copied from those kept with its cache
// entry when it breaks where it did before, else built (and kept).
#pragma once

#include <cstdint>

#include "layout/line_stack.hpp"
#include "layout/paragraph_for.hpp"

namespace satr::detail {

/// Where a paragraph sits in the text, for building its lines.
struct ParagraphPlace {
  uint32_t index = 0;            ///< Into Layout::paragraphs.
  const uint32_t* byte_of = nullptr;  ///< Byte offset per unit of the paragraph.
  uint32_t end_byte = 0;         ///< After its separator: where its last line's range ends.
  bool last_in_text = false;     ///< No paragraph follows (truncation needs to know).
};

/// Appends to `stack` the lines `scratch.line_spans` of `paragraph`: built (edges
/// reshaped, L1, L2, positions), then justified or truncated as the style says. A
/// paragraph from the cache whose kept lines have these spans has them copied instead;
/// one whose lines differ keeps the ones built now (on the second such layout in a row).
/// Sets out.truncated when max_lines cuts the text here.
void lines_for(const ParagraphHandle& paragraph, const ParagraphPlace& place,
               std::string_view text, const LayoutCaches& caches, LayoutScratch& scratch,
               LineStack& stack);

}  // namespace satr::detail
