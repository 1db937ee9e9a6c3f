// satr Python bindings — satr::Error as Python exceptions.
//
// Each ErrorCode gets its own class, derived both from satr.Error (so one except clause
// catches everything satr raises) and from the built-in exception a Python user expects:
// FileNotFoundError for a missing font, OSError for an unusable font or a failed write,
// ValueError for bad options, invalid UTF-8 and exceeded limits.
#include <cerrno>
#include <string>

#include "bindings.hpp"
#include "satr/error.hpp"

namespace satr::python {
namespace {

struct ExceptionClass {
  satr::ErrorCode code;
  const char* name;       // attribute name in the module
  const char* code_name;  // value of the exception's `code` attribute
  PyObject* builtin;      // the built-in base besides satr.Error
  const char* doc;
  PyObject* type = nullptr;
};

PyObject* g_base = nullptr;

ExceptionClass g_classes[] = {
    {satr::ErrorCode::FontNotFound, "FontNotFoundError", "font_not_found", PyExc_FileNotFoundError,
     "A font file does not exist or cannot be opened."},
    {satr::ErrorCode::FontInvalid, "InvalidFontError", "font_invalid", PyExc_OSError,
     "A font file exists but is not a usable OpenType/TrueType font."},
    {satr::ErrorCode::Io, "FileError", "io", PyExc_OSError,
     "Reading or writing a file failed (for example, saving a PNG)."},
    {satr::ErrorCode::InvalidArgument, "InvalidArgumentError", "invalid_argument", PyExc_ValueError,
     "An option or parameter is outside its domain (size, width, colour...)."},
    {satr::ErrorCode::InvalidUtf8, "InvalidUtf8Error", "invalid_utf8", PyExc_ValueError,
     "Strict decoding met ill-formed UTF-8; `byte_offset` says where."},
    {satr::ErrorCode::LimitExceeded, "LimitExceededError", "limit_exceeded", PyExc_ValueError,
     "The input or the output would exceed one of satr's documented limits."},
    {satr::ErrorCode::Internal, "InternalError", "internal", PyExc_RuntimeError,
     "ICU, FreeType or libpng failed where no input explains it (a bug to report)."},
};

ExceptionClass& class_for(satr::ErrorCode code) {
  for (ExceptionClass& c : g_classes)
    if (c.code == code) return c;
  return g_classes[3];  // unknown codes are treated as bad arguments
}

// The message names the byte offset where one applies, so a bare traceback is enough to
// find the bad byte.
std::string message_with_offset(const satr::Error& error) {
  std::string message = error.what();
  if (error.byte_offset() == satr::kNoOffset) return message;
  const std::string offset = std::to_string(error.byte_offset());
  if (message.find("byte") != std::string::npos && message.find(offset) != std::string::npos)
    return message;
  return message + " (at byte " + offset + ")";
}

}  // namespace

void raise_error(const satr::Error& error) {
  const ExceptionClass& c = class_for(error.code());
  py::object type = py::reinterpret_borrow<py::object>(c.type);
  py::object instance = type(to_str(message_with_offset(error), "backslashreplace"));
  instance.attr("code") = c.code_name;
  if (error.byte_offset() == satr::kNoOffset)
    instance.attr("byte_offset") = py::none();
  else
    instance.attr("byte_offset") = error.byte_offset();
  if (error.code() == satr::ErrorCode::FontNotFound) instance.attr("errno") = ENOENT;
  PyErr_SetObject(c.type, instance.ptr());
}

void invalid_argument(const std::string& message) {
  throw satr::Error(satr::ErrorCode::InvalidArgument, message);
}

void bind_errors(py::module_& m) {
  g_base = PyErr_NewExceptionWithDoc(
      "satr.Error",
      "Base class of every exception satr raises.\n\n"
      "Attributes:\n"
      "    code: one of 'invalid_argument', 'invalid_utf8', 'font_not_found',\n"
      "        'font_invalid', 'limit_exceeded', 'io'.\n"
      "    byte_offset: UTF-8 byte offset into the text where the problem is, or None.",
      PyExc_Exception, nullptr);
  if (g_base == nullptr) throw py::error_already_set();
  py::object base = py::reinterpret_borrow<py::object>(g_base);
  base.attr("code") = py::none();
  base.attr("byte_offset") = py::none();
  m.add_object("Error", base);
  for (ExceptionClass& c : g_classes) {
    py::tuple bases = py::make_tuple(py::reinterpret_borrow<py::object>(g_base),
                                     py::reinterpret_borrow<py::object>(c.builtin));
    const std::string qualified = std::string("satr.") + c.name;
    c.type = PyErr_NewExceptionWithDoc(qualified.c_str(), c.doc, bases.ptr(), nullptr);
    if (c.type == nullptr) throw py::error_already_set();
    m.add_object(c.name, py::reinterpret_borrow<py::object>(c.type));
  }

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const satr::Error& error) {
      raise_error(error);
    }
  });
}

}  // namespace satr::python
