// satr — a Layout written out: PNG, SVG, PDF, JSON or a text listing, chosen by one rule.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "satr/layout.hpp"
#include "satr/render.hpp"

namespace satr {

class Context;

/// What a layout can be written as.
enum class OutputFormat {
  Png,   ///< render() rasterized, PNG encoded.
  Svg,   ///< Glyph outlines, one definition per glyph reused (cairo).
  Pdf,   ///< Fonts embedded as subsets, the text extractable (cairo).
  Json,  ///< layout_to_json, with the render margin as offset.
  Text,  ///< layout_to_text, the hb-shape-style listing.
};

/// "png", "svg", "pdf", "json" or "text".
std::string_view output_format_name(OutputFormat format);
/// The format of that name (as output_format_name gives it; "txt" is Text too), if any.
std::optional<OutputFormat> output_format_named(std::string_view name);

/// The format in which to write `path`: the one its extension names (.png, .svg, .pdf,
/// .json, .txt or .text, in any case); `requested` when given, which must then agree with
/// the extension; PNG for a name without extension (a device such as /dev/null, say).
/// Throws Error(InvalidArgument) with a one-line message for an extension that is unknown
/// or disagrees with `requested`: bytes of one format never go to a file named for another.
OutputFormat output_format_for(std::string_view path, std::optional<OutputFormat> requested = {});

/// The layout as SVG: a page of the size render() would make (in px), glyph outlines as
/// definitions used once per glyph drawn, colours and background as render() draws them.
/// Throws Error(InvalidArgument) if satr was built without cairo.
[[nodiscard]] std::string layout_to_svg(const Layout& layout, const RenderOptions& options = {});

/// The layout as a one-page PDF: fonts embedded as subsets and the glyphs mapped back to
/// `text` (the text the layout was made from), so that a PDF reader can search and copy
/// it. The page is render()'s image size in px; with options.dpi, 1 px is 72/dpi pt.
[[nodiscard]] std::string layout_to_pdf(const Layout& layout, std::string_view text,
                                        const RenderOptions& options = {});

/// The layout encoded in `format`. `text` is the text it was laid out from (the listing
/// and the PDF's text need it). Raster formats use `context`'s glyph cache.
[[nodiscard]] std::string encode_layout(const Layout& layout, std::string_view text,
                                        OutputFormat format, const RenderOptions& options = {},
                                        Context* context = nullptr);

/// Writes the layout to `path` in output_format_for(path, format), all or nothing
/// (write_file). Throws Error(InvalidArgument) for a format rule broken, before anything
/// is drawn; Error(Io) if the file cannot be written.
void save_layout(const Layout& layout, std::string_view text, const std::string& path,
                 std::optional<OutputFormat> format = {}, const RenderOptions& options = {},
                 Context* context = nullptr);

}  // namespace satr
