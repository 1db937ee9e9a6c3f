// satr Python bindings — Image (with the buffer protocol) and Layout.render().
#include <pybind11/stl/filesystem.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "bindings.hpp"
#include "satr/error.hpp"

namespace satr::python {
namespace {

using namespace pybind11::literals;

}  // namespace

satr::Color parse_color(py::handle value, const std::string& what) {
  if (py::isinstance<py::str>(value)) {
    try {
      return satr::Color::parse(value.cast<std::string>());
    } catch (const satr::Error& error) {
      invalid_argument(what + ": " + error.what());
    }
  }
  if (py::isinstance<py::tuple>(value) || py::isinstance<py::list>(value)) {
    py::sequence items = py::reinterpret_borrow<py::sequence>(value);
    if (items.size() != 3 && items.size() != 4)
      invalid_argument(std::string(what) + ": a colour tuple has 3 or 4 components");
    uint8_t c[4] = {0, 0, 0, 255};
    for (std::size_t i = 0; i < items.size(); ++i) {
      py::handle item = items[i];
      if (!py::isinstance<py::int_>(item) || py::isinstance<py::bool_>(item))
        throw py::type_error(std::string(what) + ": colour components must be ints");
      int overflow = 0;
      const long long v = PyLong_AsLongLongAndOverflow(item.ptr(), &overflow);
      if (overflow != 0 || v < 0 || v > 255)
        invalid_argument(std::string(what) + ": colour components must be in 0..255");
      c[i] = static_cast<uint8_t>(v);
    }
    return satr::Color{c[0], c[1], c[2], c[3]};
  }
  throw py::type_error(std::string(what) +
                       ": expected a colour string such as '#1a2b3c' or an (r, g, b[, a]) "
                       "tuple");
}

double check_margin(double margin) {
  if (!std::isfinite(margin) || margin < 0 || margin > satr::kMaxImageDimension)
    invalid_argument("margin must be a number in [0, " + std::to_string(satr::kMaxImageDimension) +
                     "] px");
  return margin;
}

satr::Image render_layout(const LayoutData& data, py::handle fg, py::handle bg, double margin) {
  satr::RenderOptions options;
  options.foreground = parse_color(fg, "fg");
  options.background = parse_color(bg, "bg");
  options.margin = static_cast<float>(check_margin(margin));
  py::gil_scoped_release release;
  return satr::render(data.layout, options);
}

void bind_render(py::module_& m) {
  py::class_<satr::Image>(m, "Image", py::buffer_protocol(), R"doc(
An 8-bit RGBA image (straight alpha), rows top to bottom.

Supports the buffer protocol as a C-contiguous uint8 array of shape (height, width, 4),
so ``numpy.asarray(image)`` and
``PIL.Image.frombuffer("RGBA", (image.width, image.height), image, "raw", "RGBA", 0, 1)``
share its memory without copying. The buffer is writable: edits show in save() and
to_png().
)doc")
      .def_property_readonly("width", &satr::Image::width, "Width in px.")
      .def_property_readonly("height", &satr::Image::height, "Height in px.")
      .def_property_readonly(
          "size", [](const satr::Image& img) { return py::make_tuple(img.width(), img.height()); },
          "(width, height) in px, as Pillow orders them.")
      .def_property_readonly(
          "mode", [](const satr::Image&) { return "RGBA"; }, "Always 'RGBA'.")
      .def(
          "save",
          [](const satr::Image& img, const std::filesystem::path& path) {
            const std::string name = path.string();
            py::gil_scoped_release release;
            img.write_png(name);
          },
          "path"_a,
          "Writes the image as PNG to ``path`` (str or os.PathLike) through a temporary file "
          "renamed into place. Raises satr.FileError (an OSError) on failure.")
      .def(
          "to_png",
          [](const satr::Image& img) {
            std::vector<uint8_t> png;
            {
              py::gil_scoped_release release;
              png = img.encode_png();
            }
            return py::bytes(reinterpret_cast<const char*>(png.data()), png.size());
          },
          "The image encoded as PNG bytes.")
      .def(
          "pixel",
          [](const satr::Image& img, int x, int y) {
            if (x < 0 || y < 0 || x >= img.width() || y >= img.height())
              throw py::index_error("pixel (" + std::to_string(x) + ", " + std::to_string(y) +
                                    ") is outside the image");
            const satr::Color c = img.pixel(x, y);
            return py::make_tuple(c.r, c.g, c.b, c.a);
          },
          "x"_a, "y"_a, "The (r, g, b, a) tuple of the pixel at column x, row y.")
      .def(
          "to_pil",
          [](const satr::Image& img) {
            py::object pil = py::module_::import("PIL.Image");
            const auto& px = img.pixels();
            py::bytes raw(reinterpret_cast<const char*>(px.data()), px.size());
            return pil.attr("frombytes")("RGBA", py::make_tuple(img.width(), img.height()), raw);
          },
          "A copy of the image as a PIL.Image.Image in mode 'RGBA' (requires Pillow).")
      .def_buffer([](satr::Image& img) {
        const auto w = static_cast<py::ssize_t>(img.width());
        const auto h = static_cast<py::ssize_t>(img.height());
        return py::buffer_info(img.pixels().data(), 1, py::format_descriptor<uint8_t>::format(), 3,
                               {h, w, py::ssize_t{4}}, {w * 4, py::ssize_t{4}, py::ssize_t{1}});
      })
      .def("__repr__", [](const satr::Image& img) {
        return "<satr.Image " + std::to_string(img.width()) + "x" + std::to_string(img.height()) +
               " RGBA>";
      });
}

}  // namespace satr::python
