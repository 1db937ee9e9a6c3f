// layout_text: the recipe that runs the stages in order.
#include <cmath>
#include <string>

#include "layout/context_impl.hpp"
#include "layout/line_breaker.hpp"
#include "layout/paragraph.hpp"
#include "satr/error.hpp"
#include "text/utf8.hpp"

namespace satr {
namespace {

std::string format_px(float value) {
  std::string s = std::to_string(value);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

void validate(const ParagraphStyle& style, const FontCollection& fonts) {
  if (fonts.empty()) throw Error(ErrorCode::InvalidArgument, "the font collection is empty");
  if (!(style.font_size > 0) || !std::isfinite(style.font_size)) {
    throw Error(ErrorCode::InvalidArgument,
                "font size must be a positive number of px, got " + format_px(style.font_size));
  }
  if (style.font_size > kMaxFontSize) {
    throw Error(ErrorCode::LimitExceeded, "font size " + format_px(style.font_size) +
                                              " px exceeds the limit of " +
                                              format_px(kMaxFontSize) + " px");
  }
  if (!(style.width >= 0) || !std::isfinite(style.width)) {
    throw Error(ErrorCode::InvalidArgument,
                "width must be 0 (no wrapping) or a positive number of px, got " +
                    format_px(style.width));
  }
  if (!(style.line_height > 0) || !(style.line_height <= 100)) {
    throw Error(ErrorCode::InvalidArgument,
                "line height factor must be in (0, 100], got " + format_px(style.line_height));
  }
}

// Where the line's content starts, given the resolved alignment. Trailing whitespace hangs
// past the edge: it is left out of the width being aligned (it sits at the visual left of
// an RTL line, at the visual right of an LTR line).
float line_x(const Line& line, float trailing_whitespace, bool rtl, Align align,
             float available) {
  if (align == Align::Start) align = rtl ? Align::Right : Align::Left;
  if (align == Align::End) align = rtl ? Align::Left : Align::Right;
  const float content = line.width - trailing_whitespace;
  const float leading = rtl ? trailing_whitespace : 0.0f;
  float content_left = 0;
  if (align == Align::Right) content_left = available - content;
  if (align == Align::Center) content_left = (available - content) / 2;
  return content_left - leading;
}

}  // namespace

Layout layout_text(std::string_view text, const FontCollection& fonts,
                   const ParagraphStyle& style, Context* context) {
  validate(style, fonts);
  Context& ctx = context ? *context : Context::default_context();

  detail::LayoutInputs inputs;
  inputs.fonts = &fonts;
  inputs.font_size = style.font_size;
  inputs.features = detail::parse_features(style.features);
  for (const hb_feature_t& f : inputs.features) {
    inputs.features_hash = inputs.features_hash * 1000003u ^
                           (uint64_t{f.tag} << 32 | f.value) ^ (uint64_t{f.start} << 20) ^ f.end;
  }
  if (!style.language.empty()) {
    inputs.language =
        hb_language_from_string(style.language.data(), static_cast<int>(style.language.size()));
  }
  inputs.icu_language = style.language;

  // Stage 1: decode once; every later index is a UTF-16 unit of `decoded`.
  const detail::DecodedText decoded = detail::decode_utf8(text, style.strict_utf8);
  detail::BorrowedBuffer buffer(ctx.impl());
  inputs.buffer = buffer.get();
  inputs.shape_cache = &ctx.impl().shape_cache;
  detail::WordShaperScratch scratch;
  inputs.scratch = &scratch;
  detail::LineScratch line_scratch;
  inputs.line_scratch = &line_scratch;
  Layout measure_scratch;  // Lines built only to be measured.

  Layout layout;
  std::vector<float> trailing_whitespace;
  float y = 0;
  for (const detail::ParagraphSpan& span : detail::split_paragraphs(decoded.utf16)) {
    // Stage 2: bidi, itemization and shaping of the whole paragraph.
    const std::u16string_view paragraph_text(decoded.utf16.data() + span.start,
                                             span.end - span.start);
    const detail::ShapedParagraph shaped =
        detail::shape_paragraph(paragraph_text, style.direction, inputs);
    const auto paragraph_index = static_cast<uint32_t>(layout.paragraphs.size());
    layout.paragraphs.push_back(
        {{decoded.byte_of[span.start], decoded.byte_of[span.next]}, shaped.bidi.paragraph_level});

    // Stage 3: line breaking on measured widths.
    detail::MeasuredText measured{shaped.prefix_width, shaped.flags, {}};
    measured.exact_line_width = [&](uint32_t start, uint32_t end) {
      float whitespace = 0;
      measure_scratch.runs.clear();
      measure_scratch.glyphs.clear();
      const Line line = detail::build_line(shaped, start, end, inputs, decoded.byte_of.data(),
                                           span.start, measure_scratch, &whitespace);
      return static_cast<double>(line.width - whitespace);
    };
    const std::vector<detail::LineSpan> spans = detail::break_lines_greedy(measured, style.width);

    // Stage 4: per line, reshape edges, reorder (L1, L2) and position.
    for (std::size_t k = 0; k < spans.size(); ++k) {
      float whitespace = 0;
      Line line = detail::build_line(shaped, spans[k].start, spans[k].end, inputs,
                                     decoded.byte_of.data(), span.start, layout, &whitespace);
      line.paragraph = paragraph_index;
      if (k + 1 == spans.size()) line.range.end = decoded.byte_of[span.next];
      line.top = y;
      line.height = (line.ascent + line.descent) * style.line_height;
      line.baseline = y + (line.height - line.ascent - line.descent) / 2 + line.ascent;
      for (const Run& run : layout.runs_of(line))
        for (Glyph& g : layout.glyphs_of(run)) g.y += line.baseline;
      y += line.height;
      layout.lines.push_back(std::move(line));
      trailing_whitespace.push_back(whitespace);
    }
  }
  layout.height = y;

  // Stage 5: alignment, once the layout width is known.
  layout.width = style.width;
  if (style.width <= 0) {
    for (std::size_t k = 0; k < layout.lines.size(); ++k) {
      layout.width = std::max(layout.width, layout.lines[k].width - trailing_whitespace[k]);
    }
  }
  for (std::size_t k = 0; k < layout.lines.size(); ++k) {
    Line& line = layout.lines[k];
    const bool rtl = layout.paragraphs[line.paragraph].base_level & 1;
    line.x = line_x(line, trailing_whitespace[k], rtl, style.align, layout.width);
    for (const Run& run : layout.runs_of(line))
      for (Glyph& g : layout.glyphs_of(run)) g.x += line.x;
  }
  return layout;
}

}  // namespace satr
