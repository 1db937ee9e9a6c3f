// Bidi resolution (UAX #9) through ICU's ubidi, plus the line-level rules L1 and L2.
#pragma once

#include <unicode/ubidi.h>

#include <cstdint>
#include <memory>
#include <string>
#include <span>
#include <string_view>
#include <vector>


namespace satr::detail {

/// The base direction asked for a paragraph (satr::Direction, as bidi sees it).
enum class BaseDirection {
  Auto,         ///< From the first strong character (P2–P3); LTR if there is none.
  LeftToRight,
  RightToLeft,
};

/// Embedding levels of one paragraph, one per UTF-16 code unit.
struct BidiLevels {
  uint8_t paragraph_level = 0;  ///< 0 or 1, after P2–P3 when the direction is Auto.
  std::vector<uint8_t> levels;  ///< Resolved levels (rules up to I2). L1 is the caller's,
                                ///< per line; ICU may already have applied it to the
                                ///< paragraph's separators and trailing whitespace.
};

/// Resolves the levels of `paragraph` (UTF-16, one paragraph, no separator inside except
/// in conformance tests). Corrects the cases where ICU 72 departs from UAX #9.
/// Throws Error(LimitExceeded) past 2^31 units, Error(Internal) if ICU fails.
BidiLevels resolve_bidi(std::u16string_view paragraph, BaseDirection direction);

/// ICU state kept between paragraphs so that resolving one does not allocate.
struct BidiScratch {
  struct Closer {
    void operator()(UBiDi* bidi) const noexcept;
  };
  std::unique_ptr<UBiDi, Closer> bidi;
  std::u16string storage;
};

/// The same as resolve_bidi, into `out`, reusing `scratch`.
void resolve_bidi(std::u16string_view paragraph, BaseDirection direction, BidiScratch& scratch,
                  BidiLevels& out);
/// The same into `levels`; returns the paragraph level.
uint8_t resolve_bidi(std::u16string_view paragraph, BaseDirection direction, BidiScratch& scratch,
                     std::vector<uint8_t>& levels);

/// UAX #9 L1 on one line: segment separators, paragraph separators, and any sequence of
/// whitespace and isolate formatting characters before them or at the end of the line get
/// `paragraph_level`. `line` is the line's text, `levels` its levels (modified in place).
void apply_rule_l1(std::u16string_view line, uint8_t paragraph_level,
                   std::span<uint8_t> levels);

/// UAX #9 L2: `visual_to_logical[i]` is the logical index shown at visual position i.
void reorder_visually(std::span<const uint8_t> levels,
                      std::span<int32_t> visual_to_logical);

/// True for characters that rule X9 removes (explicit embedding controls and BN).
bool is_removed_by_x9(char32_t code_point);

}  // namespace satr::detail
