// The one rule for output formats: the names, and the format a file name calls for.
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <string>

#include "satr/error.hpp"
#include "output/formats.hpp"

#include "satr/output.hpp"
#include "satr/serialize.hpp"

namespace satr {
namespace {

struct FormatName {
  OutputFormat format;
  std::string_view name;
};

constexpr std::array<FormatName, 6> kNames = {{{OutputFormat::Png, "png"},
                                               {OutputFormat::Svg, "svg"},
                                               {OutputFormat::Pdf, "pdf"},
                                               {OutputFormat::Json, "json"},
                                               {OutputFormat::Text, "text"},
                                               {OutputFormat::Text, "txt"}}};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The path as shown in a message: one line, not too long.
std::string shown(std::string_view path) {
  std::string out;
  for (const char c : path.substr(0, 80)) out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  if (path.size() > 80) out += "...";
  return out;
}

}  // namespace

std::string_view output_format_name(OutputFormat format) {
  for (const FormatName& entry : kNames) {
    if (entry.format == format) return entry.name;
  }
  return "png";
}

std::optional<OutputFormat> output_format_named(std::string_view name) {
  for (const FormatName& entry : kNames) {
    if (entry.name == name) return entry.format;
  }
  return std::nullopt;
}

OutputFormat output_format_for(std::string_view path, std::optional<OutputFormat> requested) {
  const std::string extension = std::filesystem::path(path).extension().string();
  if (extension.empty()) return requested.value_or(OutputFormat::Png);
  const std::optional<OutputFormat> named = output_format_named(lower(extension.substr(1)));
  if (!named) {
    throw Error(ErrorCode::InvalidArgument,
                "'" + shown(path) + "': unknown file extension '" + shown(extension) +
                    "' (known: .png, .svg, .pdf, .json, .txt)");
  }
  if (requested && *requested != *named) {
    throw Error(ErrorCode::InvalidArgument,
                "'" + shown(path) + "' is named for " + std::string(output_format_name(*named)) +
                    ", not " + std::string(output_format_name(*requested)));
  }
  return *named;
}

namespace detail {

std::string encode_without_raster(const Layout& layout, std::string_view text,
                                  OutputFormat format, const RenderOptions& options) {
  switch (format) {
    case OutputFormat::Svg:
      return layout_to_svg(layout, options);
    case OutputFormat::Pdf:
      return layout_to_pdf(layout, text, options);
    case OutputFormat::Json:
      return layout_to_json(layout, options.margin, options.margin);
    case OutputFormat::Text:
      return layout_to_text(layout, text);
    case OutputFormat::Png:
      break;
  }
  throw Error(ErrorCode::InvalidArgument, "PNG is drawn through a Context");
}

void write_file_atomically(const std::string& path, std::string_view bytes) {
  write_file(path, bytes);
}

}  // namespace detail
}  // namespace satr
