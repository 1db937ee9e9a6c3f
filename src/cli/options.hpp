// The `shape` command's options: parsing and the usage text.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "satr/layout.hpp"
#include "satr/output.hpp"
#include "satr/render.hpp"

namespace satr::cli {

/// Everything the command line asked for.
struct Options {
  std::optional<std::string> text;       ///< The TEXT argument.
  std::optional<std::string> text_file;  ///< --text-file; "-" is standard input.
  std::optional<std::string> output;     ///< -o/--output.
  std::vector<std::string> fonts;        ///< --font, in fallback order; empty = bundled.
  std::optional<std::string> spans_file; ///< --spans; "-" is standard input.
  bool markup = false;                   ///< --markup: the text carries <span> markup.
  ParagraphStyle style;
  RenderOptions render;
  /// --format as given; the format written is output_format_for(-o, this), PNG without
  /// either. Checked against -o while parsing.
  std::optional<OutputFormat> format;
  std::optional<float> dpi;        ///< --dpi: --font-size is then in points.
  bool features_given = false;     ///< --features was given (checked against the library).
  bool spacing_given = false;      ///< --letter-spacing or --word-spacing was given.
  bool line_height_given = false;  ///< --line-height was given (checked against the library).
  bool ellipsis_given = false;     ///< --ellipsis was given (checked against the library).
  bool help = false;
  bool version = false;
};

/// A problem with the command line itself: exit status 1.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses argv[1..argc). Throws UsageError naming the option or argument at fault.
Options parse_options(int argc, const char* const* argv);

/// The --help text.
std::string usage_text();

}  // namespace satr::cli
