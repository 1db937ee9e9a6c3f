// satr Python bindings — layout() and the Layout, Line, Run, Glyph and Paragraph views.
//
// Offsets are reported twice: as UTF-8 byte offsets (start, end, cluster — the C++ values)
// and as code point indices (start_index, end_index, cluster_index), which index the
// Python str the layout was made from.
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>

#include "bindings.hpp"
#include "satr/batch.hpp"
#include "satr/error.hpp"
#include "satr/render.hpp"
#include "satr/serialize.hpp"

namespace satr::python {

IndexMap::IndexMap(std::string_view utf8) : text_(utf8) {
  checkpoints_.reserve(text_.size() / kStride + 1);
  uint32_t count = 0;
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (i % kStride == 0) checkpoints_.push_back(count);
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++count;
  }
  length_ = count;
}

uint32_t IndexMap::index(uint32_t byte) const {
  if (byte >= text_.size()) return length_;
  auto is_start = [this](uint32_t i) {
    return (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
  };
  uint32_t count = checkpoints_[byte / kStride];
  for (uint32_t i = byte / kStride * kStride; i < byte; ++i)
    if (is_start(i)) ++count;
  // An offset inside a character (the core gives each byte of an ill-formed sequence its
  // own U+FFFD) belongs to the character that contains it.
  return !is_start(byte) && count > 0 ? count - 1 : count;
}

uint32_t IndexMap::offset(uint32_t index) const {
  if (index >= length_) return static_cast<uint32_t>(text_.size());
  // The last checkpoint with at most `index` code points before it: code point `index`
  // starts at or after its byte.
  const auto it = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), index);
  const auto k = static_cast<uint32_t>(it - checkpoints_.begin() - 1);
  uint32_t count = checkpoints_[k];
  for (uint32_t i = k * kStride; i < text_.size(); ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80) continue;
    if (count == index) return i;
    ++count;
  }
  return static_cast<uint32_t>(text_.size());
}

namespace {

using namespace pybind11::literals;

struct LineView {
  LayoutPtr data;
  std::size_t index;
  const satr::Line& get() const { return data->layout.lines[index]; }
};

struct RunView {
  LayoutPtr data;
  std::size_t index;  // into Layout::runs
  const satr::Run& get() const { return data->layout.runs[index]; }
};

struct GlyphValue {
  uint32_t id;
  uint32_t cluster;
  uint32_t cluster_index;
  float x, y, advance;
  friend bool operator==(const GlyphValue&, const GlyphValue&) = default;
};

struct ParagraphValue {
  uint32_t start, end, start_index, end_index;
  uint8_t level;
};

satr::Align parse_align(const std::string& name) {
  if (name == "start") return satr::Align::Start;
  if (name == "end") return satr::Align::End;
  if (name == "left") return satr::Align::Left;
  if (name == "right") return satr::Align::Right;
  if (name == "center") return satr::Align::Center;
  if (name == "justify") return satr::Align::Justify;
  invalid_argument("align must be 'start', 'end', 'left', 'right', 'center' or 'justify', got '" +
                   name + "'");
}

satr::Justify parse_justify(const std::string& name) {
  if (name == "auto") return satr::Justify::Auto;
  if (name == "kashida") return satr::Justify::Kashida;
  if (name == "spaces") return satr::Justify::Spaces;
  invalid_argument("justify must be 'auto', 'kashida' or 'spaces', got '" + name + "'");
}

satr::Breaker parse_breaker(const std::string& name) {
  if (name == "greedy") return satr::Breaker::Greedy;
  if (name == "optimal") return satr::Breaker::Optimal;
  invalid_argument("breaker must be 'greedy' or 'optimal', got '" + name + "'");
}

satr::Digits parse_digits(const std::string& name) {
  if (name == "latin") return satr::Digits::Latin;
  if (name == "arabic") return satr::Digits::ArabicIndic;
  if (name == "persian") return satr::Digits::Persian;
  invalid_argument("digits must be 'latin', 'arabic' or 'persian', got '" + name + "'");
}

satr::Direction parse_direction(const std::string& name) {
  if (name == "auto") return satr::Direction::Auto;
  if (name == "ltr") return satr::Direction::LeftToRight;
  if (name == "rtl") return satr::Direction::RightToLeft;
  invalid_argument("direction must be 'auto', 'ltr' or 'rtl', got '" + name + "'");
}

// Bounds checked here rather than trusted to the core, so that no value a Python caller
// can pass reaches an assert.
constexpr double kMaxLineHeight = 100.0;

// The options of satr.layout() as the Python package normalised them (types checked, None
// replaced by defaults); the domains are checked here.
struct StyleArgs {
  double size = kDefaultSize;
  double width = 0;
  std::string align, direction, features, language;
  double line_height = 1;
  bool strict = false;
  std::string justify, breaker, digits;
  uint32_t max_lines = 0;
  std::string ellipsis;
  double letter_spacing = 0;
  double word_spacing = 0;
};

satr::ParagraphStyle make_style(const StyleArgs& a) {
  satr::ParagraphStyle style;
  style.font_size = check_size(a.size, "size");
  if (!std::isfinite(a.width) || a.width < 0)
    invalid_argument("width must be a finite number >= 0 (0 or None: no wrapping)");
  style.width = static_cast<float>(a.width);
  style.align = parse_align(a.align);
  style.direction = parse_direction(a.direction);
  style.features = a.features;
  style.language = a.language;
  if (!std::isfinite(a.line_height) || a.line_height <= 0 || a.line_height > kMaxLineHeight)
    invalid_argument("line_height must be a number in (0, 100]");
  style.line_height = static_cast<float>(a.line_height);
  style.strict_utf8 = a.strict;
  style.justify = parse_justify(a.justify);
  style.breaker = parse_breaker(a.breaker);
  style.digits = parse_digits(a.digits);
  style.max_lines = a.max_lines;
  style.ellipsis = a.ellipsis;
  // Checked by the core (satr::validate), which names the field.
  style.letter_spacing = static_cast<float>(a.letter_spacing);
  style.word_spacing = static_cast<float>(a.word_spacing);
  return style;
}

StyleArgs style_args(const py::kwargs& kw) {
  StyleArgs a;
  a.size = kw["size"].cast<double>();
  a.width = kw["width"].cast<double>();
  a.align = kw["align"].cast<std::string>();
  a.direction = kw["direction"].cast<std::string>();
  a.features = kw["features"].cast<std::string>();
  a.language = kw["language"].cast<std::string>();
  a.line_height = kw["line_height"].cast<double>();
  a.strict = kw["strict"].cast<bool>();
  a.justify = kw["justify"].cast<std::string>();
  a.breaker = kw["breaker"].cast<std::string>();
  a.digits = kw["digits"].cast<std::string>();
  a.max_lines = kw["max_lines"].cast<uint32_t>();
  a.ellipsis = kw["ellipsis"].cast<std::string>();
  a.letter_spacing = kw["letter_spacing"].cast<double>();
  a.word_spacing = kw["word_spacing"].cast<double>();
  return a;
}

void check_fonts(const PyFontCollection& fonts) {
  if (fonts.chain.empty()) invalid_argument("fonts: the font collection is empty");
}

// One span as satr.layout() normalised it: (start, end, in_bytes, color, size, fonts,
// features, letter_spacing, word_spacing), where start and end are ints with start <= end, in code
// point indices unless in_bytes, and color, size and fonts may be None.
satr::StyledSpan make_span(py::handle item, std::size_t i, const IndexMap& indices) {
  const std::string what = "spans[" + std::to_string(i) + "]";
  py::tuple t = py::reinterpret_borrow<py::tuple>(item);
  const uint64_t start = t[0].cast<uint64_t>();
  const uint64_t end = t[1].cast<uint64_t>();
  const bool in_bytes = t[2].cast<bool>();
  satr::StyledSpan span;
  if (in_bytes) {
    // The core checks the range against the text and the character boundaries.
    if (end > UINT32_MAX) invalid_argument(what + ": byte_end is past the end of the text");
    span.range = {static_cast<uint32_t>(start), static_cast<uint32_t>(end)};
  } else {
    if (end > indices.length())
      invalid_argument(what + ": end " + std::to_string(end) + " is past the end of the text (" +
                       std::to_string(indices.length()) + " characters)");
    span.range = {indices.offset(static_cast<uint32_t>(start)),
                  indices.offset(static_cast<uint32_t>(end))};
  }
  if (!t[3].is_none()) span.style.color = parse_color(t[3], what + ".color");
  if (!t[4].is_none())
    span.style.font_size = check_size(t[4].cast<double>(), (what + ".size").c_str());
  if (!t[5].is_none()) {
    const PyFontCollection& fonts = t[5].cast<const PyFontCollection&>();
    if (fonts.chain.empty()) invalid_argument(what + ".fonts: the font collection is empty");
    span.style.fonts = fonts.chain;
  }
  span.style.features = t[6].cast<std::string>();
  if (!t[7].is_none()) span.style.letter_spacing = static_cast<float>(t[7].cast<double>());
  if (!t[8].is_none()) span.style.word_spacing = static_cast<float>(t[8].cast<double>());
  return span;
}

std::shared_ptr<satr::Context> shared_context_of(const py::object& context) {
  if (context.is_none()) return nullptr;
  return context.cast<const PyContext&>().context;
}

std::shared_ptr<LayoutData> layout(py::bytes text, const PyFontCollection& fonts, py::list spans,
                                   const py::object& context, const py::kwargs& options) {
  const satr::ParagraphStyle style = make_style(style_args(options));
  check_fonts(fonts);
  auto data = std::make_shared<LayoutData>();
  data->context = shared_context_of(context);
  const std::string_view view = text;  // the bytes object outlives the call
  data->indices = IndexMap(view);
  std::vector<satr::StyledSpan> styled;
  styled.reserve(spans.size());
  for (std::size_t i = 0; i < spans.size(); ++i)
    styled.push_back(make_span(spans[i], i, data->indices));
  py::gil_scoped_release release;
  data->layout = satr::layout_text(view, fonts.chain, style, styled, data->context.get());
  return data;
}

std::vector<std::shared_ptr<LayoutData>> layout_many(const std::vector<py::bytes>& texts,
                                                     const PyFontCollection& fonts,
                                                     unsigned threads, const py::object& context,
                                                     const py::kwargs& options) {
  const satr::ParagraphStyle style = make_style(style_args(options));
  check_fonts(fonts);
  const std::shared_ptr<satr::Context> shared = shared_context_of(context);
  std::vector<std::string_view> views(texts.begin(), texts.end());
  std::vector<std::shared_ptr<LayoutData>> out;
  py::gil_scoped_release release;
  std::vector<satr::Layout> layouts =
      satr::layout_batch(views, fonts.chain, style, threads, shared.get());
  out.reserve(layouts.size());
  for (std::size_t i = 0; i < layouts.size(); ++i) {
    auto data = std::make_shared<LayoutData>();
    data->layout = std::move(layouts[i]);
    data->indices = IndexMap(views[i]);
    data->context = shared;
    out.push_back(std::move(data));
  }
  return out;
}

std::vector<GlyphValue> glyphs_of(const RunView& v) {
  std::vector<GlyphValue> out;
  out.reserve(v.get().glyph_count);
  for (const satr::Glyph& g : v.data->layout.glyphs_of(v.get()))
    out.push_back({g.id, g.cluster, v.data->indices.index(g.cluster), g.x, g.y, g.advance});
  return out;
}

std::vector<LineView> lines_of(const std::shared_ptr<LayoutData>& data) {
  std::vector<LineView> out;
  for (std::size_t i = 0; i < data->layout.lines.size(); ++i) out.push_back({data, i});
  return out;
}

std::vector<RunView> runs_of(const LineView& line) {
  const satr::Line& l = line.get();
  std::vector<RunView> out;
  for (uint32_t i = 0; i < l.run_count; ++i) out.push_back({line.data, l.run_start + i});
  return out;
}

// The dictionary form of `shape --format json`: parsing the C++ serializer's output keeps
// the keys, the image coordinates and the two-decimal rounding identical to the CLI's.
py::object to_dict(const LayoutData& data, double margin) {
  const float m = static_cast<float>(check_margin(margin));
  std::string json;
  {
    py::gil_scoped_release release;
    json = satr::layout_to_json(data.layout, m, m);
  }
  return py::module_::import("json").attr("loads")(py::str(json));
}

template <typename T>
std::string fmt(const T& value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

void bind_layout(py::module_& m) {
  py::class_<GlyphValue>(m, "Glyph", R"doc(
One positioned glyph. Positions are px in layout coordinates (origin at the top left of the
layout box, y downward, no margin).
)doc")
      .def_readonly("id", &GlyphValue::id, "Glyph index in the run's font.")
      .def_readonly("cluster", &GlyphValue::cluster,
                    "UTF-8 byte offset of the first character of the glyph's cluster.")
      .def_readonly("cluster_index", &GlyphValue::cluster_index,
                    "The same position as a code point index into the Python str.")
      .def_readonly("x", &GlyphValue::x, "Glyph origin x, px.")
      .def_readonly("y", &GlyphValue::y, "Glyph origin y (on the baseline), px.")
      .def_readonly("advance", &GlyphValue::advance, "Horizontal advance, px.")
      .def("__eq__", [](const GlyphValue& a, const GlyphValue& b) { return a == b; })
      .def("__repr__", [](const GlyphValue& g) {
        return "Glyph(id=" + fmt(g.id) + ", cluster=" + fmt(g.cluster) + ", x=" + fmt(g.x) +
               ", y=" + fmt(g.y) + ", advance=" + fmt(g.advance) + ")";
      });

  py::class_<RunView>(m, "Run", R"doc(
A maximal sequence of glyphs with one font and one bidi level, inside one line.
)doc")
      .def_property_readonly(
          "start", [](const RunView& v) { return v.get().range.start; },
          "UTF-8 byte offset where the run's characters start (logical order).")
      .def_property_readonly(
          "end", [](const RunView& v) { return v.get().range.end; },
          "UTF-8 byte offset just past the run's characters (exclusive).")
      .def_property_readonly(
          "start_index",
          [](const RunView& v) { return v.data->indices.index(v.get().range.start); },
          "``start`` as a code point index into the Python str.")
      .def_property_readonly(
          "end_index", [](const RunView& v) { return v.data->indices.index(v.get().range.end); },
          "``end`` as a code point index into the Python str (exclusive).")
      .def_property_readonly(
          "level", [](const RunView& v) { return v.get().level; },
          "Bidi embedding level; odd levels are right to left.")
      .def_property_readonly(
          "is_rtl", [](const RunView& v) { return v.get().is_rtl(); },
          "True if the run is right to left.")
      .def_property_readonly(
          "font",
          [](const RunView& v) {
            return PyFont{v.get().font, v.get().font_size};
          },
          "The Font the run is drawn with (its size is the run's size).")
      .def_property_readonly(
          "font_size", [](const RunView& v) { return v.get().font_size; }, "px per em.")
      .def_property_readonly(
          "color",
          [](const RunView& v) -> py::object {
            const std::optional<satr::Color>& c = v.get().color;
            if (!c) return py::none();
            char hex[10];
            std::snprintf(hex, sizeof(hex), "#%02x%02x%02x%02x", c->r, c->g, c->b, c->a);
            return py::str(hex);
          },
          "The colour a span gave the run, as '#rrggbbaa' (the form to_dict() uses), or None "
          "if it is drawn with the render foreground.")
      .def_property_readonly("glyphs", &glyphs_of,
                             "The glyphs in visual order, left to right (a new list).")
      .def("__repr__", [](const RunView& v) {
        const satr::Run& r = v.get();
        return py::str("<satr.Run {}..{} level={} font={} glyphs={}>")
            .format(r.range.start, r.range.end, int(r.level),
                    to_str(r.font.file_name(), "backslashreplace"), r.glyph_count);
      });

  py::class_<satr::LineJustification>(
      m, "LineJustification",
      "How justification stretched a line; all zero on a line it did not stretch (a "
      "paragraph's last line, or any line when the paragraph is not justified).")
      .def_readonly("kashida_sites", &satr::LineJustification::kashida_sites,
                    "Kashida sites the line offered in a font whose tatweel satr can draw; 0 on "
                    "a stretched line means kashida fell back to the spaces.")
      .def_readonly("tatweels", &satr::LineJustification::tatweels, "Tatweels inserted.")
      .def_readonly("kashida_px", &satr::LineJustification::kashida_px,
                    "px the inserted tatweels add.")
      .def_readonly("spaces", &satr::LineJustification::spaces, "Inter-word spaces widened.")
      .def_readonly("space_px", &satr::LineJustification::space_px,
                    "px added to the inter-word spaces, all together.")
      .def("__repr__", [](const satr::LineJustification& j) {
        return "<satr.LineJustification kashida_sites=" + fmt(j.kashida_sites) +
               " tatweels=" + fmt(j.tatweels) + " kashida_px=" + fmt(j.kashida_px) +
               " spaces=" + fmt(j.spaces) + " space_px=" + fmt(j.space_px) + ">";
      });

  py::class_<LineView>(m, "Line", "One line of a paragraph; its runs are in visual order.")
      .def_property_readonly(
          "start", [](const LineView& v) { return v.get().range.start; },
          "UTF-8 byte offset of the line's first character.")
      .def_property_readonly(
          "end", [](const LineView& v) { return v.get().range.end; },
          "UTF-8 byte offset past the line (exclusive), trailing whitespace and, on a "
          "paragraph's last line, its separator included.")
      .def_property_readonly(
          "start_index",
          [](const LineView& v) { return v.data->indices.index(v.get().range.start); },
          "``start`` as a code point index into the Python str.")
      .def_property_readonly(
          "end_index", [](const LineView& v) { return v.data->indices.index(v.get().range.end); },
          "``end`` as a code point index into the Python str (exclusive).")
      .def_property_readonly(
          "paragraph", [](const LineView& v) { return v.get().paragraph; },
          "Index into Layout.paragraphs.")
      .def_property_readonly(
          "x", [](const LineView& v) { return v.get().x; }, "Left edge of the content, px.")
      .def_property_readonly(
          "baseline", [](const LineView& v) { return v.get().baseline; }, "Baseline y, px.")
      .def_property_readonly(
          "width", [](const LineView& v) { return v.get().width; },
          "Advance width of the content, trailing whitespace included, px.")
      .def_property_readonly(
          "ascent", [](const LineView& v) { return v.get().ascent; },
          "px above the baseline (positive).")
      .def_property_readonly(
          "descent", [](const LineView& v) { return v.get().descent; },
          "px below the baseline (positive).")
      .def_property_readonly(
          "top", [](const LineView& v) { return v.get().top; }, "y of the top of the line box, px.")
      .def_property_readonly(
          "height", [](const LineView& v) { return v.get().height; },
          "Height of the line box (line_height applied), px.")
      .def_property_readonly("runs", &runs_of, "The runs in visual order, left to right.")
      .def_property_readonly(
          "justification", [](const LineView& v) { return v.get().justification; },
          "How the line was stretched to the width (a LineJustification).")
      .def("__repr__", [](const LineView& v) {
        const satr::Line& l = v.get();
        return "<satr.Line " + fmt(l.range.start) + ".." + fmt(l.range.end) + " x=" + fmt(l.x) +
               " baseline=" + fmt(l.baseline) + " width=" + fmt(l.width) +
               " runs=" + fmt(l.run_count) + ">";
      });

  py::class_<ParagraphValue>(m, "Paragraph", "One paragraph of the input.")
      .def_readonly("start", &ParagraphValue::start, "UTF-8 byte offset of its first byte.")
      .def_readonly("end", &ParagraphValue::end,
                    "UTF-8 byte offset past it (exclusive), separator included.")
      .def_readonly("start_index", &ParagraphValue::start_index, "``start`` as a code point index.")
      .def_readonly("end_index", &ParagraphValue::end_index, "``end`` as a code point index.")
      .def_readonly("level", &ParagraphValue::level,
                    "Base level: 0 left to right, 1 right to left.")
      .def_property_readonly(
          "is_rtl", [](const ParagraphValue& p) { return (p.level & 1) != 0; },
          "True if the paragraph's base direction is right to left.")
      .def("__repr__", [](const ParagraphValue& p) {
        return "<satr.Paragraph " + fmt(p.start) + ".." + fmt(p.end) +
               " level=" + fmt(int(p.level)) + ">";
      });

  py::class_<LayoutData, std::shared_ptr<LayoutData>> layout_class(m, "Layout", R"doc(
A laid-out text: lines stacked top to bottom, px units, origin at the top left of the
layout box (no margin). Immutable; safe to read and render from several threads.
)doc");
  layout_class
      .def_property_readonly(
          "width", [](const LayoutData& d) { return d.layout.width; },
          "The wrap width, or the widest line when not wrapping, px.")
      .def_property_readonly(
          "height", [](const LayoutData& d) { return d.layout.height; },
          "Sum of the line heights, px.")
      .def_property_readonly("lines", &lines_of, "The lines, top to bottom (a new list).")
      .def_property_readonly(
          "paragraphs",
          [](const LayoutData& d) {
            std::vector<ParagraphValue> out;
            for (const satr::ParagraphInfo& p : d.layout.paragraphs)
              out.push_back({p.range.start, p.range.end, d.indices.index(p.range.start),
                             d.indices.index(p.range.end), p.base_level});
            return out;
          },
          "The paragraphs of the text with their base direction (a new list).")
      .def_property_readonly(
          "text_length", [](const LayoutData& d) { return d.indices.length(); },
          "Number of code points in the text that was laid out.")
      .def_property_readonly(
          "truncated", [](const LayoutData& d) { return d.layout.truncated; },
          "True if ``max_lines`` cut the text: the last line then ends with the ellipsis, "
          "whose glyphs have as cluster the offset where the text was cut.")
      .def("to_dict", &to_dict, "margin"_a = 16.0, R"doc(
The layout as plain dicts and lists: exactly the JSON of ``shape --format json``::

    {"width", "height",                  # image size: ceil(layout size + 2 * margin), px
     "paragraphs": [...],
     "lines": [{"start", "end", "paragraph", "x", "baseline", "width", "ascent",
                "descent", "top", "height",
                "runs": [{"start", "end", "level", "direction", "font", "size",
                          "glyphs": [{"id", "cluster", "x", "y", "advance"}]}]}]}

Offsets are UTF-8 byte offsets; x, y, top and baseline are image coordinates (the margin
added), matching an image made by ``render(margin=margin)``; ``font`` is the font's file
name; numbers are rounded to two decimals.
)doc")
      .def(
          "dump",
          [](const LayoutData& d) {
            return to_str(satr::layout_to_text(d.layout, d.indices.text()), "backslashreplace");
          },
          R"doc(
A readable listing for debugging: per line its byte range and metrics, per run its bidi
level, font and text, and the glyphs in hb-shape notation ``[gid=cluster@dx,dy+advance]``.
)doc")
      .def("__repr__", [](const LayoutData& d) {
        return "<satr.Layout width=" + fmt(d.layout.width) + " height=" + fmt(d.layout.height) +
               " lines=" + fmt(d.layout.lines.size()) + ">";
      });

  {
    // Colours are untyped handles in C++; the docstring carries the Python signature.
    py::options options;
    options.disable_function_signatures();
    layout_class.def(
        "render", &render_layout, "fg"_a = "black", "bg"_a = "white", "margin"_a = 16.0,
        "scale"_a = 1.0,
        R"doc(render(self, fg: str | tuple[int, ...] = 'black', bg: str | tuple[int, ...] = 'white', margin: float = 16.0, scale: float = 1.0) -> satr.Image

Rasterizes the layout into an RGBA Image of (the layout size plus ``margin`` px on every
side) times ``scale``: with scale 2, glyphs are rasterized at twice the size, for a
screen of twice the density. Colours are "#rrggbb", "#rrggbbaa", "black", "white",
"transparent", or a tuple of 3 or 4 ints in 0..255. The GIL is released while drawing.
)doc");
  }
  bind_layout_output(layout_class);

  bind_carets(m, layout_class);

  m.def("_layout", &layout, "text"_a, "fonts"_a, "spans"_a, "context"_a,
        "Lays out UTF-8 bytes; the keyword-friendly entry point is satr.layout(). The style "
        "options come as keywords, all of them, as satr.layout() normalises them.");
  m.def("_layout_batch", &layout_many, "texts"_a, "fonts"_a, "threads"_a, "context"_a,
        "Lays out a list of UTF-8 bytes on worker threads; see satr.layout_batch().");
}

}  // namespace satr::python
