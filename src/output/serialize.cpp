// satr::layout_to_json and satr::layout_to_text.
#include "satr/serialize.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "render/layout_access.hpp"
#include "text/utf8.hpp"

namespace satr {
namespace {

/// Appends `value` with at most two decimals and no trailing zeros ("12.5", "-3", "0").
/// JSON has no NaN or infinity; a hand-built Layout might, so they become null.
void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.2f", value);
  std::string text(buffer);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  out += text;
}

void append_integer(std::string& out, uint64_t value) { out += std::to_string(value); }

/// Appends `text` as a JSON string literal; ill-formed UTF-8 becomes U+FFFD, since font
/// file names are bytes but JSON text must be Unicode.
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  while (!text.empty()) {
    const unsigned char c = static_cast<unsigned char>(text[0]);
    const std::size_t length = detail::well_formed_length(text);
    if (length == 0) {
      out += "\\ufffd";
      text.remove_prefix(1);
      continue;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
      out += buffer;
    } else {
      out.append(text.data(), length);
    }
    text.remove_prefix(length);
  }
  out += '"';
}

/// Appends `text` for the listing: printable as is, control characters and ill-formed
/// bytes as escapes, so each entry stays on one line.
void append_quoted_text(std::string& out, std::string_view text) {
  out += '"';
  while (!text.empty()) {
    const unsigned char c = static_cast<unsigned char>(text[0]);
    const std::size_t length = detail::well_formed_length(text);
    char buffer[8];
    if (length == 0 || c < 0x20 || c == 0x7F) {
      if (c == '\n') {
        out += "\\n";
      } else {
        std::snprintf(buffer, sizeof(buffer), "\\x%02X", c);
        out += buffer;
      }
      text.remove_prefix(1);
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out.append(text.data(), length);
    text.remove_prefix(length);
  }
  out += '"';
}

std::string_view slice(std::string_view text, const Range& range) {
  if (range.start >= text.size() || range.empty()) return {};
  return text.substr(range.start, std::min<std::size_t>(range.end, text.size()) - range.start);
}

void append_range(std::string& out, const Range& range) {
  out += '[';
  append_integer(out, range.start);
  out += ',';
  append_integer(out, range.end);
  out += ')';
}

/// `"key": ` with a leading comma unless first.
void append_key(std::string& out, const char* key, bool first = false) {
  if (!first) out += ", ";
  out += '"';
  out += key;
  out += "\": ";
}

void append_value(std::string& out, uint32_t value) { append_integer(out, value); }
void append_value(std::string& out, float value) { append_number(out, value); }

/// The fields of a line's justification report, in the order JSON and text both give them.
template <typename Field>
void for_each_justification_field(const LineJustification& how, Field&& field) {
  field("kashida_sites", how.kashida_sites);
  field("tatweels", how.tatweels);
  field("kashida_px", how.kashida_px);
  field("spaces", how.spaces);
  field("space_px", how.space_px);
}

void append_glyph_json(std::string& out, const Glyph& glyph, double offset_x, double offset_y) {
  append_key(out, "id", true);
  append_integer(out, glyph.id);
  append_key(out, "cluster");
  append_integer(out, glyph.cluster);
  append_key(out, "x");
  append_number(out, glyph.x + offset_x);
  append_key(out, "y");
  append_number(out, glyph.y + offset_y);
  append_key(out, "advance");
  append_number(out, glyph.advance);
}

void append_run_json(std::string& out, const Layout& layout, const Run& run, double offset_x,
                     double offset_y) {
  append_key(out, "start", true);
  append_integer(out, run.range.start);
  append_key(out, "end");
  append_integer(out, run.range.end);
  append_key(out, "level");
  append_integer(out, run.level);
  append_key(out, "direction");
  out += run.is_rtl() ? "\"rtl\"" : "\"ltr\"";
  append_key(out, "font");
  append_json_string(out, run.font.file_name());
  append_key(out, "size");
  append_number(out, run.font_size);
  if (run.color) {
    // "#rrggbbaa", the form --fg and --bg accept.
    char hex[10];
    std::snprintf(hex, sizeof(hex), "#%02x%02x%02x%02x", run.color->r, run.color->g, run.color->b,
                  run.color->a);
    append_key(out, "color");
    append_json_string(out, hex);
  }
  append_key(out, "glyphs");
  out += '[';
  const auto glyphs = detail::checked_glyphs(layout, run);
  for (std::size_t i = 0; i < glyphs.size(); ++i) {
    out += i == 0 ? "{" : ", {";
    append_glyph_json(out, glyphs[i], offset_x, offset_y);
    out += '}';
  }
  out += ']';
}

void append_line_json(std::string& out, const Layout& layout, const Line& line, double offset_x,
                      double offset_y) {
  append_key(out, "start", true);
  append_integer(out, line.range.start);
  append_key(out, "end");
  append_integer(out, line.range.end);
  append_key(out, "paragraph");
  append_integer(out, line.paragraph);
  append_key(out, "x");
  append_number(out, line.x + offset_x);
  append_key(out, "baseline");
  append_number(out, line.baseline + offset_y);
  append_key(out, "width");
  append_number(out, line.width);
  append_key(out, "ascent");
  append_number(out, line.ascent);
  append_key(out, "descent");
  append_number(out, line.descent);
  append_key(out, "top");
  append_number(out, line.top + offset_y);
  append_key(out, "height");
  append_number(out, line.height);
  const LineJustification& how = line.justification;
  if (!how.empty()) {
    // Only on lines justification stretched, so that unjustified output stays as it was.
    append_key(out, "justification");
    out += '{';
    bool first = true;
    for_each_justification_field(how, [&](const char* key, auto value) {
      append_key(out, key, first);
      first = false;
      append_value(out, value);
    });
    out += '}';
  }
  append_key(out, "runs");
  out += '[';
  const auto runs = detail::checked_runs(layout, line);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    out += i == 0 ? "\n    {" : ",\n    {";
    append_run_json(out, layout, runs[i], offset_x, offset_y);
    out += '}';
  }
  out += ']';
}

/// The image side render() would produce; a PNG has at least one pixel per side.
double image_side(float layout_side, float offset) {
  const double side = std::ceil(double{layout_side} + 2.0 * offset);
  return side < 1.0 ? 1.0 : side;
}

}  // namespace

std::string layout_to_json(const Layout& layout, float offset_x, float offset_y) {
  std::string out;
  out.reserve(256 + layout.lines.size() * 256);
  out += '{';
  append_key(out, "width", true);
  append_number(out, image_side(layout.width, offset_x));
  append_key(out, "height");
  append_number(out, image_side(layout.height, offset_y));
  append_key(out, "paragraphs");
  out += '[';
  for (std::size_t i = 0; i < layout.paragraphs.size(); ++i) {
    const ParagraphInfo& paragraph = layout.paragraphs[i];
    out += i == 0 ? "{" : ", {";
    append_key(out, "start", true);
    append_integer(out, paragraph.range.start);
    append_key(out, "end");
    append_integer(out, paragraph.range.end);
    append_key(out, "level");
    append_integer(out, paragraph.base_level);
    out += '}';
  }
  out += ']';
  append_key(out, "lines");
  out += '[';
  for (std::size_t i = 0; i < layout.lines.size(); ++i) {
    // One line of JSON per run keeps large outputs diffable without a pretty-printer.
    out += i == 0 ? "\n  {" : ",\n  {";
    append_line_json(out, layout, layout.lines[i], offset_x, offset_y);
    out += '}';
  }
  out += "]}\n";
  return out;
}

std::string layout_to_text(const Layout& layout, std::string_view text) {
  std::string out;
  for (std::size_t index = 0; index < layout.lines.size(); ++index) {
    const Line& line = layout.lines[index];
    const uint8_t base_level = line.paragraph < layout.paragraphs.size()
                                   ? layout.paragraphs[line.paragraph].base_level
                                   : 0;
    out += "line ";
    append_integer(out, index);
    out += ' ';
    append_range(out, line.range);
    out += " paragraph ";
    append_integer(out, line.paragraph);
    out += " level ";
    append_integer(out, base_level);
    out += " x=";
    append_number(out, line.x);
    out += " baseline=";
    append_number(out, line.baseline);
    out += " width=";
    append_number(out, line.width);
    out += " ascent=";
    append_number(out, line.ascent);
    out += " descent=";
    append_number(out, line.descent);
    const LineJustification& how = line.justification;
    if (!how.empty()) {
      out += " justified:";
      for_each_justification_field(how, [&](const char* key, auto value) {
        out += ' ';
        out += key;
        out += '=';
        append_value(out, value);
      });
    }
    out += '\n';

    const auto runs = detail::checked_runs(layout, line);
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const Run& run = runs[r];
      out += "  run ";
      append_integer(out, r);
      out += ' ';
      append_range(out, run.range);
      out += " level ";
      append_integer(out, run.level);
      out += run.is_rtl() ? " rtl " : " ltr ";
      out += run.font.file_name();
      out += ' ';
      append_number(out, run.font_size);
      out += "px ";
      append_quoted_text(out, slice(text, run.range));
      out += '\n';
    }

    // The glyph row, hb-shape style: offsets are relative to the pen, which starts at the
    // line's left edge and moves by each advance in visual order.
    out += " ";
    double pen = line.x;
    for (const Run& run : runs) {
      out += " [";
      const auto glyphs = detail::checked_glyphs(layout, run);
      for (std::size_t g = 0; g < glyphs.size(); ++g) {
        const Glyph& glyph = glyphs[g];
        if (g > 0) out += '|';
        append_integer(out, glyph.id);
        out += '=';
        append_integer(out, glyph.cluster);
        const double dx = glyph.x - pen;
        const double dy = double{glyph.y} - line.baseline;
        if (std::fabs(dx) >= 0.005 || std::fabs(dy) >= 0.005) {
          out += '@';
          append_number(out, dx);
          out += ',';
          append_number(out, dy);
        }
        out += '+';
        append_number(out, glyph.advance);
        pen += glyph.advance;
      }
      out += ']';
    }
    out += '\n';
  }
  return out;
}

}  // namespace satr
