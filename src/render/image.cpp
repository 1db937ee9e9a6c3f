// satr::Image: an RGBA pixel buffer.
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "render/rasterize.hpp"
#include "satr/error.hpp"
#include "satr/render.hpp"

namespace satr {
namespace {

// In double: a size computed from huge layout lengths may be past any integer type.
std::string size_text(double width, double height) {
  char text[96];
  std::snprintf(text, sizeof text, "%.0fx%.0f", width, height);
  return text;
}

}  // namespace

namespace detail {

void check_image_size(double width, double height) {
  const auto size = [&] {
    return "image size " + size_text(width, height);
  };
  if (width > kMaxImageDimension || height > kMaxImageDimension) {
    throw Error(ErrorCode::LimitExceeded, size() + " px exceeds the limit of " +
                                              std::to_string(kMaxImageDimension) + " px per side");
  }
  if (width * height > static_cast<double>(kMaxImagePixels)) {
    throw Error(ErrorCode::LimitExceeded, size() + " px exceeds the limit of " +
                                              std::to_string(kMaxImagePixels) + " pixels");
  }
}

}  // namespace detail

Image::Image(int width, int height, Color fill) {
  if (width < 0 || height < 0) {
    throw Error(ErrorCode::InvalidArgument,
                "image size " + size_text(width, height) + " has a negative side");
  }
  detail::check_image_size(width, height);
  const std::size_t count = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  const bool one_byte = fill.r == fill.g && fill.g == fill.b && fill.b == fill.a;
  try {
    // White, black and transparent fill as one memset; other colours take a second pass.
    pixels_.assign(count * 4, fill.r);
  } catch (const std::bad_alloc&) {
    throw Error(ErrorCode::LimitExceeded,
                "out of memory for a " + size_text(width, height) + " px image");
  }
  if (!one_byte) {
    const uint8_t rgba[4] = {fill.r, fill.g, fill.b, fill.a};
    for (std::size_t i = 0; i < count; ++i) std::memcpy(&pixels_[i * 4], rgba, 4);
  }
  width_ = width;
  height_ = height;
}

Color Image::pixel(int x, int y) const {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) {
    throw Error(ErrorCode::InvalidArgument, "pixel (" + std::to_string(x) + ", " +
                                                std::to_string(y) + ") is outside the " +
                                                size_text(width_, height_) + " image");
  }
  const uint8_t* p = &pixels_[(static_cast<std::size_t>(y) * width_ + x) * 4];
  return Color{p[0], p[1], p[2], p[3]};
}

}  // namespace satr
