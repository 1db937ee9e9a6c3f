// satr Python bindings — the pieces shared by the binding files of the _satr module.
//
// The module is a thin layer over the public C++ API: it converts arguments, releases the
// GIL around layout and rendering, and maps satr::Error to Python exceptions. Friendly
// defaults (the bundled font chain, keyword normalisation) live in the pure-Python package.
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "satr/caret.hpp"
#include "satr/context.hpp"
#include "satr/error.hpp"
#include "satr/font.hpp"
#include "satr/layout.hpp"
#include "satr/render.hpp"

namespace satr::python {

namespace py = pybind11;

/// Conventional size (px per em) when neither layout() nor the fonts name one.
inline constexpr float kDefaultSize = 32.0f;

/// A satr::Font plus the size Python callers get when they name no size.
struct PyFont {
  satr::Font font;
  float size = kDefaultSize;
};

/// An ordered fallback chain plus its default size.
struct PyFontCollection {
  std::vector<PyFont> fonts;
  satr::FontCollection chain;
  float size = kDefaultSize;
};

/// Maps UTF-8 byte offsets of a text to code point indices (Python str indices).
///
/// Every byte that is not a continuation byte (10xxxxxx) starts a code point, which is
/// exact for well-formed UTF-8 and for str encoded with "surrogatepass". To keep memory
/// near the text size, it stores the text and the count at every kStride-th byte.
class IndexMap {
 public:
  IndexMap() = default;
  explicit IndexMap(std::string_view utf8);

  /// The index of the code point containing byte offset `byte`; offsets past the end map
  /// to the length.
  uint32_t index(uint32_t byte) const;
  /// The byte offset where code point `index` starts; `length()` maps to the text size.
  /// Requires index <= length().
  uint32_t offset(uint32_t index) const;
  /// Number of code points in the text.
  uint32_t length() const { return length_; }
  /// The UTF-8 text the map was built from.
  std::string_view text() const { return text_; }

 private:
  static constexpr uint32_t kStride = 64;
  std::string text_;
  std::vector<uint32_t> checkpoints_;  // code points before byte k * kStride
  uint32_t length_ = 0;
};

/// satr.Context: caches with byte budgets a service can bound and empty. Shared with the
/// layouts made in it, which render through its glyph cache, so it lives as long as they do.
struct PyContext {
  std::shared_ptr<satr::Context> context;
  satr::ContextOptions options;  ///< satr::Context keeps no copy; budgets reports these.
};

/// A finished layout shared by the Layout object and the Line and Run views taken from it,
/// so a view stays valid after the Layout object itself is gone.
struct LayoutData {
  satr::Layout layout;
  IndexMap indices;
  /// The context it was laid out in (empty: the default one); rendering uses it too.
  std::shared_ptr<satr::Context> context;

  /// Runs `use(index)` on the layout's CaretIndex, made on the first caret query and kept,
  /// so that each query after it costs O(log n) instead of a pass over its line. The
  /// index fills itself in as it is asked; the lock keeps that safe even where a caller
  /// has let the GIL go.
  template <typename Use>
  auto with_carets(Use&& use) const {
    std::lock_guard<std::mutex> lock(carets_mutex_);
    if (!carets_) carets_ = std::make_unique<satr::CaretIndex>(layout, indices.text());
    return use(*carets_);
  }

 private:
  mutable std::mutex carets_mutex_;
  mutable std::unique_ptr<satr::CaretIndex> carets_;
};
using LayoutPtr = std::shared_ptr<const LayoutData>;

/// Decodes bytes that ought to be UTF-8 but need not be (file names, messages naming them).
/// `errors` is a Python error handler: "surrogateescape" for paths, so os.fsencode gives
/// back the original bytes; "backslashreplace" for text meant to be read.
inline py::str to_str(std::string_view bytes, const char* errors) {
  PyObject* text =
      PyUnicode_DecodeUTF8(bytes.data(), static_cast<Py_ssize_t>(bytes.size()), errors);
  if (text == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(text);
}

/// Raises the Python exception matching `error` (called by the translator).
void raise_error(const satr::Error& error);

/// Throws satr::Error(InvalidArgument), which reaches Python as satr.InvalidArgumentError.
[[noreturn]] void invalid_argument(const std::string& message);

/// Checks a font size in px per em, throwing InvalidArgument naming `what` if it is not in
/// (0, kMaxFontSize].
float check_size(double size, const char* what);

/// Converts a Python colour ("#rrggbb", "#rrggbbaa", "black", "white", "transparent" or a
/// tuple of 3 or 4 ints in 0..255); errors name `what`.
satr::Color parse_color(py::handle value, const std::string& what);

/// Checks a margin in px, throwing InvalidArgument unless it is in [0, kMaxImageDimension].
double check_margin(double margin);

/// Layout.render(): rasterizes `data` with the GIL released.
satr::Image render_layout(const LayoutData& data, py::handle fg, py::handle bg, double margin,
                          double scale);
/// Layout.to_svg, to_pdf and save, bound on the Layout class.
void bind_layout_output(py::class_<LayoutData, std::shared_ptr<LayoutData>>& layout_class);

void bind_errors(py::module_& m);
void bind_context(py::module_& m);
void bind_fonts(py::module_& m);
void bind_layout(py::module_& m);
void bind_render(py::module_& m);
/// Adds hit_test, caret, move_visually and selection_rects to Layout (called by bind_layout).
void bind_carets(py::module_& m, py::class_<LayoutData, std::shared_ptr<LayoutData>>& layout_class);

}  // namespace satr::python
