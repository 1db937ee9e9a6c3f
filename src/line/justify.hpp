// Justification: tatweel insertion at kashida sites, and widening of inter-word spaces.
#pragma once

#include <cstdint>
#include <vector>

#include "line/build_line.hpp"

namespace satr::detail {

/// Units and items justify_line has visited on this thread, for the test that keeps
/// justification linear in the paragraph (a count, so the machine's speed does not matter).
extern thread_local uint64_t justify_work;

/// How many tatweels to insert at each site of a line: sites are served in rounds, best
/// priority first, one tatweel per site per round, until `count` are placed.
/// `sites` holds (unit, priority) pairs in logical order; returns one count per site.
std::vector<uint32_t> distribute_kashidas(const std::vector<std::pair<uint32_t, uint8_t>>& sites,
                                          uint32_t count);

/// Widens the inter-word spaces of `line` (spaces before its trailing whitespace) so that
/// the line grows by `extra` px, shifting the glyphs after each. Returns the number of
/// spaces widened (0: nothing changed). `text` is the caller's UTF-8 text.
uint32_t widen_spaces(std::string_view text, Layout& layout, const Line& line,
                      uint32_t content_end_byte, float extra);

/// Adds `extra` px (may be negative: the strokes then overlap) spread evenly over the
/// tatweel glyphs of `line`, shifting the glyphs after each. Returns how many it changed.
uint32_t stretch_tatweels(Layout& layout, const Line& line, float extra);

/// Justifies `line` (built from `span` of `p` into `layout`) to the style's
/// width by the style's method; returns the justified line (rebuilt, when tatweels were
/// inserted). `trailing_whitespace` is updated. Lines that cannot stretch (no space, no
/// kashida site) are returned as they are, to be aligned to the start.
Line justify_line(const ShapedParagraphView& p, LineSpan span, const uint32_t* byte_of,
                  std::string_view text, const ResolvedStyle& style, LineWork& work,
                  Layout& layout, Line line, float& trailing_whitespace);

}  // namespace satr::detail
