// Kashida sites: where a tatweel may be inserted to justify a line, found once per
// paragraph while it is shaped (the safe-to-insert-tatweel flags come from HarfBuzz).
#pragma once

#include "shape/shaped_paragraph.hpp"

namespace satr::detail {

inline constexpr char16_t kTatweel = 0x0640;

/// Marks in p.kashida the one best place per word to insert tatweel, by the priorities of
/// Arabic typography (1 = best):
///   1 after a user-typed tatweel;  2 after an initial or medial Seen or Sad;
///   3 before a final Teh Marbuta, Heh or Dal;  4 before a final Alef, Tah, Lam, Kaf or Gaf;
///   5 before a medial Beh-like letter followed by Reh, Yeh or Alef Maksura;
///   6 before a final Waw, Ain, Qaf or Feh;  7 before the final form of any joining letter.
/// A site lies between two letters that join each other (the first joins forward), marks
/// skipped, never between Lam and Alef, never beside ZWNJ, and only where HarfBuzz flags
/// the following cluster safe-to-insert-tatweel. Ties go to the last site of the word.
void find_kashida_sites(const ResolvedStyle& style, ShapedParagraph& p);

}  // namespace satr::detail
