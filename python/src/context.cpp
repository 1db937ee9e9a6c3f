// satr Python bindings — satr.Context: the caches a long-running service bounds and empties.
#include <pybind11/pybind11.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "bindings.hpp"

namespace satr::python {

using namespace pybind11::literals;

namespace {

std::size_t budget(const py::object& value, const char* what, std::size_t current) {
  if (value.is_none()) return current;
  if (py::isinstance<py::bool_>(value) || !py::isinstance<py::int_>(value)) {
    throw py::type_error(std::string(what) + ": expected an int (bytes), got " +
                         std::string(py::str(value.get_type().attr("__name__"))));
  }
  const long long bytes = value.cast<long long>();
  if (bytes < 0) invalid_argument(std::string(what) + " must be >= 0 (0 turns the cache off)");
  return static_cast<std::size_t>(bytes);
}

satr::ContextOptions options_from(const py::object& shape, const py::object& glyph,
                                  const py::object& paragraph, satr::ContextOptions base) {
  base.shape_cache_bytes = budget(shape, "shape_cache_bytes", base.shape_cache_bytes);
  base.glyph_cache_bytes = budget(glyph, "glyph_cache_bytes", base.glyph_cache_bytes);
  base.paragraph_cache_bytes =
      budget(paragraph, "paragraph_cache_bytes", base.paragraph_cache_bytes);
  return base;
}

}  // namespace

void bind_context(py::module_& m) {
  using Bound = PyContext;
  py::class_<Bound, std::shared_ptr<Bound>>(m, "Context", R"doc(
Caches of shaped words, shaped paragraphs and rasterized glyphs, with byte budgets.

Layouts made with ``satr.layout(..., context=ctx)`` (or ``layout_batch``) use its caches,
and render through its glyph cache. Without a context, the library's default one is used,
whose budgets are 32 MiB (words), 32 MiB (paragraphs) and 64 MiB (glyphs). A service that
must bound its memory gives smaller budgets, or empties the caches with
``clear_caches()``. Caches never change results. A Context may be used by any number of
threads at once, including one that clears it while others lay out.
)doc")
      .def(py::init([](const py::object& shape, const py::object& glyph,
                       const py::object& paragraph) {
             auto bound = std::make_shared<Bound>();
             bound->options = options_from(shape, glyph, paragraph, satr::ContextOptions{});
             bound->context = std::make_shared<satr::Context>(bound->options);
             return bound;
           }),
           py::kw_only(), "shape_cache_bytes"_a = py::none(), "glyph_cache_bytes"_a = py::none(),
           "paragraph_cache_bytes"_a = py::none(),
           "A context with the given budgets in bytes (None: the default; 0: no cache).")
      .def(
          "clear_caches",
          [](Bound& self) {
            py::gil_scoped_release release;
            self.context->clear_caches();
          },
          "Empties every cache (the counters in stats() are kept).")
      .def(
          "set_budgets",
          [](Bound& self, const py::object& shape, const py::object& glyph,
             const py::object& paragraph) {
            self.options = options_from(shape, glyph, paragraph, self.options);
            py::gil_scoped_release release;
            self.context->set_options(self.options);
          },
          py::kw_only(), "shape_cache_bytes"_a = py::none(), "glyph_cache_bytes"_a = py::none(),
          "paragraph_cache_bytes"_a = py::none(),
          "Changes the budgets named (bytes), evicting at once what no longer fits.")
      .def_property_readonly(
          "budgets",
          [](const Bound& self) {
            return py::dict("shape_cache_bytes"_a = self.options.shape_cache_bytes,
                            "glyph_cache_bytes"_a = self.options.glyph_cache_bytes,
                            "paragraph_cache_bytes"_a = self.options.paragraph_cache_bytes);
          },
          "The budgets in bytes, as a dict.")
      .def(
          "stats",
          [](const Bound& self) {
            const satr::CacheStats s = self.context->stats();
            return py::dict("shape_hits"_a = s.shape_hits, "shape_misses"_a = s.shape_misses,
                            "shape_bytes"_a = s.shape_bytes,
                            "shape_entries"_a = s.shape_entries, "glyph_hits"_a = s.glyph_hits,
                            "glyph_misses"_a = s.glyph_misses, "glyph_bytes"_a = s.glyph_bytes,
                            "paragraph_hits"_a = s.paragraph_hits,
                            "paragraph_misses"_a = s.paragraph_misses);
          },
          "Cache counters and sizes, as a dict of ints.")
      .def("__repr__", [](const Bound& self) {
        const satr::CacheStats s = self.context->stats();
        return "<satr.Context shape_bytes=" + std::to_string(s.shape_bytes) +
               " glyph_bytes=" + std::to_string(s.glyph_bytes) + ">";
      });
}

}  // namespace satr::python
