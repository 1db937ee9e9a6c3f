// Justification: tatweel insertion at kashida sites, and widening of inter-word spaces.
#pragma once

#include <cstdint>
#include <vector>

#include "line/build_line.hpp"

namespace satr::detail {

/// What justify_line did on this thread, for tests: `work` counts the units and items it
/// visited (the test that keeps justification linear in the paragraph counts rather than
/// times, so the machine's speed does not matter); `in_place` and `reshaped` count the
/// lines that got tatweels by insertion into the built line and by shaping it again;
/// `always_reshape` turns the insertion off, so that a test can compare the two.
struct JustifyProbe {
  uint64_t work = 0;
  uint64_t in_place = 0;
  uint64_t reshaped = 0;
  bool always_reshape = false;
};
extern thread_local JustifyProbe justify_probe;

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
