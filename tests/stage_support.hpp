// Running single stages of the pipeline in tests, with the same functions the recipe calls.
#pragma once

#include <string>
#include <string_view>

#include "layout/scratch.hpp"
#include "test_support.hpp"

namespace satr::testing {

/// Stages 1–5 (decode, style, bidi, itemize, shape) of one paragraph of a text, into a
/// scratch of its own; the word cache is off.
class ShapedText {
 public:
  /// Shapes the whole of `text` as one paragraph (it must hold no separator), or the
  /// paragraph [span.start, span.end) of it.
  ShapedText(const std::string& text, const ParagraphStyle& style,
             const FontCollection& fonts = bundled())
      : text_(text), style_(style) {
    detail::decode_utf8(text_, false, s_.decoded);
    detail::resolve_style(text_, s_.decoded, fonts, style_, {}, s_.style);
    shape({0, static_cast<uint32_t>(s_.decoded.utf16.size()),
           static_cast<uint32_t>(s_.decoded.utf16.size())});
  }

  /// Shapes another paragraph of the same text.
  void shape(const detail::ParagraphSpan& span) {
    const std::u16string_view text(s_.decoded.utf16.data() + span.start, span.end - span.start);
    detail::analyze_paragraph(text, span.start, s_.style, s_.shaping.bidi, s_.shaped);
    detail::shape_analyzed(s_.style, nullptr, s_.shaping, s_.shaped);
  }
  /// Finds its line break opportunities too.
  void find_breaks() { detail::find_breaks(s_.style, s_.shaped); }

  const detail::DecodedText& decoded() const { return s_.decoded; }
  const detail::ResolvedStyle& style() const { return s_.style; }
  detail::ShapedParagraph& paragraph() { return s_.shaped; }
  detail::LayoutScratch& scratch() { return s_; }

 private:
  std::string text_;
  ParagraphStyle style_;  // The resolved style points at it.
  detail::LayoutScratch s_;
};

}  // namespace satr::testing
