// Stage 9: lines stacked top to bottom as they are made, then aligned once the layout's
// width is known.
#pragma once

#include <cstdint>
#include <vector>

#include "satr/layout.hpp"

namespace satr::detail {

/// Appends finished lines to a Layout, each below the last.
class LineStack {
 public:
  /// `trailing_whitespace` (cleared) records each line's hanging whitespace for align().
  LineStack(Layout& out, std::vector<float>& trailing_whitespace, float line_height)
      : out_(out), trailing_whitespace_(trailing_whitespace), line_height_(line_height) {
    trailing_whitespace_.clear();
  }

  Layout& layout() { return out_; }

  /// Makes room for a paragraph of `items` items and `glyphs` glyphs broken into `lines`
  /// lines, grown geometrically, so that a layout's arrays are allocated a bounded number
  /// of times however long the text. Lines may add runs (levels, reshaped edges) and
  /// glyphs (reshaped edges, ellipsis, tatweels).
  void reserve(std::size_t items, std::size_t glyphs, std::size_t lines);

  /// Adds `line` of paragraph `paragraph`, whose trailing whitespace is `whitespace` px.
  void add(Line line, uint32_t paragraph, float whitespace);

  /// Sets the layout's width (the wrap width, or the widest line without its hanging
  /// whitespace) and height, and places every line: x by `align` (Start and Justify are
  /// the paragraph's start side; the last line of a justified paragraph stays there),
  /// glyphs moved onto the baseline.
  void align(const ParagraphStyle& style);

 private:
  Layout& out_;
  std::vector<float>& trailing_whitespace_;
  float line_height_;
  float y_ = 0;
};

}  // namespace satr::detail
