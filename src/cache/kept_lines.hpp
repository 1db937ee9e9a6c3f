// The lines of a cached paragraph as build_line made them, kept beside the paragraph so
// that laying it out again with the same line breaks copies finished glyphs instead of
// building them: a warm layout of a short paragraph otherwise spends a third of its
// instructions turning shaped glyphs into positioned ones, the same way every time.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "line/build_line.hpp"
#include "line/line_breaker.hpp"
#include "satr/layout.hpp"
#include "style/resolved_style.hpp"
#include "support/shared_block.hpp"

namespace satr::detail {

/// One line as build_line returned it. Byte offsets are relative to the paragraph's first
/// byte, so that the same paragraph at another place in another text reuses them; that
/// holds only when the paragraph's bytes are the plain UTF-8 of its text (no U+FFFD, which
/// may stand for ill-formed bytes of any length), which the paragraph cache checks before
/// keeping lines.
struct LineRecord {
  LineSpan span;
  Line line;  ///< range relative; run_start indexes the runs of the same set.
  float trailing_whitespace = 0;
};

/// One run build_line appended.
struct RunRecord {
  Range range;  ///< Relative.
  uint8_t level = 0;
  uint32_t font_index = 0;  ///< Into ResolvedStyle::font_table.
  float font_size = 0;
  std::optional<Color> color;
  uint32_t glyph_start = 0;  ///< Into the glyphs of the same set.
  uint32_t glyph_count = 0;
};

/// The lines of one paragraph being recorded as a layout builds them (working memory of
/// a workspace, reused).
struct LineRecorder {
  std::vector<LineRecord> lines;
  std::vector<RunRecord> runs;
  std::vector<Glyph> glyphs;  ///< Clusters relative.

  void clear() {
    lines.clear();
    runs.clear();
    glyphs.clear();
  }
  /// Records the line build_line has just built of `span` and appended to `out` (its runs
  /// and glyphs are the last ones of `out`). `byte_base` is the paragraph's first byte.
  void record(LineSpan span, const Line& line, float trailing_whitespace, const Layout& out,
              const ResolvedStyle& style, uint32_t byte_base);
};

/// What a LineRecorder recorded, in one heap block: a header, then the lines, runs and
/// glyphs back to back, so that a warm layout reads one block front to back. Written
/// once, then shared read-only; reference-counted, since a layout may still be reading it
/// after the cache has replaced or evicted it.
class KeptLines : public SharedBlock<KeptLines> {
 public:
  /// A new block holding what `recorder` holds, with one reference (the caller's).
  static BlockRef<KeptLines> keep(const LineRecorder& recorder);

  /// True if the set holds exactly these lines.
  bool matches(std::span<const LineSpan> spans) const;

  /// Appends line `k` to `out` as build_line did (same runs, glyphs, offsets moved to
  /// `byte_base`) and returns it, with its trailing whitespace width.
  Line replay(std::size_t k, const ResolvedStyle& style, uint32_t byte_base,
              std::vector<Run>& spare_runs, Layout& out, float* trailing_whitespace) const;

  /// Heap bytes, for the paragraph cache's budget.
  std::size_t bytes() const { return bytes_; }
  /// Asks for the block's first cache lines at once (see PackedParagraph::prefetch).
  void prefetch() const { SharedBlock::prefetch(bytes_, 2048); }

  /// A layout that found the set not matching its lines calls this: true on the second
  /// such layout without a match in between, when the set should be replaced. A window
  /// resized back and forth between two widths so keeps the lines of one of them rather
  /// than rebuilding a set on every layout.
  bool note_mismatch() const;
  /// Forgets a noted mismatch (a layout matched).
  void note_match() const;

  ~KeptLines() = default;

 private:
  friend class SharedBlock<KeptLines>;
  KeptLines(std::size_t bytes, std::size_t line_count)
      : line_count_(static_cast<uint32_t>(line_count)), bytes_(bytes) {}

  mutable std::atomic<bool> mismatched_{false};
  uint32_t line_count_;
  std::size_t bytes_;
  // Into the same block; set by keep().
  const LineRecord* lines_ = nullptr;
  const RunRecord* runs_ = nullptr;
  const Glyph* glyphs_ = nullptr;
};

}  // namespace satr::detail
