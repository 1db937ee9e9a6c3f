// satr Python bindings — the _satr extension module. See bindings.hpp.
#include "bindings.hpp"
#include "satr/version.hpp"

PYBIND11_MODULE(_satr, m) {
  m.doc() =
      "Compiled core of the satr package: Arabic and bidirectional paragraph layout and PNG "
      "rendering. Import the `satr` package rather than this module.";
  m.attr("__version__") = satr::version();
  satr::python::bind_errors(m);
  satr::python::bind_context(m);
  satr::python::bind_fonts(m);
  satr::python::bind_render(m);  // before layout, so Layout.render's signature names Image
  satr::python::bind_layout(m);
}
