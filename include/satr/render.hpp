// satr — rasterizing a Layout into an RGBA image and encoding it as PNG.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "satr/color.hpp"
#include "satr/layout.hpp"
#include "satr/limits.hpp"

namespace satr {

class Context;

/// How to draw a Layout.
struct RenderOptions {
  Color foreground{0, 0, 0, 255};
  Color background{255, 255, 255, 255};
  float margin = 16.0f;  ///< px added on every side of the layout box.
  /// Image pixels per layout px, in (0, kMaxRenderScale]: 2 renders for a screen of twice
  /// the density, glyphs rasterized at twice the size (not enlarged). Vector output
  /// scales its page likewise.
  float scale = 1.0f;
  /// Pixels per inch the image is meant for, recorded in the PNG (pHYs) and setting the
  /// PDF page size (1 px = 72/dpi pt); 0 = unspecified (1 px = 1 pt).
  float dpi = 0.0f;
};

/// The largest RenderOptions::scale.
inline constexpr float kMaxRenderScale = 16.0f;

/// An 8-bit RGBA image, rows top to bottom, 4 bytes a pixel, no padding between rows.
class Image {
 public:
  Image() = default;
  /// Allocates a width × height image filled with `fill`. Throws Error(LimitExceeded) if a
  /// side is over kMaxImageDimension, Error(InvalidArgument) if a side is negative.
  Image(int width, int height, Color fill);

  int width() const { return width_; }
  int height() const { return height_; }
  /// Row-major RGBA bytes; size width() * height() * 4.
  const std::vector<uint8_t>& pixels() const { return pixels_; }
  std::vector<uint8_t>& pixels() { return pixels_; }
  Color pixel(int x, int y) const;

  /// Encodes the image as PNG; `dpi` > 0 is recorded as its pixel density (pHYs).
  [[nodiscard]] std::vector<uint8_t> encode_png(float dpi = 0.0f) const;
  /// Writes the PNG to `path` through a temporary file in the same folder renamed into
  /// place, so a failure never leaves a partial file. Throws Error(Io) naming the path.
  void write_png(const std::string& path) const;

 private:
  int width_ = 0;
  int height_ = 0;
  std::vector<uint8_t> pixels_;
};

/// Rasterizes `layout` with FreeType grayscale anti-aliasing at ¼ px horizontal precision,
/// compositing each glyph onto the background. The image is the layout box plus the margin
/// on each side. Glyph bitmaps are cached in `context` (nullptr: the default context).
[[nodiscard]] Image render(const Layout& layout, const RenderOptions& options = {},
                           Context* context = nullptr);

}  // namespace satr
