// Justification: kashida sites, tatweel insertion, and widening of inter-word spaces.
#pragma once

#include <cstdint>
#include <vector>

#include "layout/paragraph.hpp"

namespace satr::detail {

/// Marks in p.kashida the one best place per word to insert tatweel, by the priorities of
/// Arabic typography (1 = best):
///   1 after a user-typed tatweel;  2 after an initial or medial Seen or Sad;
///   3 before a final Teh Marbuta, Heh or Dal;  4 before a final Alef, Tah, Lam, Kaf or Gaf;
///   5 before a medial Beh-like letter followed by Reh, Yeh or Alef Maksura;
///   6 before a final Waw, Ain, Qaf or Feh;  7 before the final form of any joining letter.
/// A site lies between two letters that join each other (the first joins forward), marks
/// skipped, never between Lam and Alef, never beside ZWNJ, and only where HarfBuzz flags
/// the following cluster safe-to-insert-tatweel. Ties go to the last site of the word.
void find_kashida_sites(const LayoutInputs& inputs, ShapedParagraph& p);

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

/// Justifies `line` (built from units [start, end) of `p` into `layout`) to the style's
/// width by the style's method; returns the justified line (rebuilt, when tatweels were
/// inserted). `trailing_whitespace` is updated. Lines that cannot stretch (no space, no
/// kashida site) are returned as they are, to be aligned to the start.
Line justify_line(const ParagraphView& p, uint32_t start, uint32_t end,
                  const LayoutInputs& inputs, const uint32_t* byte_of, std::string_view text,
                  const ParagraphStyle& style, Layout& layout, Line line,
                  float& trailing_whitespace);

}  // namespace satr::detail
