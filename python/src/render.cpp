// satr Python bindings — Image (with the buffer protocol) and Layout.render().
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <sstream>

#include "bindings.hpp"
#include "satr/error.hpp"
#include "satr/output.hpp"

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

satr::RenderOptions render_options(py::handle fg, py::handle bg, double margin, double scale,
                                   double dpi) {
  satr::RenderOptions options;
  options.foreground = parse_color(fg, "fg");
  options.background = parse_color(bg, "bg");
  options.margin = static_cast<float>(check_margin(margin));
  if (!(scale > 0 && scale <= satr::kMaxRenderScale))
    invalid_argument("scale must be a number in (0, " +
                     std::to_string(static_cast<int>(satr::kMaxRenderScale)) + "]");
  options.scale = static_cast<float>(scale);
  if (!(dpi >= 0 && dpi <= 10000)) invalid_argument("dpi must be a number in [0, 10000]");
  options.dpi = static_cast<float>(dpi);
  return options;
}

satr::Image render_layout(const LayoutData& data, py::handle fg, py::handle bg, double margin,
                          double scale) {
  const satr::RenderOptions options = render_options(fg, bg, margin, scale, 0);
  py::gil_scoped_release release;
  return satr::render(data.layout, options, data.context.get());
}

namespace {

std::optional<satr::OutputFormat> format_option(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  const std::optional<satr::OutputFormat> format = satr::output_format_named(*name);
  if (!format) invalid_argument("format: '" + *name + "' is not one of png, svg, pdf, json, text");
  return format;
}

}  // namespace

void bind_layout_output(py::class_<LayoutData, std::shared_ptr<LayoutData>>& layout_class) {
  py::options options;
  options.disable_function_signatures();
  layout_class
      .def(
          "to_svg",
          [](const LayoutData& d, py::handle fg, py::handle bg, double margin, double scale) {
            const satr::RenderOptions o = render_options(fg, bg, margin, scale, 0);
            std::string svg;
            {
              py::gil_scoped_release release;
              svg = satr::layout_to_svg(d.layout, o);
            }
            return py::bytes(svg);
          },
          "fg"_a = "black", "bg"_a = "white", "margin"_a = 16.0, "scale"_a = 1.0,
          R"doc(to_svg(self, fg='black', bg='white', margin=16.0, scale=1.0) -> bytes

The layout as SVG: the page render() would make, glyph outlines defined once and used
wherever they are drawn.
)doc")
      .def(
          "to_pdf",
          [](const LayoutData& d, py::handle fg, py::handle bg, double margin, double scale,
             double dpi) {
            const satr::RenderOptions o = render_options(fg, bg, margin, scale, dpi);
            std::string pdf;
            {
              py::gil_scoped_release release;
              pdf = satr::layout_to_pdf(d.layout, d.indices.text(), o);
            }
            return py::bytes(pdf);
          },
          "fg"_a = "black", "bg"_a = "white", "margin"_a = 16.0, "scale"_a = 1.0, "dpi"_a = 0.0,
          R"doc(to_pdf(self, fg='black', bg='white', margin=16.0, scale=1.0, dpi=0.0) -> bytes

The layout as a one-page PDF with its fonts embedded as subsets and its text extractable
(search, copy, pdftotext) in logical order. With ``dpi``, 1 px is 72/dpi pt.
)doc")
      .def(
          "save",
          [](const LayoutData& d, const std::filesystem::path& path,
             const std::optional<std::string>& format, py::handle fg, py::handle bg,
             double margin, double scale, double dpi) {
            const satr::RenderOptions o = render_options(fg, bg, margin, scale, dpi);
            const std::optional<satr::OutputFormat> requested = format_option(format);
            const std::string name = path.string();
            py::gil_scoped_release release;
            satr::save_layout(d.layout, d.indices.text(), name, requested, o);
          },
          "path"_a, "format"_a = py::none(), "fg"_a = "black", "bg"_a = "white",
          "margin"_a = 16.0, "scale"_a = 1.0, "dpi"_a = 0.0,
          R"doc(save(self, path, format=None, fg='black', bg='white', margin=16.0, scale=1.0, dpi=0.0)

Writes the layout to ``path`` as png, svg, pdf, json or text: the format its extension
names (.png .svg .pdf .json .txt), ``format`` when given (and then the extension must
agree), png for a name without extension. An unknown or disagreeing extension raises
satr.InvalidArgumentError (a ValueError) before anything is written; a failed write
raises satr.FileError and leaves no partial file.
)doc");
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
            if (satr::output_format_for(name) != satr::OutputFormat::Png) {
              invalid_argument("'" + name +
                               "': an Image is pixels and is saved as PNG; save the Layout "
                               "for SVG, PDF, JSON or text");
            }
            py::gil_scoped_release release;
            img.write_png(name);
          },
          "path"_a,
          "Writes the image as PNG to ``path`` (str or os.PathLike) through a temporary file "
          "renamed into place. A name with another extension than .png (or none) raises "
          "satr.InvalidArgumentError; a failed write raises satr.FileError (an OSError).")
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
