// satr::render: rasterizes a Layout's glyphs into an RGBA image.
//
// Glyph coverage is first accumulated into one 8-bit mask for the whole image and the mask
// is then composited once with the foreground colour (once per colour, with styled spans). Adding coverage (rather than
// compositing glyph after glyph) is what keeps joined Arabic letters seamless: where two
// glyphs abut inside one pixel, their partial coverages sum to the full pixel, whereas
// "over" compositing would leave a faint light seam at every join.
#include "satr/render.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "render/glyph_cache.hpp"
#include "render/layout_access.hpp"
#include "render/rasterize.hpp"
#include "satr/error.hpp"

namespace satr {
namespace detail {
namespace {

std::string number_text(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", decimals, value);
  return buffer;
}
std::string px_text(double value) { return number_text(value, 2); }

/// Glyphs entirely beyond this distance outside the image are skipped before their
/// position is converted to integers (a hand-built Layout may hold any float).
constexpr double kFarOutside = 4.0 * kMaxImageDimension;

/// `color` with coverage `m` over the straight-alpha pixel `p` (changed in place); false
/// if nothing is drawn (no alpha results).
bool blend(Color color, uint8_t m, uint8_t* p) {
  const float color_alpha = color.a / 255.0f;
  const float src_a = color_alpha * (m / 255.0f);
  const float dst_a = p[3] / 255.0f;
  const float out_a = src_a + dst_a * (1.0f - src_a);
  if (out_a <= 0.0f) return false;
  const float dst_weight = dst_a * (1.0f - src_a);
  const uint8_t src[3] = {color.r, color.g, color.b};
  for (int c = 0; c < 3; ++c) {
    const float value = (src[c] * src_a + p[c] * dst_weight) / out_a;
    p[c] = static_cast<uint8_t>(std::lround(std::clamp(value, 0.0f, 255.0f)));
  }
  p[3] = static_cast<uint8_t>(std::lround(out_a * 255.0f));
  return true;
}

/// The coverage mask and the rectangle that glyphs touched, so compositing visits only it.
class CoverageMask {
 public:
  CoverageMask(int width, int height) : width_(width), height_(height) {
    // calloc: a large zeroed block comes from the kernel already zero, without a pass
    // over it.
    coverage_.reset(static_cast<uint8_t*>(
        std::calloc(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), 1)));
    if (!coverage_) {
      throw Error(ErrorCode::LimitExceeded, "out of memory for the coverage of a " +
                                                std::to_string(width) + "x" +
                                                std::to_string(height) + " px image");
    }
  }

  /// Adds `bitmap` with its origin at pixel (origin_x, baseline_y), clipped to the mask.
  long width() const { return width_; }
  long height() const { return height_; }

  void add(const GlyphBitmap& bitmap, long origin_x, long baseline_y) {
    const long x0 = origin_x + bitmap.left;
    const long y0 = baseline_y - bitmap.top;
    const long col_begin = std::max<long>(0, -x0);
    const long col_end = std::min<long>(bitmap.width, width_ - x0);
    const long row_begin = std::max<long>(0, -y0);
    const long row_end = std::min<long>(bitmap.height, height_ - y0);
    if (col_begin >= col_end || row_begin >= row_end) return;
    for (long row = row_begin; row < row_end; ++row) {
      // Pointers start at the first visible column: a glyph reaching past the left edge of
      // the top row would otherwise form an address before the mask.
      const uint8_t* src =
          &bitmap.coverage[static_cast<std::size_t>(row * bitmap.width + col_begin)];
      uint8_t* dst = &coverage_[static_cast<std::size_t>((y0 + row) * width_ + x0 + col_begin)];
      for (long col = 0; col < col_end - col_begin; ++col) {
        const unsigned sum = unsigned{dst[col]} + src[col];
        dst[col] = static_cast<uint8_t>(sum > 255 ? 255 : sum);
      }
    }
    dirty_left_ = std::min(dirty_left_, x0 + col_begin);
    dirty_right_ = std::max(dirty_right_, x0 + col_end);
    dirty_top_ = std::min(dirty_top_, y0 + row_begin);
    dirty_bottom_ = std::max(dirty_bottom_, y0 + row_end);
  }

  /// The coverage, width × height bytes, for the caller to keep.
  std::unique_ptr<uint8_t[], CoverageFree> release() { return std::move(coverage_); }

  /// Zeroes the touched rectangle, ready for the next colour.
  void clear() {
    for (long y = dirty_top_; y < dirty_bottom_; ++y) {
      std::fill_n(&coverage_[static_cast<std::size_t>(y * width_ + dirty_left_)],
                  dirty_right_ - dirty_left_, uint8_t{0});
    }
    dirty_left_ = 1L << 30;
    dirty_right_ = 0;
    dirty_top_ = 1L << 30;
    dirty_bottom_ = 0;
  }

  /// Composites `color`, with the mask as extra alpha, over the image (straight alpha).
  /// `background` is the colour the image was filled with: most pixels a glyph touches
  /// still have it, and their results come from a table made once per call with the same
  /// arithmetic (so the pixels are those a per-pixel computation gives).
  void composite(Color color, Color background, Image& image) const {
    if (dirty_left_ >= dirty_right_) return;
    std::vector<uint8_t>& pixels = image.pixels();
    const uint8_t fill[4] = {background.r, background.g, background.b, background.a};
    uint32_t fill_value;
    std::memcpy(&fill_value, fill, 4);
    std::array<uint32_t, 256> over_fill;
    std::array<bool, 256> changes_fill;
    for (int m = 0; m < 256; ++m) {
      uint8_t p[4] = {fill[0], fill[1], fill[2], fill[3]};
      changes_fill[m] = blend(color, static_cast<uint8_t>(m), p);
      std::memcpy(&over_fill[m], p, 4);
    }
    for (long y = dirty_top_; y < dirty_bottom_; ++y) {
      for (long x = dirty_left_; x < dirty_right_; ++x) {
        const uint8_t m = coverage_[static_cast<std::size_t>(y * width_ + x)];
        if (m == 0) continue;
        uint8_t* p = &pixels[static_cast<std::size_t>(y * width_ + x) * 4];
        uint32_t value;
        std::memcpy(&value, p, 4);
        if (value == fill_value) {
          if (changes_fill[m]) std::memcpy(p, &over_fill[m], 4);
        } else {
          blend(color, m, p);
        }
      }
    }
  }

 private:
  int width_;
  int height_;
  std::unique_ptr<uint8_t[], CoverageFree> coverage_;
  long dirty_left_ = 1L << 30, dirty_right_ = 0, dirty_top_ = 1L << 30, dirty_bottom_ = 0;
};

}  // namespace

ImageSize image_size_for(const Layout& layout, float margin, float scale) {
  if (!std::isfinite(margin) || margin < 0.0f) {
    throw Error(ErrorCode::InvalidArgument,
                "margin " + px_text(margin) + " px is not a non-negative number");
  }
  if (!(scale > 0.0f && scale <= kMaxRenderScale)) {
    throw Error(ErrorCode::InvalidArgument, "scale " + px_text(scale) + " is not in (0, " +
                                                px_text(kMaxRenderScale) + "]");
  }
  if (!std::isfinite(layout.width) || !std::isfinite(layout.height) || layout.width < 0.0f ||
      layout.height < 0.0f) {
    throw Error(ErrorCode::InvalidArgument, "layout size " + px_text(layout.width) + "x" +
                                                px_text(layout.height) + " px is not valid");
  }
  // Computed in double: a float sum of a huge width and margin could round below the limit.
  const double width = std::ceil((double{layout.width} + 2.0 * margin) * scale);
  const double height = std::ceil((double{layout.height} + 2.0 * margin) * scale);
  check_image_size(width, height);
  // A PNG cannot be empty, so an empty layout without margin still yields one pixel.
  return ImageSize{std::max(1, static_cast<int>(width)), std::max(1, static_cast<int>(height))};
}

namespace {

void check_scaled_sizes(const Layout& layout, double scale) {
  for (const Run& run : layout.runs) {
    // A size the layout could hold but its scaled raster cannot (the glyph cache refuses
    // sizes past the limit, as bad arguments, whatever the scale).
    if (run.font_size <= kMaxFontSize && run.font_size * scale > kMaxFontSize) {
      throw Error(ErrorCode::LimitExceeded, "font size " + px_text(run.font_size) + " px at scale " +
                                                px_text(scale) + " exceeds the limit of " +
                                                px_text(kMaxFontSize) + " px");
    }
  }
}

/// The colours a layout draws in, the foreground first: one pass each.
std::vector<Color> colors_of(const Layout& layout, const RenderOptions& options) {
  std::vector<Color> colors = {options.foreground};
  for (const Run& run : layout.runs) {
    if (run.color && std::find(colors.begin(), colors.end(), *run.color) == colors.end()) {
      colors.push_back(*run.color);
    }
  }
  return colors;
}

/// Adds the coverage of every glyph drawn in `color` to `mask`.
void add_glyphs(const Layout& layout, const RenderOptions& options, Color color,
                GlyphCache& cache, CoverageMask& mask) {
  const double margin = options.margin;
  const double scale = options.scale;
  for (const Line& line : layout.lines) {
    for (const Run& run : checked_runs(layout, line)) {
      if (run.color.value_or(options.foreground) != color) continue;
      for (const Glyph& glyph : checked_glyphs(layout, run)) {
        const double x = (double{glyph.x} + margin) * scale;
        const double y = (double{glyph.y} + margin) * scale;
        if (!(std::fabs(x) < kFarOutside && std::fabs(y) < kFarOutside)) continue;
        // Quantize the origin to 1/kSubpixelSteps px horizontally, where Arabic joins and
        // Latin spacing need it, and to whole px vertically, where a line's glyphs share
        // one baseline and vertical steps would only multiply the cached bitmaps.
        const long steps = std::lround(x * kSubpixelSteps);
        const long whole_x = steps >= 0 ? steps / kSubpixelSteps
                                        : -((-steps + kSubpixelSteps - 1) / kSubpixelSteps);
        const int subpixel = static_cast<int>(steps - whole_x * kSubpixelSteps);
        const long baseline = std::lround(y);
        // The mask relative to the glyph's origin, y up: only this part of a glyph too big
        // to cache whole is rasterized.
        const PixelBox visible{-whole_x, baseline - mask.height(), mask.width() - whole_x,
                               baseline};
        const auto bitmap = cache.glyph(run.font, glyph.id,
                                        static_cast<float>(run.font_size * scale), subpixel, visible);
        if (!bitmap->empty()) mask.add(*bitmap, whole_x, baseline);
      }
    }
  }
}

}  // namespace

Image render_layout(const Layout& layout, const RenderOptions& options, GlyphCache& cache) {
  const ImageSize size = image_size_for(layout, options.margin, options.scale);
  check_scaled_sizes(layout, options.scale);
  Image image(size.width, size.height, options.background);
  CoverageMask mask(size.width, size.height);
  // One pass per colour (runs without a span colour use the foreground): glyphs of one
  // colour share a mask, so joined letters still meet without seams, and a coloured letter
  // is drawn over the same positions as if it were not coloured.
  const std::vector<Color> colors = colors_of(layout, options);
  for (const Color& color : colors) {
    add_glyphs(layout, options, color, cache, mask);
    mask.composite(color, options.background, image);
    if (&color != &colors.back()) mask.clear();
  }
  return image;
}

std::optional<CoverageImage> render_coverage(const Layout& layout, const RenderOptions& options,
                                             GlyphCache& cache) {
  const ImageSize size = image_size_for(layout, options.margin, options.scale);
  check_scaled_sizes(layout, options.scale);
  const std::vector<Color> colors = colors_of(layout, options);
  if (colors.size() != 1) return std::nullopt;
  CoverageMask mask(size.width, size.height);
  add_glyphs(layout, options, options.foreground, cache, mask);
  CoverageImage out;
  out.width = size.width;
  out.height = size.height;
  // The pixel each coverage gives, computed as render_layout computes it.
  const Color background = options.background;
  for (int m = 0; m < 256; ++m) {
    uint8_t p[4] = {background.r, background.g, background.b, background.a};
    blend(options.foreground, static_cast<uint8_t>(m), p);
    out.colors[m] = {p[0], p[1], p[2], p[3]};
  }
  out.coverage = mask.release();
  return out;
}

}  // namespace detail

}  // namespace satr
