#include "layout/line_stack.hpp"

#include <algorithm>

namespace satr::detail {
namespace {

// Where the line's content starts, given the resolved alignment. Trailing whitespace hangs
// past the edge: it is left out of the width being aligned (it sits at the visual left of
// an RTL line, at the visual right of an LTR line).
float line_x(const Line& line, float trailing_whitespace, bool rtl, Align align,
             float available) {
  if (align == Align::Start || align == Align::Justify) align = rtl ? Align::Right : Align::Left;
  if (align == Align::End) align = rtl ? Align::Left : Align::Right;
  const float content = line.width - trailing_whitespace;
  const float leading = rtl ? trailing_whitespace : 0.0f;
  float content_left = 0;
  if (align == Align::Right) content_left = available - content;
  if (align == Align::Center) content_left = (available - content) / 2;
  return content_left - leading;
}

template <typename T>
void grow(std::vector<T>& v, std::size_t extra) {
  if (v.capacity() < v.size() + extra) v.reserve(std::max(v.size() + extra, 2 * v.capacity()));
}

}  // namespace

void LineStack::reserve(std::size_t items, std::size_t glyphs, std::size_t lines) {
  grow(out_.lines, lines);
  grow(out_.runs, items + 2 * lines + 4);
  grow(out_.glyphs, glyphs + 8 * lines + 16);
}

void LineStack::add(Line line, uint32_t paragraph, float whitespace) {
  line.paragraph = paragraph;
  line.top = y_;
  line.height = (line.ascent + line.descent) * line_height_;
  line.baseline = y_ + (line.height - line.ascent - line.descent) / 2 + line.ascent;
  y_ += line.height;  // Glyphs are moved to the baseline with the alignment, at the end.
  out_.lines.push_back(line);
  trailing_whitespace_.push_back(whitespace);
}

void LineStack::align(const ParagraphStyle& style) {
  out_.height = y_;
  out_.width = style.width;
  if (style.width <= 0) {
    for (std::size_t k = 0; k < out_.lines.size(); ++k) {
      out_.width = std::max(out_.width, out_.lines[k].width - trailing_whitespace_[k]);
    }
  }
  for (std::size_t k = 0; k < out_.lines.size(); ++k) {
    Line& line = out_.lines[k];
    const bool rtl = out_.paragraphs[line.paragraph].base_level & 1;
    line.x = line_x(line, trailing_whitespace_[k], rtl, style.align, out_.width);
    for (const Run& run : out_.runs_of(line)) {
      for (Glyph& g : out_.glyphs_of(run)) {
        g.x += line.x;
        g.y += line.baseline;
      }
    }
  }
}

}  // namespace satr::detail
