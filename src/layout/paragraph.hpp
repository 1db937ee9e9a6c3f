// The per-paragraph data that flows between the stages of layout_text.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bidi/bidi.hpp"
#include "itemize/itemize.hpp"
#include "layout/line_breaker.hpp"
#include "satr/font.hpp"
#include "satr/layout.hpp"
#include "shape/shaper.hpp"
#include "shape/word_shaper.hpp"

namespace satr::detail {

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
    uint16_t color = 0;
    bool in_paragraph = false;  ///< Glyphs index the paragraph's array, else `glyphs`.
    uint32_t glyph_begin = 0;
    uint32_t glyph_end = 0;
  };
  std::vector<Piece> pieces;
};

/// The inputs every stage of one layout_text call shares.
struct LayoutInputs {
  /// Every font any style may use. Pointers into the caller's FontCollections, which
  /// outlive the call: copying Font handles would touch their shared reference counts on
  /// every layout, which two threads laying out at once would contend for.
  std::vector<const Font*> font_table;
  std::vector<ShapingStyle> styles;        ///< [0] is the paragraph style.
  std::vector<std::optional<Color>> colors;  ///< [0] is "no colour".
  std::vector<uint16_t> style_of;          ///< Per UTF-16 unit of the whole text.
  std::vector<uint16_t> color_of;          ///< Per UTF-16 unit of the whole text.
  bool styled = false;                     ///< False: every unit has style 0, colour 0.
  Digits digits = Digits::Latin;
  bool kashida = false;                    ///< Find kashida sites (justifying with them).
  hb_language_t language = HB_LANGUAGE_INVALID;
  std::string_view icu_language;
  hb_buffer_t* buffer = nullptr;
  ShapeCache* shape_cache = nullptr;       ///< Null: shape every item whole.
  WordShaperScratch* scratch = nullptr;
  LineScratch* line_scratch = nullptr;
  ItemizeScratch* itemize_scratch = nullptr;
  BidiScratch* bidi_scratch = nullptr;     ///< Null: a fresh ICU object per paragraph.
  /// Runs taken from a Layout being laid out again, reused by build_line: assigning a
  /// run the font it already holds leaves the font's shared reference count alone, which
  /// threads laying out at once would otherwise all write to. May be null.
  std::vector<Run>* spare_runs = nullptr;

  float font_size(uint16_t style) const { return styles[style].font_size; }
};

/// What line building, justification and truncation read of a shaped paragraph. It views
/// either the workspace's ShapedParagraph (just shaped) or the paragraph cache's packed
/// copy of one, so that a cache hit is read where it lies, in one block. Members mean what
/// ShapedParagraph's of the same names mean.
struct ParagraphView {
  std::u16string_view text;         ///< The paragraph's UTF-16 text (no separator).
  std::u16string_view shaped_text;  ///< What HarfBuzz saw, if it differs; empty otherwise.
  struct {
    uint8_t paragraph_level = 0;
    std::span<const uint8_t> levels;
  } bidi;                           ///< As in BidiLevels.
  bool one_level = false;
  bool forced_break = false;  ///< As in ShapedParagraph.
  double widest_prefix = 0;   ///< As in ShapedParagraph.
  std::span<const uint8_t> flags;
  std::span<const uint16_t> style_of;
  std::span<const uint16_t> color_of;
  std::span<const Item> items;
  std::span<const uint32_t> item_glyphs;
  std::span<const ShapedGlyph> glyphs;
  std::span<const double> prefix_width;
  std::span<const uint8_t> kashida;

  std::u16string_view shaping() const { return shaped_text.empty() ? text : shaped_text; }
  uint16_t style_at(uint32_t unit) const { return style_of.empty() ? 0 : style_of[unit]; }
  uint16_t color_at(uint32_t unit) const { return color_of.empty() ? 0 : color_of[unit]; }
};

/// Everything shaping a paragraph produced, before it is cut into lines.
struct ShapedParagraph {
  std::u16string_view text;            ///< The paragraph's UTF-16 text (no separator).
  std::u16string shaped_text;          ///< What HarfBuzz saw, if it differs (digits,
                                       ///< inserted tatweels); empty otherwise.
  BidiLevels bidi;                     ///< Levels per unit, before L1.
  bool one_level = false;              ///< Every level is the paragraph level, so L1 and
                                       ///< L2 leave every line as it is.
  bool line_breaks_found = false;      ///< flags hold kBreakBefore and kMandatoryBefore.
  bool forced_break = false;           ///< A mandatory break lies inside the paragraph.
  double widest_prefix = 0;            ///< The largest prefix_width: the paragraph fits on
                                       ///< a line at least this wide (see fits_on_one_line).
  std::vector<uint8_t> flags;          ///< TextFlag bits per unit, size n + 1.
  std::vector<uint16_t> style_of;      ///< Shaping style per unit (empty: all 0).
  std::vector<uint16_t> color_of;      ///< Colour per unit (empty: all 0).
  std::vector<Item> items;             ///< Logical order.
  std::vector<uint32_t> item_glyphs;   ///< Item i's glyphs are [item_glyphs[i], item_glyphs[i+1]).
  std::vector<ShapedGlyph> glyphs;     ///< All items' glyphs, logical order.
  std::vector<double> prefix_width;    ///< px; prefix_width[i] = advance of units [0, i).
  std::vector<uint8_t> kashida;        ///< Per unit: priority (1 best … 7) of inserting a
                                       ///< tatweel before it; 0 = not a site. Only when
                                       ///< LayoutInputs::kashida.

  std::u16string_view shaping() const {
    return shaped_text.empty() ? text : std::u16string_view(shaped_text);
  }

  ParagraphView view() const {
    ParagraphView v;
    v.text = text;
    v.shaped_text = shaped_text;
    v.bidi.paragraph_level = bidi.paragraph_level;
    v.bidi.levels = bidi.levels;
    v.one_level = one_level;
    v.forced_break = forced_break;
    v.widest_prefix = widest_prefix;
    v.flags = flags;
    v.style_of = style_of;
    v.color_of = color_of;
    v.items = items;
    v.item_glyphs = item_glyphs;
    v.glyphs = glyphs;
    v.prefix_width = prefix_width;
    v.kashida = kashida;
    return v;
  }
};

/// When analyze_paragraph finds the line break opportunities: at once, or only once a
/// caller knows they matter (find_line_breaks_if_needed).
enum class LineBreakTiming { Now, WhenNeeded };

/// Bidi levels, text flags, styles and digit substitution of one paragraph of the text.
void analyze_paragraph(std::u16string_view text, uint32_t text_offset, Direction direction,
                       const LayoutInputs& inputs, ShapedParagraph& p,
                       LineBreakTiming line_breaks = LineBreakTiming::Now);

/// Finds the line break opportunities of a paragraph analyzed without them, unless the
/// paragraph lays out as one line whatever they are: no wrapping or all of it fits within
/// `max_width` (no prefix wider), no character that forces a break, and a greedy breaker
/// with nothing that reads them (truncation, justification). Returns whether they are
/// found (they may have been before).
bool find_line_breaks_if_needed(const LayoutInputs& inputs, const ParagraphStyle& style,
                                ShapedParagraph& p);

/// Finds them if not yet found (before a paragraph is stored for other widths).
void complete_line_breaks(const LayoutInputs& inputs, ShapedParagraph& p);

/// True if a paragraph whose widest prefix is `widest_prefix` px never needs a break to
/// stay within `max_width` (<= 0: no wrapping), as the breakers measure: with the tolerance.
inline bool no_prefix_past(double widest_prefix, double max_width) {
  return max_width <= 0 || widest_prefix <= max_width + kLineWidthTolerance;
}

/// True if the greedy breaker puts the whole paragraph on one line at `max_width` (<= 0:
/// no wrapping): no break is forced inside it and no prefix of it is wider than the line,
/// so no break opportunity can be past the width. Answers without reading the per-unit
/// arrays; the line is [0, n).
inline bool fits_on_one_line(const ParagraphView& p, double max_width) {
  return !p.forced_break && no_prefix_past(p.widest_prefix, max_width);
}

/// Itemization and shaping of an analyzed paragraph (text, levels, flags, styles set),
/// then the prefix widths and, when asked for, the kashida sites.
void shape_analyzed(const LayoutInputs& inputs, ShapedParagraph& p);

/// Appends a run to `out`: a spare one when there is one (see LayoutInputs::spare_runs),
/// whose old values the caller must all overwrite.
Run& append_run(const LayoutInputs& inputs, Layout& out);

/// Gives `run` the font `font`. A Font copy writes its shared reference count, one cache
/// line that every thread laying out with the font writes; a run reused from an earlier
/// layout usually holds the font already, and is then left alone.
inline void set_font(Run& run, const Font& font) {
  if (!(run.font == font)) run.font = font;
}

/// Builds the line [line_start, line_end) of `paragraph`: reshapes unsafe edges, applies
/// L1, orders runs visually (L2) and positions glyphs from x = 0 and baseline y = 0. The
/// runs and glyphs are appended to `out`; the returned Line refers to them. Byte offsets
/// come from `byte_of`, indexed by paragraph unit.
Line build_line(const ParagraphView& paragraph, uint32_t line_start, uint32_t line_end,
                const LayoutInputs& inputs, const uint32_t* byte_of, Layout& out,
                float* trailing_whitespace_width);

}  // namespace satr::detail
