// Stages 7–8 for one line: from shaped items to positioned runs in visual order.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "line/line_breaker.hpp"
#include "satr/layout.hpp"
#include "shape/shaped_paragraph.hpp"
#include "style/resolved_style.hpp"

namespace satr::detail {

/// Working memory for building lines, reused from line to line and layout to layout, so
/// that the number of allocations of a layout does not grow with its number of lines.
struct LineScratch {
  HbBuffer buffer{hb_buffer_create()};  ///< Reshaping line edges.
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
  /// Justification's, per line: the kashida sites, the order they are served in, and the
  /// line's glyphs rebuilt with tatweels inserted.
  struct KashidaSite {
    uint32_t unit = 0;      ///< The tatweels go before this unit…
    uint32_t letter = 0;    ///< …extending this letter (marks skipped).
    uint8_t priority = 0;   ///< 1 = best (see find_kashida_sites).
    uint32_t tatweels = 0;  ///< How many it gets.
    // Where they go in the built line, when inserted there (see justify.cpp).
    uint32_t run = 0;
    uint32_t glyph = 0;
    float advance = 0;
    hb_codepoint_t glyph_id = 0;
  };
  std::vector<KashidaSite> kashida_sites;
  std::vector<uint32_t> kashida_order;
  std::vector<Glyph> justified_glyphs;
  /// Runs of a Layout being laid out again, reused by emit_run: assigning a run the font
  /// it already holds leaves the font's shared reference count alone, which threads
  /// laying out at once would otherwise all write to. Empty between layouts.
  std::vector<Run> spare_runs;
};

/// What justification and truncation use besides the paragraph: they insert text
/// (tatweels, an ellipsis) and shape the result again.
struct LineWork {
  LineScratch& lines;
  ShapingScratch& shaping;
  WordCache* words;  ///< May be null: shape without the word cache.
};

/// Every member of a Run, given at once to emit_run.
struct RunFields {
  Range range;
  uint8_t level = 0;
  const Font* font = nullptr;
  float font_size = 0;
  std::optional<Color> color;
  uint32_t glyph_start = 0;
  uint32_t glyph_count = 0;
};

/// Appends a run with `fields` to `out`: the one place a Run is made, so that a recycled
/// run (from `spare`) never keeps a value of its earlier life. A Font copy writes its
/// shared reference count; a recycled run usually holds the font already, and is then
/// left alone.
inline Run& emit_run(Layout& out, std::vector<Run>& spare, const RunFields& fields) {
  if (!spare.empty()) {
    out.runs.push_back(std::move(spare.back()));
    spare.pop_back();
  } else {
    out.runs.emplace_back();
  }
  Run& run = out.runs.back();
  run.range = fields.range;
  run.level = fields.level;
  if (!(run.font == *fields.font)) run.font = *fields.font;
  run.font_size = fields.font_size;
  run.color = fields.color;
  run.glyph_start = fields.glyph_start;
  run.glyph_count = fields.glyph_count;
  return run;
}

/// Builds the line `span` of `paragraph`: reshapes unsafe edges, applies L1, orders runs
/// visually (L2) and positions glyphs from x = 0 and baseline y = 0. The runs and glyphs
/// are appended to `out`; the returned Line refers to them. Byte offsets come from
/// `byte_of`, indexed by paragraph unit. `trailing_whitespace_width` gets the advance of
/// the whitespace that ends the line (it hangs past the line's edge).
Line build_line(const ShapedParagraphView& paragraph, LineSpan span, const uint32_t* byte_of,
                const ResolvedStyle& style, LineScratch& scratch, Layout& out,
                float* trailing_whitespace_width);

}  // namespace satr::detail
