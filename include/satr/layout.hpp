// satr — paragraph layout: the result types and the function that produces them.
//
// Bounds: layout_text's work and memory are bounded by the limits of satr/limits.hpp —
// text bytes (kMaxTextBytes), spans (kMaxSpans), font sizes (kMinFontSize, kMaxFontSize),
// letter and word spacing (kMaxSpacing),
// tatweels per kashida site and per line (kMaxTatweelsPerSite, kMaxTatweelsPerLine) and the
// total-fit breaker's window (kMaxLineBreakCandidates) — each checked in one place. Past a
// size or count limit it throws Error(LimitExceeded) (a size below kMinFontSize:
// InvalidArgument); past the tatweel caps the spaces take the rest of a line's gap, and past
// the breaker's window longer lines are not considered. Rendering adds the image
// limits (kMaxImageDimension, kMaxImagePixels) and kMaxGlyphBitmapPixels. The README's
// "Bounds" section has the table.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "satr/color.hpp"
#include "satr/font.hpp"
#include "satr/limits.hpp"
#include "satr/range.hpp"

namespace satr {

class Context;

/// Base direction of each paragraph.
enum class Direction {
  Auto,         ///< From the first strong character (UAX #9 P2–P3); LTR if there is none.
  LeftToRight,
  RightToLeft,
};

/// Horizontal alignment of each line inside the layout width.
enum class Align {
  Start,  ///< Left in LTR paragraphs, right in RTL paragraphs.
  End,    ///< Right in LTR paragraphs, left in RTL paragraphs.
  Left,
  Right,
  Center,
  /// Both edges flush with the width, by the ParagraphStyle::justify method. The last line
  /// of a paragraph and a line ending in a mandatory break are aligned to the start.
  Justify,
};

/// How Align::Justify stretches a line.
enum class Justify {
  /// Kashida (tatweel elongation) first, at most a few per word, then spaces for the rest.
  Auto,
  /// Only kashida: tatweels inserted before shaping at the places Arabic typography
  /// prefers, up to kMaxTatweelsPerSite a site and kMaxTatweelsPerLine a line; lines
  /// without a place for one, or past the caps, fall back to spaces.
  Kashida,
  /// Only inter-word spaces; never gaps inside words.
  Spaces,
};

/// How lines are chosen.
enum class Breaker {
  Greedy,   ///< First fit: each line takes as much as fits.
  Optimal,  ///< Total fit (Knuth–Plass style): least sum of squared slack over the paragraph.
};

/// Which digit shapes ASCII digits are drawn with. Bidi still sees the ASCII digits, and
/// byte offsets still point at them.
enum class Digits {
  Latin,        ///< 0123456789 as typed.
  ArabicIndic,  ///< U+0660…U+0669.
  Persian,      ///< Extended Arabic-Indic, U+06F0…U+06F9.
};


/// How to lay out a text. All lengths are in pixels.
struct ParagraphStyle {
  float font_size = 32.0f;         ///< px per em; in (0, kMaxFontSize].
  float width = 0.0f;              ///< Wrap width in px; 0 means no wrapping.
  Align align = Align::Start;
  Direction direction = Direction::Auto;
  std::string features;            ///< HarfBuzz feature syntax, comma separated: "liga=0,+ss01".
  std::string language;            ///< BCP 47 tag ("ar", "fa"); empty = unspecified.
  float line_height = 1.0f;        ///< Factor applied to each line's ascent + descent.
  bool strict_utf8 = false;        ///< Throw Error(InvalidUtf8) instead of using U+FFFD.
  Justify justify = Justify::Auto; ///< Used when align is Align::Justify.
  Breaker breaker = Breaker::Greedy;
  Digits digits = Digits::Latin;
  uint32_t max_lines = 0;          ///< 0 = no limit; else truncate with `ellipsis`.
  std::string ellipsis = "\u2026"; ///< Appended at the logical end of the last kept line.
  /// px added after each cluster (CSS letter-spacing; negative tightens, down to no
  /// advance at most), in [-kMaxSpacing, kMaxSpacing], rounded to the font's units. Not applied inside cursive scripts (Arabic, Syriac, N'Ko,
  /// Mongolian and the other joining scripts), where it would break the joins; where it
  /// applies, optional ligatures are turned off so that each letter is spaced.
  float letter_spacing = 0.0f;
  /// px added to each word separator (CSS word-spacing: U+0020, U+00A0 and the few
  /// others), in every script, before justification stretches the spaces further.
  float word_spacing = 0.0f;
};

/// Styling for a range of the text. Unset members inherit the paragraph's. A colour change
/// never splits shaping; a size, font or feature change does, and joining forms are kept
/// across it because each piece is shaped with its neighbours as context.
struct SpanStyle {
  std::optional<Color> color;           ///< Drawn colour; unset = the render foreground.
  std::optional<float> font_size;       ///< px per em.
  std::optional<FontCollection> fonts;  ///< Fallback chain for the range.
  std::string features;                 ///< Added after the paragraph's features.
  std::optional<float> letter_spacing;  ///< px; see ParagraphStyle::letter_spacing.
  std::optional<float> word_spacing;    ///< px; see ParagraphStyle::word_spacing.
};

/// A styled byte range of the text, [range.start, range.end). Later spans override
/// earlier ones where they overlap.
struct StyledSpan {
  Range range;
  SpanStyle style;
};

/// One positioned glyph.
struct Glyph {
  uint32_t id = 0;       ///< Glyph index in the run's font.
  uint32_t cluster = 0;  ///< Byte offset of the first character of the glyph's cluster.
  float x = 0;           ///< Glyph origin, px, layout coordinates (offsets applied).
  float y = 0;           ///< Glyph origin, px; y grows downward.
  float advance = 0;     ///< Horizontal advance, px.
};

/// A maximal sequence of glyphs with one font and one bidi level, inside one line.
struct Run {
  Range range;               ///< Logical byte range of the characters drawn by this run.
  uint8_t level = 0;         ///< Bidi embedding level; odd = right to left.
  Font font;
  float font_size = 0;       ///< px per em.
  std::optional<Color> color;  ///< From a StyledSpan; unset = the render foreground.
  uint32_t glyph_start = 0;  ///< The run's glyphs are Layout::glyphs[glyph_start, +glyph_count),
  uint32_t glyph_count = 0;  ///< in visual order, left to right.

  bool is_rtl() const { return (level & 1) != 0; }
};

/// How justification stretched a line. All zero on a line it did not stretch: a
/// paragraph's last line, a line ended by a forced break, a line already at the width, and
/// every line when the paragraph is not justified.
struct LineJustification {
  /// Kashida sites the line offered in a font with a usable tatweel (ParagraphStyle::justify
  /// Auto or Kashida). 0 on a stretched line: its font has no tatweel satr can draw
  /// (Nastaliq fonts, Latin fonts) or its words allow none.
  uint32_t kashida_sites = 0;
  uint32_t tatweels = 0;    ///< Tatweels inserted.
  uint32_t spaces = 0;      ///< Inter-word spaces widened.
  float kashida_px = 0;     ///< px the inserted tatweels add (a negative part is overlap).
  float space_px = 0;       ///< px added to the inter-word spaces, all of them together.

  /// True when there is nothing to report: no site offered, nothing inserted or widened.
  bool empty() const { return kashida_sites == 0 && tatweels == 0 && spaces == 0; }
};

/// One line of a paragraph.
struct Line {
  Range range;            ///< Logical byte range, including trailing whitespace and, on a
                          ///< paragraph's last line, its separator.
  uint32_t paragraph = 0; ///< Index into Layout::paragraphs.
  float x = 0;            ///< Left edge of the line's content, px.
  float baseline = 0;     ///< Baseline y, px.
  float width = 0;        ///< Advance width of the content, trailing whitespace included.
  float ascent = 0;       ///< px above the baseline (positive).
  float descent = 0;      ///< px below the baseline (positive).
  float top = 0;          ///< y of the top of the line box (line height applied).
  float height = 0;       ///< Height of the line box.
  uint32_t run_start = 0; ///< The line's runs are Layout::runs[run_start, +run_count),
  uint32_t run_count = 0; ///< in visual order, left to right.
  LineJustification justification;  ///< How the line was stretched to the width.
};

/// One paragraph of the input.
struct ParagraphInfo {
  Range range;             ///< Byte range, separator included.
  uint8_t base_level = 0;  ///< 0 = left to right, 1 = right to left.
};

/// The result of layout_text: lines stacked top to bottom, positions in px, origin at the
/// top left of the layout box.
///
/// Lines, runs and glyphs are stored in three flat arrays that refer to each other by index
/// range, so a layout costs a constant number of allocations however long the text. Walk it
/// with runs_of() and glyphs_of():
///
///     for (const Line& line : layout.lines)
///       for (const Run& run : layout.runs_of(line))
///         for (const Glyph& glyph : layout.glyphs_of(run)) ...
struct Layout {
  float width = 0;   ///< The wrap width, or the widest line when not wrapping.
  float height = 0;  ///< Sum of the line heights.
  /// True if ParagraphStyle::max_lines cut the text: the last line then ends with the
  /// ellipsis, whose glyphs have as cluster the byte offset where the text was cut.
  bool truncated = false;
  std::vector<ParagraphInfo> paragraphs;
  std::vector<Line> lines;
  std::vector<Run> runs;
  std::vector<Glyph> glyphs;

  std::span<const Run> runs_of(const Line& line) const {
    return {runs.data() + line.run_start, line.run_count};
  }
  std::span<const Glyph> glyphs_of(const Run& run) const {
    return {glyphs.data() + run.glyph_start, run.glyph_count};
  }
  std::span<Glyph> glyphs_of(const Run& run) {
    return {glyphs.data() + run.glyph_start, run.glyph_count};
  }
};

/// Checks `style` as layout_text would, without laying anything out: a font size in
/// (0, kMaxFontSize], a finite width >= 0, a line height factor in (0, 100], features
/// HarfBuzz can parse and, with max_lines, an ellipsis of well-formed UTF-8 without a line
/// or paragraph break. Throws Error(InvalidArgument), Error(LimitExceeded) or
/// Error(InvalidUtf8), as layout_text would; messages about the ellipsis start with
/// "ellipsis: ".
void validate(const ParagraphStyle& style);
/// The same, and that `fonts` is not empty.
void validate(const ParagraphStyle& style, const FontCollection& fonts);

/// Lays out UTF-8 `text` with `fonts` and `style`: paragraphs, bidi, itemization, shaping,
/// line breaking, reordering and alignment. `context` holds caches and may be shared
/// between threads; nullptr uses the process default. Throws satr::Error.
[[nodiscard]] Layout layout_text(std::string_view text, const FontCollection& fonts,
                                 const ParagraphStyle& style, Context* context = nullptr);

/// The same with styled spans (the attributed-text form). Spans are validated: a range past
/// the end of the text or not on a UTF-8 character boundary, a bad size or an empty font
/// collection throws Error(InvalidArgument).
[[nodiscard]] Layout layout_text(std::string_view text, const FontCollection& fonts,
                                 const ParagraphStyle& style, std::span<const StyledSpan> spans,
                                 Context* context = nullptr);

/// layout_text into an existing Layout, reusing its arrays: laying out again into the same
/// object (a re-wrap on resize, the next frame, the next text of a stream) allocates
/// nothing once its arrays have grown. `out` is replaced, not appended to; if an Error is
/// thrown it is left empty.
void layout_text_into(Layout& out, std::string_view text, const FontCollection& fonts,
                      const ParagraphStyle& style, Context* context = nullptr);
void layout_text_into(Layout& out, std::string_view text, const FontCollection& fonts,
                      const ParagraphStyle& style, std::span<const StyledSpan> spans,
                      Context* context = nullptr);

}  // namespace satr
