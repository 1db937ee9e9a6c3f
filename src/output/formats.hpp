// The output formats that need no glyph cache, for the entry points in runtime/.
#pragma once

#include <string>
#include <string_view>

#include "satr/output.hpp"

namespace satr::detail {

/// The layout as SVG, PDF, JSON or text (output_format_name); PNG is the runtime's, which
/// holds the glyph cache.
std::string encode_without_raster(const Layout& layout, std::string_view text,
                                  OutputFormat format, const RenderOptions& options);

/// satr::write_file: all or nothing.
void write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace satr::detail
