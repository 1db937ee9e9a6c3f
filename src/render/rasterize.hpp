// The renderer's internals, exposed to tests and to render().
#pragma once

#include "render/glyph_cache.hpp"
#include "satr/render.hpp"

namespace satr::detail {

struct ImageSize {
  int width = 0;
  int height = 0;
};

/// The size of the image that renders `layout` with `margin` px on every side:
/// ceil(layout size + 2 × margin), at least 1 × 1. Throws Error(InvalidArgument) for a
/// negative or non-finite margin or layout size, Error(LimitExceeded) naming the size when
/// a side exceeds kMaxImageDimension — before anything is allocated.
ImageSize image_size_for(const Layout& layout, float margin);

/// render() with an explicit glyph cache.
Image render_layout(const Layout& layout, const RenderOptions& options, GlyphCache& cache);

}  // namespace satr::detail
