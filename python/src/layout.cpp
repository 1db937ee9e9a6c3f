// satr Python bindings — layout() and the Layout, Line, Run, Glyph and Paragraph views.
//
// Offsets are reported twice: as UTF-8 byte offsets (start, end, cluster — the C++ values)
// and as code point indices (start_index, end_index, cluster_index), which index the
// Python str the layout was made from.
#include <pybind11/stl.h>

#include <cmath>
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
  invalid_argument("align must be 'start', 'end', 'left', 'right' or 'center', got '" + name + "'");
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

satr::ParagraphStyle make_style(double size, double width, const std::string& align,
                                const std::string& direction, std::string features,
                                std::string language, double line_height, bool strict) {
  satr::ParagraphStyle style;
  style.font_size = check_size(size, "size");
  if (!std::isfinite(width) || width < 0)
    invalid_argument("width must be a finite number >= 0 (0 or None: no wrapping)");
  style.width = static_cast<float>(width);
  style.align = parse_align(align);
  style.direction = parse_direction(direction);
  style.features = std::move(features);
  style.language = std::move(language);
  if (!std::isfinite(line_height) || line_height <= 0 || line_height > kMaxLineHeight)
    invalid_argument("line_height must be a number in (0, 100]");
  style.line_height = static_cast<float>(line_height);
  style.strict_utf8 = strict;
  return style;
}

void check_fonts(const PyFontCollection& fonts) {
  if (fonts.chain.empty()) invalid_argument("fonts: the font collection is empty");
}

std::shared_ptr<LayoutData> layout(py::bytes text, const PyFontCollection& fonts, double size,
                                   double width, const std::string& align,
                                   const std::string& direction, std::string features,
                                   std::string language, double line_height, bool strict) {
  const satr::ParagraphStyle style = make_style(size, width, align, direction, std::move(features),
                                                std::move(language), line_height, strict);
  check_fonts(fonts);
  auto data = std::make_shared<LayoutData>();
  const std::string_view view = text;  // the bytes object outlives the call
  py::gil_scoped_release release;
  data->layout = satr::layout_text(view, fonts.chain, style);
  data->indices = IndexMap(view);
  return data;
}

std::vector<std::shared_ptr<LayoutData>> layout_many(
    const std::vector<py::bytes>& texts, const PyFontCollection& fonts, unsigned threads,
    double size, double width, const std::string& align, const std::string& direction,
    std::string features, std::string language, double line_height, bool strict) {
  const satr::ParagraphStyle style = make_style(size, width, align, direction, std::move(features),
                                                std::move(language), line_height, strict);
  check_fonts(fonts);
  std::vector<std::string_view> views(texts.begin(), texts.end());
  std::vector<std::shared_ptr<LayoutData>> out;
  py::gil_scoped_release release;
  std::vector<satr::Layout> layouts = satr::layout_batch(views, fonts.chain, style, threads);
  out.reserve(layouts.size());
  for (std::size_t i = 0; i < layouts.size(); ++i) {
    auto data = std::make_shared<LayoutData>();
    data->layout = std::move(layouts[i]);
    data->indices = IndexMap(views[i]);
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
      .def_property_readonly("glyphs", &glyphs_of,
                             "The glyphs in visual order, left to right (a new list).")
      .def("__repr__", [](const RunView& v) {
        const satr::Run& r = v.get();
        return py::str("<satr.Run {}..{} level={} font={} glyphs={}>")
            .format(r.range.start, r.range.end, int(r.level),
                    to_str(r.font.file_name(), "backslashreplace"), r.glyph_count);
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
        R"doc(render(self, fg: str | tuple[int, ...] = 'black', bg: str | tuple[int, ...] = 'white', margin: float = 16.0) -> satr.Image

Rasterizes the layout into an RGBA Image of the layout size plus ``margin`` px on every
side. Colours are "#rrggbb", "#rrggbbaa", "black", "white", "transparent", or a tuple of
3 or 4 ints in 0..255. The GIL is released while drawing.
)doc");
  }

  m.def("_layout", &layout, "text"_a, "fonts"_a, "size"_a, "width"_a, "align"_a, "direction"_a,
        "features"_a, "language"_a, "line_height"_a, "strict"_a,
        "Lays out UTF-8 bytes; the keyword-friendly entry point is satr.layout().");
  m.def("_layout_batch", &layout_many, "texts"_a, "fonts"_a, "threads"_a, "size"_a, "width"_a,
        "align"_a, "direction"_a, "features"_a, "language"_a, "line_height"_a, "strict"_a,
        "Lays out a list of UTF-8 bytes on worker threads; see satr.layout_batch().");
}

}  // namespace satr::python
