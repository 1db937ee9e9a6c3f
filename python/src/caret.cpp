// satr Python bindings — editing geometry on a Layout: hit testing, carets, visual cursor
// movement and selection rectangles (satr/caret.hpp).
//
// The Layout keeps the text it was laid out from, so these take and return str indices
// (code point indices) and convert them to and from the UTF-8 byte offsets of the C++ API.
// They go through one satr::CaretIndex per Layout, kept after the first query.
// Coordinates are layout coordinates, like Glyph.x and Line.top: px from the top left of
// the layout box, without the margin that Layout.render() adds.
#include <pybind11/stl.h>

#include <optional>
#include <sstream>

#include "bindings.hpp"
#include "satr/caret.hpp"

namespace satr::python {
namespace {

using namespace pybind11::literals;

using LayoutClass = py::class_<LayoutData, std::shared_ptr<LayoutData>>;

struct HitTestValue {
  satr::HitTestResult hit;
  uint32_t index;
  uint32_t grapheme_start, grapheme_end;  // code point indices
};

struct CaretValue {
  satr::Caret caret;
  uint32_t index;
};

// A str index argument: an int in [0, text_length]. Negative indices are not counted from
// the end: a caret index of -1 is almost always a bug in the caller.
uint32_t byte_offset(const LayoutData& data, py::handle value, const char* what) {
  if (!py::isinstance<py::int_>(value) || py::isinstance<py::bool_>(value))
    throw py::type_error(std::string(what) + ": expected an int str index, got " +
                         std::string(py::str(value.get_type().attr("__name__"))));
  int overflow = 0;
  const long long index = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (overflow != 0 || index < 0 || index > data.indices.length())
    throw py::index_error(std::string(what) + " " + std::string(py::str(value)) +
                          " is outside the text (0.." + std::to_string(data.indices.length()) +
                          ")");
  return data.indices.offset(static_cast<uint32_t>(index));
}

template <typename T>
std::string fmt(const T& value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string repr(const satr::CaretPosition& p) {
  return "CaretPosition(x=" + fmt(p.x) + ", top=" + fmt(p.top) + ", bottom=" + fmt(p.bottom) +
         ", level=" + fmt(int(p.level)) + ")";
}

}  // namespace

void bind_carets(py::module_& m, LayoutClass& layout_class) {
  py::class_<HitTestValue>(m, "HitTest", R"doc(
Where a point falls in a layout: the result of Layout.hit_test().
)doc")
      .def_property_readonly(
          "index", [](const HitTestValue& v) { return v.index; },
          "The caret stop nearest to the point, as a str index: the end of ``grapheme`` if "
          "``trailing``, else its start (on a wrapped line, a point on the trailing half of "
          "the line's last character gives its start, so the caret stays on that line).")
      .def_property_readonly(
          "offset", [](const HitTestValue& v) { return v.hit.offset; },
          "``index`` as a UTF-8 byte offset.")
      .def_property_readonly(
          "grapheme",
          [](const HitTestValue& v) { return py::make_tuple(v.grapheme_start, v.grapheme_end); },
          "(start, end) str indices of the grapheme cluster the point falls on, after "
          "clamping the point into the line; empty on a line without characters.")
      .def_property_readonly(
          "trailing", [](const HitTestValue& v) { return v.hit.trailing; },
          "True if the point is on the trailing half of the grapheme, in the direction of its "
          "run (the left half of a right-to-left grapheme is its trailing half).")
      .def_property_readonly(
          "inside", [](const HitTestValue& v) { return v.hit.inside; },
          "True if the point is inside the line box and between the edges of the line's "
          "text; False if it was clamped, and on an empty line.")
      .def_property_readonly(
          "line", [](const HitTestValue& v) { return v.hit.line; },
          "Index into Layout.lines of the line the point was resolved to.")
      .def("__repr__", [](const HitTestValue& v) {
        return "HitTest(index=" + fmt(v.index) + ", trailing=" +
               (v.hit.trailing ? "True" : "False") + ", inside=" +
               (v.hit.inside ? "True" : "False") + ", line=" + fmt(v.hit.line) + ")";
      });

  py::class_<satr::CaretPosition>(m, "CaretPosition", R"doc(
One caret: a vertical bar from ``top`` to ``bottom`` at ``x``, px in layout coordinates.
)doc")
      .def_readonly("x", &satr::CaretPosition::x, "px, layout coordinates (no margin).")
      .def_readonly("top", &satr::CaretPosition::top, "px: Line.top of the caret's line.")
      .def_readonly("bottom", &satr::CaretPosition::bottom,
                    "px: Line.top + Line.height of the caret's line.")
      .def_readonly("level", &satr::CaretPosition::level,
                    "Bidi level of the character whose edge the caret marks (at a line edge "
                    "with no character on that side, the paragraph's base level).")
      .def_property_readonly("is_rtl", &satr::CaretPosition::is_rtl,
                             "True if the caret belongs to right-to-left text.")
      .def("__repr__", &repr);

  py::class_<CaretValue>(m, "Caret", R"doc(
The caret or carets of one str index: the result of Layout.caret().

``primary`` is where a character of the paragraph's direction typed at the index would
appear (the strong cursor). ``secondary`` is set only at a direction boundary, where the
edges of the characters before and after the index are apart on screen (the weak cursor);
an editor should show both there.
)doc")
      .def_property_readonly(
          "index", [](const CaretValue& v) { return v.index; },
          "The caret stop, as a str index: the index passed in, or the start of the grapheme "
          "cluster it was inside, or the end of the last line for an index past it.")
      .def_property_readonly(
          "offset", [](const CaretValue& v) { return v.caret.offset; },
          "``index`` as a UTF-8 byte offset.")
      .def_property_readonly(
          "line", [](const CaretValue& v) { return v.caret.line; }, "Index into Layout.lines.")
      .def_property_readonly(
          "primary", [](const CaretValue& v) { return v.caret.primary; },
          "The strong caret (a CaretPosition).")
      .def_property_readonly(
          "secondary", [](const CaretValue& v) { return v.caret.secondary; },
          "The weak caret (a CaretPosition) at a direction boundary, else None.")
      .def("__repr__", [](const CaretValue& v) {
        return "Caret(index=" + fmt(v.index) + ", line=" + fmt(v.caret.line) +
               ", primary=" + repr(v.caret.primary) + ", secondary=" +
               (v.caret.secondary ? repr(*v.caret.secondary) : std::string("None")) + ")";
      });

  py::class_<satr::SelectionRect>(m, "SelectionRect", R"doc(
One rectangle of a selection, px in layout coordinates: as tall as its line box.
)doc")
      .def_readonly("x", &satr::SelectionRect::x, "Left edge, px.")
      .def_readonly("y", &satr::SelectionRect::y, "Top, px: Line.top.")
      .def_readonly("width", &satr::SelectionRect::width, "px, > 0.")
      .def_readonly("height", &satr::SelectionRect::height, "px: Line.height.")
      .def_readonly("line", &satr::SelectionRect::line, "Index into Layout.lines.")
      .def_readonly("level", &satr::SelectionRect::level,
                    "Bidi level of the selected text it covers.")
      .def_property_readonly("is_rtl", &satr::SelectionRect::is_rtl,
                             "True if it covers right-to-left text.")
      .def("__repr__", [](const satr::SelectionRect& r) {
        return "SelectionRect(x=" + fmt(r.x) + ", y=" + fmt(r.y) + ", width=" + fmt(r.width) +
               ", height=" + fmt(r.height) + ", line=" + fmt(r.line) +
               ", level=" + fmt(int(r.level)) + ")";
      });

  // Index arguments are handles (to tell a wrong type from an index out of range); the
  // docstrings carry the Python signatures.
  py::options options;
  options.disable_function_signatures();
  layout_class
      .def(
          "hit_test",
          [](const LayoutData& d, float x, float y) {
            const satr::HitTestResult hit =
                d.with_carets([&](satr::CaretIndex& carets) { return carets.hit_test(x, y); });
            return HitTestValue{hit, d.indices.index(hit.offset), d.indices.index(hit.grapheme.start),
                                d.indices.index(hit.grapheme.end)};
          },
          "x"_a, "y"_a, R"doc(hit_test(self, x: float, y: float) -> satr.HitTest

The caret stop nearest to the point (x, y) and the grapheme cluster under it. (x, y) are
px in layout coordinates, like Glyph.x and Line.top: for a point in an image made by
``render(margin=m)``, subtract m from both. The line is the one whose box contains y (the
first or last line for points above or below the text); x is clamped to the edges of the
line's text. An empty layout gives index 0, line 0, ``inside`` False.
)doc")
      .def(
          "caret",
          [](const LayoutData& d, py::handle index) {
            const uint32_t offset = byte_offset(d, index, "index");
            const satr::Caret c =
                d.with_carets([&](satr::CaretIndex& carets) { return carets.caret(offset); });
            return CaretValue{c, d.indices.index(c.offset)};
          },
          "index"_a, R"doc(caret(self, index: int) -> satr.Caret

The caret or carets for the str index ``index`` (0..text_length), in layout coordinates
(no margin). An index inside a grapheme cluster (between a letter and its marks) is moved
to the cluster's start. Between characters of different directions there are two carets:
``primary`` and ``secondary``.

Raises IndexError for an index outside 0..text_length, TypeError for a non-int.
)doc")
      .def(
          "move_visually",
          [](const LayoutData& d, py::handle index, int direction) {
            const uint32_t from = byte_offset(d, index, "index");
            const uint32_t offset = d.with_carets([&](satr::CaretIndex& carets) {
              return carets.move_visually(from, direction);
            });
            return d.indices.index(offset);
          },
          "index"_a, "direction"_a, R"doc(move_visually(self, index: int, direction: int) -> int

The caret stop one grapheme to the left (``direction`` -1) or right (+1) on screen of the
str index ``index``, following the primary carets: inside right-to-left text moving right
goes to the logically previous grapheme. Walking a line from its leftmost stop to its
rightmost visits each of its stops once. Past the end of a line the caret goes to the next
or previous line; at the text's first or last stop the index is returned unchanged.

Raises IndexError for an index outside 0..text_length and InvalidArgumentError (a
ValueError) if ``direction`` is not -1 or +1.
)doc")
      .def(
          "selection_rects",
          [](const LayoutData& d, py::handle start, py::handle end) {
            const uint32_t s = byte_offset(d, start, "start");
            const uint32_t e = byte_offset(d, end, "end");
            return d.with_carets(
                [&](satr::CaretIndex& carets) { return carets.selection_rects(s, e); });
          },
          "start"_a, "end"_a,
          R"doc(selection_rects(self, start: int, end: int) -> list[satr.SelectionRect]

Rectangles covering the selected text ``text[start:end]`` (str indices; their order does
not matter), in layout coordinates (no margin), ordered by line, then left to right. Text
of one direction gives one rectangle per line; a selection that crosses direction changes
gives one per visual piece, which need not be adjacent. Paragraph separators and empty
lines give none.

Raises IndexError for an index outside 0..text_length.
)doc");
}

}  // namespace satr::python
