// Itemization: cutting a paragraph into runs that HarfBuzz can shape in one call.
#pragma once

#include <hb.h>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "satr/font.hpp"
#include "style/resolved_style.hpp"

namespace satr::detail {

/// A maximal run of equal bidi level, script, font and shaping style. Indices are UTF-16
/// units of the paragraph, [start, end).
struct Item {
  uint32_t start = 0;
  uint32_t end = 0;
  uint8_t level = 0;
  hb_script_t script = HB_SCRIPT_COMMON;
  uint32_t font_index = 0;  ///< Index into the layout's font table.
  uint16_t style = 0;       ///< Index into the layout's shaping styles.
};

/// The fonts a unit may use: for each shaping style, its fallback chain as indices into a
/// font table shared by all styles of one layout.
struct FontChoice {
  std::span<const Font* const> font_table;
  std::span<const ShapingStyle> styles;           ///< styles[s].chain = font table indices.
  std::span<const uint16_t> style_of;             ///< Per unit; empty = all style 0.

  uint16_t style_at(std::size_t unit) const { return style_of.empty() ? 0 : style_of[unit]; }
};

/// Resolves the script of every unit: Common and Inherited characters take the script of
/// their context (the preceding real script, or the following one at the paragraph start),
/// and a closing bracket takes the script of its opening bracket (UAX #24 §5.2).
void resolve_scripts(std::u16string_view text, std::span<hb_script_t> scripts);

/// Chooses a font per grapheme cluster: the first font of the cluster's chain that covers
/// every character of the cluster (default-ignorable characters count as covered). A
/// cluster of only Common/Inherited characters keeps the preceding cluster's font when that
/// font is in its chain and covers it, so punctuation, digits and spaces do not split runs
/// needlessly. `flags` carries kGraphemeStart; `fonts_out` gets a font table index per unit.
void choose_fonts(std::u16string_view text, std::span<const uint8_t> flags,
                  const FontChoice& choice, std::span<uint32_t> fonts_out);

/// Per-unit working arrays of itemize, kept between calls.
struct ItemizeScratch {
  std::vector<hb_script_t> scripts;
  std::vector<uint32_t> font_of;
};

/// Cuts the paragraph into items wherever level, script, font or shaping style changes.
void itemize(std::u16string_view text, std::span<const uint8_t> levels,
             std::span<const uint8_t> flags, const FontChoice& choice, ItemizeScratch& scratch,
             std::vector<Item>& out);

}  // namespace satr::detail
