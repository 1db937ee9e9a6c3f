// satr Python bindings — Font and FontCollection.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "bindings.hpp"
#include "satr/error.hpp"

namespace satr::python {

float check_size(double size, const char* what) {
  if (!std::isfinite(size) || size <= 0 || size > satr::kMaxFontSize) {
    std::ostringstream message;
    message << what << " must be a number in (0, " << satr::kMaxFontSize << "] px, got " << size;
    invalid_argument(message.str());
  }
  return static_cast<float>(size);
}

namespace {

double to_number(py::handle value, const char* what) {
  if (py::isinstance<py::bool_>(value) ||
      !(py::isinstance<py::int_>(value) || py::isinstance<py::float_>(value)))
    throw py::type_error(std::string(what) + ": expected a number, got " +
                         std::string(py::str(value.get_type().attr("__name__"))));
  const double number = PyFloat_AsDouble(value.ptr());
  if (number == -1.0 && PyErr_Occurred()) {  // an int too large for a double
    PyErr_Clear();
    invalid_argument(std::string(what) + ": number out of range");
  }
  return number;
}

char32_t code_point_of(py::handle value) {
  if (py::isinstance<py::str>(value)) {
    py::str text = py::reinterpret_borrow<py::str>(value);
    if (py::len(text) != 1) invalid_argument("has_glyph: expected a single character");
    return static_cast<char32_t>(PyUnicode_ReadChar(text.ptr(), 0));
  }
  if (py::isinstance<py::int_>(value) && !py::isinstance<py::bool_>(value)) {
    int overflow = 0;
    const long long cp = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
    if (overflow != 0 || cp < 0 || cp > 0x10FFFF)
      invalid_argument("has_glyph: code point out of range");
    return static_cast<char32_t>(cp);
  }
  throw py::type_error("has_glyph: expected a one-character str or an int code point");
}

py::str repr(const PyFont& f) {
  return py::str("<satr.Font {!r} size={} path={!r}>")
      .format(to_str(f.font.family_name(), "backslashreplace"), f.size,
              to_str(f.font.path(), "surrogateescape"));
}

// `size` is None or a number; None takes the first font's size.
PyFontCollection make_collection(std::vector<PyFont> fonts, py::handle size) {
  PyFontCollection c;
  c.size = !size.is_none() ? check_size(to_number(size, "size"), "size")
                           : (fonts.empty() ? kDefaultSize : fonts[0].size);
  for (const PyFont& f : fonts) c.chain.add(f.font);
  c.fonts = std::move(fonts);
  return c;
}

std::vector<PyFont> fonts_from_iterable(py::handle iterable) {
  if (py::isinstance<py::str>(iterable) || py::isinstance<py::bytes>(iterable) ||
      !py::isinstance<py::iterable>(iterable))
    throw py::type_error("FontCollection: expected an iterable of satr.Font");
  std::vector<PyFont> fonts;
  for (py::handle item : iterable) {
    if (!py::isinstance<PyFont>(item))
      throw py::type_error("FontCollection: expected satr.Font items, got " +
                           std::string(py::str(item.get_type().attr("__name__"))));
    fonts.push_back(item.cast<PyFont>());
  }
  return fonts;
}

}  // namespace

void bind_fonts(py::module_& m) {
  using namespace pybind11::literals;

  py::class_<PyFont> font_class(m, "Font", R"doc(
A font face loaded from an OpenType/TrueType file (or from bytes).

A Font is an immutable, cheap handle: copies share the loaded face, and one Font may be
used from several threads at once. The face itself has no size; ``size`` is only the
default size (px per em) that :func:`satr.layout` uses when it is not given ``size=``.

Raises FontNotFoundError (a FileNotFoundError) if the file cannot be opened and
InvalidFontError (an OSError) if it is not a usable font.
)doc");
  font_class
      .def(py::init([](const std::filesystem::path& path, double size, unsigned face_index) {
             const float px = check_size(size, "size");
             const std::string name = path.string();
             py::gil_scoped_release release;
             return PyFont{satr::Font::from_file(name, face_index), px};
           }),
           "path"_a, "size"_a = kDefaultSize, "face_index"_a = 0,
           "Loads face ``face_index`` of the font file at ``path`` (str or os.PathLike).")
      .def_static(
          "from_bytes",
          [](py::bytes data, const std::string& name, double size, unsigned face_index) {
            const float px = check_size(size, "size");
            std::string_view view = data;
            std::vector<uint8_t> bytes(view.begin(), view.end());
            py::gil_scoped_release release;
            return PyFont{satr::Font::from_memory(std::move(bytes), name, face_index), px};
          },
          "data"_a, "name"_a = "<memory>", "size"_a = kDefaultSize, "face_index"_a = 0,
          "Loads a font from the bytes of a font file; ``name`` stands in for the file name.")
      .def_property_readonly(
          "path", [](const PyFont& f) { return to_str(f.font.path(), "surrogateescape"); },
          "The path the font was loaded from (or the name given to from_bytes).")
      .def_property_readonly(
          "file_name",
          [](const PyFont& f) { return to_str(f.font.file_name(), "surrogateescape"); },
          "The last component of ``path``, as used by Layout.to_dict().")
      .def_property_readonly(
          "family_name",
          [](const PyFont& f) { return to_str(f.font.family_name(), "backslashreplace"); },
          "The family name from the font's name table, e.g. 'Noto Naskh Arabic'.")
      .def_property_readonly(
          "units_per_em", [](const PyFont& f) { return f.font.units_per_em(); },
          "Design units per em.")
      .def_property_readonly(
          "size", [](const PyFont& f) { return f.size; },
          "Default size in px per em used by layout() when it is given no size.")
      .def(
          "with_size",
          [](const PyFont& f, double size) {
            return PyFont{f.font, check_size(size, "size")};
          },
          "size"_a, "Returns a Font sharing this face with another default size.")
      .def(
          "__eq__",
          [](const PyFont& a, py::handle b) {
            return py::isinstance<PyFont>(b) && a.font == b.cast<const PyFont&>().font;
          },
          py::is_operator())
      .def("__hash__", [](const PyFont& f) { return py::hash(py::int_(f.font.id())); })
      .def("__repr__", &repr);

  py::class_<PyFontCollection> collection_class(m, "FontCollection", R"doc(
An ordered fallback chain of fonts.

Each grapheme cluster is drawn with the first font of the chain that covers all of it, so
put the font for the main script first (e.g. an Arabic font, then a Latin one).

``size`` is the default size (px per em) layout() uses when it is given no ``size=``; if
omitted it is the first font's size (32 for an empty collection).
)doc");
  collection_class
      .def_static(
          "bundled",
          [](double size) {
            const float px = check_size(size, "size");
            satr::FontCollection chain = satr::FontCollection::bundled();
            std::vector<PyFont> fonts;
            for (const satr::Font& f : chain.fonts()) fonts.push_back(PyFont{f, px});
            return make_collection(std::move(fonts), py::float_(px));
          },
          "size"_a = kDefaultSize,
          "The fonts shipped with the satr C++ library (Noto Naskh Arabic, then Noto Sans), "
          "found through $SATR_FONT_DIR, the install folder or the source tree.")
      .def_static("bundled_font_dir", &satr::FontCollection::bundled_font_dir,
                  "The folder FontCollection.bundled() loads from.")
      .def_property_readonly(
          "fonts", [](const PyFontCollection& c) { return c.fonts; },
          "The fonts of the chain, first choice first (a new list).")
      .def_property_readonly(
          "size", [](const PyFontCollection& c) { return c.size; },
          "Default size in px per em used by layout() when it is given no size.")
      .def(
          "with_size",
          [](const PyFontCollection& c, double size) {
            return make_collection(c.fonts, py::float_(size));
          },
          "size"_a, "Returns a collection of the same fonts with another default size.")
      .def("__len__", [](const PyFontCollection& c) { return c.fonts.size(); })
      .def("__iter__", [](const PyFontCollection& c) { return py::iter(py::cast(c.fonts)); })
      .def("__getitem__",
           [](const PyFontCollection& c, py::handle index) {
             py::object list = py::cast(c.fonts);
             return py::object(list[index]);
           })
      .def("__repr__", [](const PyFontCollection& c) {
        py::list names;
        for (const PyFont& f : c.fonts)
          names.append(to_str(f.font.family_name(), "backslashreplace"));
        return py::str("<satr.FontCollection {!r} size={}>").format(names, c.size);
      });

  {
    // Arguments taken as handles (to accept several types) get their Python signature
    // written in the docstring.
    py::options options;
    options.disable_function_signatures();
    font_class
        .def(
            "has_glyph",
            [](const PyFont& f, py::handle ch) { return f.font.has_glyph(code_point_of(ch)); },
            "char"_a,
            "has_glyph(self, char: str | int) -> bool\n\n"
            "True if the font's cmap maps ``char`` (a one-character str or an int code point).")
        .def(
            "ascender",
            [](const PyFont& f, py::handle size) {
              return f.font.ascender(size.is_none() ? f.size
                                                    : check_size(to_number(size, "size"), "size"));
            },
            "size"_a = py::none(),
            "ascender(self, size: float | None = None) -> float\n\n"
            "Typographic ascender in px (positive, above the baseline) at ``size`` "
            "(default: this font's size).")
        .def(
            "descender",
            [](const PyFont& f, py::handle size) {
              return f.font.descender(size.is_none() ? f.size
                                                     : check_size(to_number(size, "size"), "size"));
            },
            "size"_a = py::none(),
            "descender(self, size: float | None = None) -> float\n\n"
            "Typographic descender in px (positive, below the baseline) at ``size`` "
            "(default: this font's size).");
    collection_class.def(py::init([](py::handle fonts, py::handle size) {
                           return make_collection(
                               fonts.is_none() ? std::vector<PyFont>{} : fonts_from_iterable(fonts),
                               size);
                         }),
                         "fonts"_a = py::none(), "size"_a = py::none(),
                         "__init__(self, fonts: Iterable[Font] | None = None, "
                         "size: float | None = None) -> None\n\n"
                         "Builds a chain from an iterable of Font objects, first choice first.");
  }
}

}  // namespace satr::python
