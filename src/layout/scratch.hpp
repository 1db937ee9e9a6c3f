// What one layout needs besides its inputs and output: working memory kept between
// layouts, and the caches it may use.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cache/kept_lines.hpp"
#include "cache/paragraph_cache.hpp"
#include "line/break_paragraph.hpp"
#include "line/build_line.hpp"
#include "satr/layout.hpp"
#include "shape/shaped_paragraph.hpp"
#include "style/resolved_style.hpp"
#include "text/paragraphs.hpp"
#include "text/utf8.hpp"

namespace satr::detail {

/// The arguments of layout_text.
struct LayoutRequest {
  std::string_view text;
  const FontCollection& fonts;
  const ParagraphStyle& style;
  std::span<const StyledSpan> spans;
};

/// The caches a layout reads and fills; either may be null (off).
struct LayoutCaches {
  WordCache* words = nullptr;
  ParagraphCache* paragraphs = nullptr;
};

/// Working memory of a layout: the decoded text, the resolved style, the per-paragraph
/// stage data and every stage's scratch. Each stage clears what it uses, so the order of
/// the fields does not matter; a warm layout reuses their grown arrays instead of
/// allocating. Used by one thread at a time.
struct LayoutScratch {
  DecodedText decoded;
  ResolvedStyle style;
  std::vector<ParagraphSpan> paragraphs;
  std::string paragraph_settings;  ///< Paragraph cache key part, built once per layout.
  ShapingScratch shaping;
  ShapedParagraph shaped;          ///< A paragraph shaped here (not found in the cache).
  ShapedParagraphView shaped_view;
  BreakScratch breaking;
  std::vector<LineSpan> line_spans;
  LineScratch lines;
  LineRecorder recorder;           ///< Lines being recorded to keep with a cached paragraph.
  std::vector<float> trailing_whitespace;  ///< Per line of the layout.
};

/// layout_text_into with explicit scratch and caches: `out` is replaced (its arrays keep
/// their storage; its runs are reused); if an Error is thrown it is left empty.
void layout_into(const LayoutRequest& request, const LayoutCaches& caches,
                 LayoutScratch& scratch, Layout& out);

}  // namespace satr::detail
