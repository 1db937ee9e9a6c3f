// The renderer's internals, exposed to tests and to render().
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>

#include "render/glyph_cache.hpp"
#include "satr/render.hpp"

namespace satr::detail {

struct ImageSize {
  int width = 0;
  int height = 0;
};

/// The one rule for image sizes: throws Error(LimitExceeded) naming the size when a side
/// exceeds kMaxImageDimension or the whole exceeds kMaxImagePixels. In double, so a size
/// computed from huge layout lengths is checked before it is rounded to int.
void check_image_size(double width, double height);

/// The size of the image that renders `layout` with `margin` px on every side, `scale`
/// image px per layout px: ceil((layout size + 2 × margin) × scale), at least 1 × 1.
/// Throws Error(InvalidArgument) for a negative or non-finite margin or layout size or a
/// scale outside (0, kMaxRenderScale], and check_image_size's errors — before anything is
/// allocated.
ImageSize image_size_for(const Layout& layout, float margin, float scale = 1.0f);

/// render() with an explicit glyph cache.
Image render_layout(const Layout& layout, const RenderOptions& options, GlyphCache& cache);

struct CoverageFree {
  void operator()(uint8_t* p) const { std::free(p); }
};

/// A rendering in one colour as the coverage of each pixel (0–255) and the pixel that each
/// coverage gives: colors[coverage] is exactly what render() puts there. A quarter of the
/// memory of the RGBA image, and what a PNG of one colour over a background encodes.
struct CoverageImage {
  int width = 0;
  int height = 0;
  std::unique_ptr<uint8_t[], CoverageFree> coverage;  ///< width × height, rows top to bottom.
  std::array<std::array<uint8_t, 4>, 256> colors;     ///< RGBA, straight alpha.
};

/// render() as a CoverageImage, when the layout draws in the foreground only (no span
/// colour); nullopt otherwise. Throws as render() does.
std::optional<CoverageImage> render_coverage(const Layout& layout, const RenderOptions& options,
                                             GlyphCache& cache);

}  // namespace satr::detail
