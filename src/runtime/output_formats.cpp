// Writing a layout in any format: the entry points that need a Context (for the glyph
// cache of raster output).
#include "output/png_pixels.hpp"
#include "render/rasterize.hpp"
#include "runtime/context_impl.hpp"
#include "satr/output.hpp"
#include "output/formats.hpp"

namespace satr {

std::string encode_layout(const Layout& layout, std::string_view text, OutputFormat format,
                          const RenderOptions& options, Context* context) {
  switch (format) {
    case OutputFormat::Png: {
      // A layout in one colour goes from coverage to PNG without its RGBA image, a quarter
      // of the memory and no pass to choose the colour type; the pixels are the same.
      Context& ctx = context ? *context : Context::default_context();
      detail::GlyphCache& cache = ctx.impl().glyph_cache;
      std::optional<detail::CoverageImage> coverage =
          detail::render_coverage(layout, options, cache);
      const std::vector<uint8_t> png =
          coverage ? detail::encode_png(*coverage, options.dpi)
                   : detail::render_layout(layout, options, cache).encode_png(options.dpi);
      return std::string(png.begin(), png.end());
    }
    default:
      return detail::encode_without_raster(layout, text, format, options);
  }
}

void save_layout(const Layout& layout, std::string_view text, const std::string& path,
                 std::optional<OutputFormat> format, const RenderOptions& options,
                 Context* context) {
  const OutputFormat chosen = output_format_for(path, format);
  detail::write_file_atomically(path, encode_layout(layout, text, chosen, options, context));
}

}  // namespace satr
