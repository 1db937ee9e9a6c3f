// The lines of a cached paragraph as build_line made them, kept beside the paragraph so
// that laying it out again with the same line breaks copies finished glyphs instead of
// building them: a warm layout of a short paragraph otherwise spends a third of its time
// turning shaped glyphs into positioned ones, the same way every time.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "layout/line_breaker.hpp"
#include "satr/layout.hpp"

namespace satr::detail {

struct LayoutInputs;

/// What build_line returned and appended for each line of one paragraph, for one choice
/// of line spans. Byte offsets are relative to the paragraph's first byte, so that the
/// same paragraph at another place in another text reuses them; that holds only when
/// the paragraph's bytes are the plain UTF-8 of its text (no U+FFFD, which may stand for
/// ill-formed bytes of any length), which the paragraph cache checks before keeping a set.
///
/// A set is written by one layout, then shared read-only; it is reference-counted, since
/// a layout may still be reading it after the cache has replaced or evicted it.
class BuiltLines {
 public:
  BuiltLines() = default;
  BuiltLines(const BuiltLines&) = delete;
  BuiltLines& operator=(const BuiltLines&) = delete;

  /// Room for what is about to be recorded, so that recording allocates once per array.
  void reserve(std::size_t lines, std::size_t runs, std::size_t glyphs);

  /// Records the line build_line has just built of `span` and appended to `out` (its runs
  /// and glyphs are the last ones of `out`). `byte_base` is the paragraph's first byte.
  void record(LineSpan span, const Line& line, float trailing_whitespace, const Layout& out,
              const LayoutInputs& inputs, uint32_t byte_base);

  /// True if the set holds exactly these lines.
  bool matches(std::span<const LineSpan> spans) const;

  /// Appends line `k` to `out` as build_line did (same runs, glyphs, offsets moved to
  /// `byte_base`) and returns it, with its trailing whitespace width.
  Line replay(std::size_t k, const LayoutInputs& inputs, uint32_t byte_base, Layout& out,
              float* trailing_whitespace) const;

  std::size_t lines() const { return lines_.size(); }
  /// Heap bytes, for the paragraph cache's budget.
  std::size_t bytes() const;

  /// A layout that found the set not matching its lines calls this: true on the second
  /// such layout without a match in between, when the set should be replaced. A window
  /// resized back and forth between two widths so keeps the lines of one of them rather
  /// than rebuilding a set on every layout.
  bool note_mismatch() const;
  /// Forgets a noted mismatch (a layout matched).
  void note_match() const;

  void retain() const { references_.fetch_add(1, std::memory_order_relaxed); }
  void release() const;

 private:
  struct LineRecord {
    LineSpan span;
    Line line;  ///< range relative; run_start indexes runs_.
    float trailing_whitespace = 0;
  };
  struct RunRecord {
    Range range;  ///< Relative.
    uint8_t level = 0;
    uint32_t font_index = 0;  ///< Into LayoutInputs::font_table.
    float font_size = 0;
    std::optional<Color> color;
    uint32_t glyph_start = 0;  ///< Into glyphs_.
    uint32_t glyph_count = 0;
  };

  std::vector<LineRecord> lines_;
  std::vector<RunRecord> runs_;
  std::vector<Glyph> glyphs_;  ///< clusters relative.
  mutable std::atomic<uint32_t> references_{1};
  mutable std::atomic<bool> mismatched_{false};
};

}  // namespace satr::detail
