// satr — editing geometry on a finished layout: hit testing, carets, visual cursor movement
// and selection rectangles.
//
// Every function here reads a Layout and the UTF-8 text it was laid out from; nothing is
// shaped or reordered again. Positions in the text are byte offsets into that text; x, y,
// widths and heights are px in layout coordinates (origin at the top left of the layout box,
// y growing downward), the same coordinates as Glyph::x and Line::top.
//
// Caret stops. A caret can sit only between two grapheme clusters (UAX #29 extended
// grapheme clusters, the boundaries the layout itself breaks lines at), never between a
// letter and its marks. Each stop belongs to exactly one line:
//   - a line's stops are the grapheme boundaries b with line.range.start <= b < end, where
//     end is the line's range end without the paragraph separator;
//   - the last line of a paragraph (and the last line of the layout) also has the stop at
//     that end, after its last character and before the separator.
// So the offset where a wrapped line ends is a stop of the next line (its start), as in
// Pango. The offset after a final paragraph separator ("abc\n" has offset 4) and, in a
// truncated layout, offsets in the cut text have no line of their own: they are accepted
// and treated as the end of the last line.
//
// Inside a glyph cluster that draws several graphemes (a lam-alef ligature is one glyph
// for two letters), the cluster's advance is divided evenly among its graphemes, in the
// direction of its run.
//
// Errors: an offset past the end of the text, or inside a UTF-8 sequence, throws
// Error(ErrorCode::InvalidArgument) with that offset as Error::byte_offset(). An offset on
// a code point boundary inside a grapheme cluster (between a letter and its mark) is not an
// error: it is treated as the start of that grapheme. A text that cannot be the one the
// layout was made from (shorter than the layout, or non-empty for an empty layout) throws
// Error(ErrorCode::InvalidArgument) without an offset.
//
// Thread safety: the functions only read their arguments; any number of threads may call
// them at once on the same Layout and text. Each call costs O(length of the lines it
// touches) plus O(log lines): it reads the line's text and glyphs afresh. An editor that
// moves a caret or follows a pointer over one layout keeps a CaretIndex instead, which
// reads each line once and answers the same calls in O(log n) after that.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "satr/layout.hpp"
#include "satr/range.hpp"

namespace satr {

/// Where a point falls in a layout: the result of hit_test().
struct HitTestResult {
  /// Byte offset of the caret stop for the point: `grapheme.end` if `trailing`, else
  /// `grapheme.start`. One exception: on a line that ends where the next line starts (a
  /// wrapped line), that end is a stop of the next line, so a point on the trailing half of
  /// the line's last character (usually its trailing space) gives `grapheme.start` and the
  /// caret stays on the line that was clicked.
  uint32_t offset = 0;
  /// Byte range of the grapheme cluster the point falls on, after clamping the point into
  /// the line (see hit_test()). Empty, at the line's start, on a line without characters.
  Range grapheme;
  /// False if the point is on the leading half of `grapheme`, true if on its trailing half.
  /// Leading and trailing follow the direction of the grapheme's run: the leading half of
  /// a left-to-right grapheme is its left half, of a right-to-left grapheme its right half.
  /// This is Pango's `trailing` of pango_layout_xy_to_index(), as a flag.
  bool trailing = false;
  /// True if the point is inside the line box vertically and between the left and right
  /// edges of the line's text horizontally; false if it was clamped, and on a line without
  /// characters (an empty paragraph).
  bool inside = false;
  /// Index into Layout::lines of the line the point was resolved to.
  uint32_t line = 0;
};

/// One caret: a vertical bar of the line box's height.
struct CaretPosition {
  float x = 0;       ///< px, layout coordinates.
  float top = 0;     ///< px: Line::top of the caret's line.
  float bottom = 0;  ///< px: Line::top + Line::height.
  /// Bidi level of the text the caret is attached to (the character whose edge it marks);
  /// at a line edge with no character on that side, the paragraph's base level.
  uint8_t level = 0;

  /// True if the caret belongs to right-to-left text (its level is odd). Editors often draw
  /// a small flag on the caret's side pointing in this direction.
  bool is_rtl() const { return (level & 1) != 0; }
};

/// The caret or carets of one offset: the result of caret().
///
/// Between two characters of the same bidi level, the trailing edge of the one before and
/// the leading edge of the one after coincide: there is one caret. At a direction
/// boundary (the two have different levels, such as an Arabic word next to an English word
/// or a number) the edges are apart, and an editor should show both, as Pango's strong
/// and weak cursors. The edges are always apart when one side is right-to-left and the
/// other left-to-right, unless only zero-width characters (bidi marks) lie between them;
/// two levels of one direction (a Latin letter followed by Arabic-Indic digits, levels 0
/// and 2) may also meet at one place. Edges at one place give one caret.
///
/// At the start or end of a line, the missing neighbour counts as text of the paragraph's
/// base level at the line's start or end edge (the right edge for a right-to-left
/// paragraph's start); so an offset at the start of a line that begins with text against
/// the paragraph direction also has two carets.
///
/// The primary caret is where a character of the paragraph's direction typed at the offset
/// would appear (Pango's strong cursor): at the trailing edge of the character before the
/// offset if that character's direction is the paragraph's, else at the leading edge of
/// the character after it. The secondary caret, if any, is at the other of the two edges.
struct Caret {
  /// The caret stop the carets belong to: the offset passed in, or the start of the
  /// grapheme it was inside, or the end of the last line for an offset past it.
  uint32_t offset = 0;
  uint32_t line = 0;  ///< Index into Layout::lines.
  CaretPosition primary;
  /// Set exactly when the two edges are at different places on screen (see above).
  std::optional<CaretPosition> secondary;
};

/// One rectangle of a selection: the result of selection_rects().
struct SelectionRect {
  float x = 0;        ///< Left edge, px.
  float y = 0;        ///< Top, px: Line::top.
  float width = 0;    ///< px, > 0.
  float height = 0;   ///< px: Line::height.
  uint32_t line = 0;  ///< Index into Layout::lines.
  uint8_t level = 0;  ///< Bidi level of the selected text the rectangle covers.

  bool is_rtl() const { return (level & 1) != 0; }
};

/// The caret stop nearest to the point (x, y) in px, and the grapheme cluster the point falls
/// on. The line is the one whose box [top, top + height) contains y; a point above the
/// first line uses the first line, one below the last line the last line. Inside the line,
/// x is clamped to the left and right edges of the line's text (trailing whitespace
/// included), so a point left of a line falls on its leftmost grapheme and a point right of
/// it on its rightmost. A point exactly in the middle of a grapheme counts as leading.
/// The returned offset's caret() has the primary or the secondary caret at the grapheme's
/// edge nearest the point (except for the wrapped-line case described in
/// HitTestResult::offset).
///
/// An empty layout (empty text) gives offset 0, line 0 and `inside` false. Throws
/// Error(InvalidArgument) if `text` cannot be the laid-out text.
[[nodiscard]] HitTestResult hit_test(const Layout& layout, std::string_view text, float x, float y);

/// The caret or carets for the byte offset `offset` of `text`: see Caret for which is
/// primary and when there is a secondary one. Offsets inside a grapheme cluster are moved
/// to its start; offsets after the last line's end are treated as that end (see the file
/// comment). An empty layout gives one caret at x 0 with zero height.
///
/// Throws Error(InvalidArgument, offset) for an offset past the end of `text` or inside a
/// UTF-8 sequence, and Error(InvalidArgument) if `text` cannot be the laid-out text.
[[nodiscard]] Caret caret(const Layout& layout, std::string_view text, uint32_t offset);

/// The caret stop one grapheme to the left (`direction` -1) or right (+1) on screen of
/// `offset`, following the primary carets: stops of a line are visited in the left-to-right
/// order of their primary carets, so inside a right-to-left run moving right goes to the
/// logically previous grapheme, and at a direction boundary the caret crosses to the other
/// run as it appears on screen. Walking a line from its leftmost stop to its rightmost
/// visits each of its stops exactly once.
///
/// Past the visual end of a line the caret goes to the adjacent line: moving toward the end
/// edge of the paragraph direction (right in a left-to-right paragraph, left in a
/// right-to-left one) goes to the next line's first stop (its start), moving toward the
/// start edge goes to the previous line's last stop in logical order. At the text's first
/// or last line with nowhere to go, `offset` is returned unchanged.
///
/// Throws Error(InvalidArgument) if `direction` is not -1 or +1, and as caret() for a bad
/// offset or text.
[[nodiscard]] uint32_t move_visually(const Layout& layout, std::string_view text, uint32_t offset,
                                     int direction);

/// Rectangles covering the graphemes of the logical byte range [start, end) of `text`
/// (the order of start and end does not matter). On each line the selected graphemes are
/// grouped into maximal runs that are adjacent on screen and of one bidi level; each group
/// gives one rectangle as tall as the line box. A range inside one direction gives one
/// rectangle per line; a range that crosses direction changes gives one per visual piece,
/// which need not be adjacent. Rectangles are ordered by line, then left to right. Their
/// widths sum to the advances of the selected glyphs (a selected part of a ligature counts
/// its share of the advance). Paragraph separators and empty lines give no rectangle.
///
/// Offsets are validated and adjusted as for caret().
[[nodiscard]] std::vector<SelectionRect> selection_rects(const Layout& layout,
                                                         std::string_view text, uint32_t start,
                                                         uint32_t end);

/// The four functions above over one layout, with what each line needs (its grapheme
/// boundaries, its slots in visual order, the visual order of its stops) built on the first
/// call that touches the line and kept. After that, caret(), hit_test() and move_visually()
/// cost O(log n) for a line of n graphemes, and selection_rects() O(log n + k log k) for k
/// selected graphemes per line; the results are those of the free functions.
///
/// Holds references to `layout` and `text`: both must outlive the index and stay unchanged.
/// A call may build a line's data, so one index is used by one thread at a time (give each
/// thread its own). Memory: a few tens of bytes per grapheme of the lines touched.
class CaretIndex {
 public:
  /// Throws Error(InvalidArgument) if `text` cannot be the laid-out text, as the functions do.
  CaretIndex(const Layout& layout, std::string_view text);
  ~CaretIndex();
  CaretIndex(CaretIndex&&) noexcept;
  CaretIndex& operator=(CaretIndex&&) noexcept;

  [[nodiscard]] HitTestResult hit_test(float x, float y);
  [[nodiscard]] Caret caret(uint32_t offset);
  [[nodiscard]] uint32_t move_visually(uint32_t offset, int direction);
  [[nodiscard]] std::vector<SelectionRect> selection_rects(uint32_t start, uint32_t end);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace satr
