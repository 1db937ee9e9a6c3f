// The per-paragraph data that flows between the stages of layout_text.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "bidi/bidi.hpp"
#include "itemize/itemize.hpp"
#include "satr/font.hpp"
#include "satr/layout.hpp"
#include "shape/shaper.hpp"
#include "shape/word_shaper.hpp"

namespace satr::detail {

/// Everything shaping a paragraph produced, before it is cut into lines.
struct ShapedParagraph {
  std::u16string_view text;            ///< The paragraph's UTF-16 text (no separator).
  BidiLevels bidi;                     ///< Levels per unit, before L1.
  std::vector<uint8_t> flags;          ///< TextFlag bits per unit, size n + 1.
  std::vector<Item> items;             ///< Logical order.
  std::vector<uint32_t> item_glyphs;   ///< Item i's glyphs are [item_glyphs[i], item_glyphs[i+1]).
  std::vector<ShapedGlyph> glyphs;     ///< All items' glyphs, logical order.
  std::vector<double> prefix_width;    ///< px; prefix_width[i] = advance of units [0, i).
};

/// Working memory for building lines, reused from line to line so that the number of
/// allocations of a layout does not grow with its number of lines.
struct LineScratch {
  std::vector<uint8_t> levels;
  std::vector<ShapedGlyph> glyphs;
  std::vector<uint8_t> piece_levels;
  std::vector<int32_t> order;
  struct Piece {
    uint32_t start = 0;
    uint32_t end = 0;
    uint8_t level = 0;
    uint32_t item = 0;
    uint32_t glyph_begin = 0;
    uint32_t glyph_end = 0;
  };
  std::vector<Piece> pieces;
};

/// The inputs every stage of one layout_text call shares.
struct LayoutInputs {
  const FontCollection* fonts = nullptr;
  float font_size = 0;
  hb_language_t language = HB_LANGUAGE_INVALID;
  std::string_view icu_language;
  std::vector<hb_feature_t> features;
  uint64_t features_hash = 0;
  hb_buffer_t* buffer = nullptr;
  ShapeCache* shape_cache = nullptr;  ///< Null: shape every item whole.
  WordShaperScratch* scratch = nullptr;
  LineScratch* line_scratch = nullptr;
};

/// Bidi, text properties, itemization and shaping of one paragraph.
ShapedParagraph shape_paragraph(std::u16string_view text, Direction direction,
                                const LayoutInputs& inputs);

/// Builds the line [line_start, line_end) of `paragraph`: reshapes unsafe edges, applies
/// L1, orders runs visually (L2) and positions glyphs from x = 0 and baseline y = 0. The
/// runs and glyphs are appended to `out`; the returned Line refers to them. Byte offsets
/// come from `byte_of` (indexed by paragraph unit + `text_offset`).
Line build_line(const ShapedParagraph& paragraph, uint32_t line_start, uint32_t line_end,
                const LayoutInputs& inputs, const uint32_t* byte_of, uint32_t text_offset,
                Layout& out, float* trailing_whitespace_width);

}  // namespace satr::detail
