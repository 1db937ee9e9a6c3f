#include "output/png_pixels.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace satr::detail {
namespace {

uint32_t load_pixel(const uint8_t* p) {
  uint32_t value;
  std::memcpy(&value, p, 4);
  return value;
}

}  // namespace

PngPixels::PngPixels(const uint8_t* rgba, std::size_t width, std::size_t height)
    : rgba_(rgba), width_(width), height_(height) {
  slot_index_.fill(kEmptySlot);
  std::vector<uint8_t> row(width);
  if (is_opaque_gray()) {
    type_ = PngColourType::Gray;
  } else if (collect_palette(row.data())) {
    type_ = PngColourType::Palette;
  } else if (is_opaque()) {
    type_ = PngColourType::Rgb;
  } else {
    type_ = PngColourType::Rgba;
  }
  run_index_ = -1;  // Packing maps the rows again from the start.
}

PngPixels::PngPixels(const CoverageImage& image)
    : coverage_(image.coverage.get()),
      width_(static_cast<std::size_t>(image.width)),
      height_(static_cast<std::size_t>(image.height)) {
  bool gray = true;
  for (int m = 0; m < 256; ++m) {
    const auto& c = image.colors[m];
    gray &= c[0] == c[1] && c[1] == c[2] && c[3] == 0xFF;
    gray_of_[m] = c[0];
    entries_[m] = c;
  }
  type_ = gray ? PngColourType::Gray : PngColourType::Palette;
  palette_size_ = gray ? 0 : 256;
}

std::size_t PngPixels::bytes_per_pixel() const {
  switch (type_) {
    case PngColourType::Gray:
    case PngColourType::Palette:
      return 1;
    case PngColourType::Rgb:
      return 3;
    case PngColourType::Rgba:
      return 4;
  }
  return 4;
}

// Rows are reduced without branches inside, so that the compiler vectorizes the loop; the
// row loop still stops at the first row that rules the type out.
bool PngPixels::is_opaque_gray() const {
  for (std::size_t y = 0; y < height_; ++y) {
    const uint8_t* row = rgba_ + y * width_ * 4;
    uint32_t mismatch = 0;
    for (std::size_t x = 0; x < width_; ++x) {
      const uint8_t* p = row + 4 * x;
      mismatch |= static_cast<uint32_t>((p[0] ^ p[1]) | (p[1] ^ p[2]) | (p[3] ^ 0xFF));
    }
    if (mismatch != 0) return false;
  }
  return true;
}

bool PngPixels::is_opaque() const {
  for (std::size_t y = 0; y < height_; ++y) {
    const uint8_t* row = rgba_ + y * width_ * 4;
    uint32_t translucent = 0;
    for (std::size_t x = 0; x < width_; ++x) translucent |= row[4 * x + 3] ^ 0xFFu;
    if (translucent != 0) return false;
  }
  return true;
}

int PngPixels::index_of(uint32_t colour) {
  constexpr unsigned kMask = (1u << kSlotBits) - 1;
  unsigned slot = (colour * 0x9E3779B1u) >> (32 - kSlotBits);
  while (slot_index_[slot] != kEmptySlot) {
    if (slot_colour_[slot] == colour) return slot_index_[slot];
    slot = (slot + 1) & kMask;
  }
  if (palette_size_ == 256) return -1;
  slot_colour_[slot] = colour;
  slot_index_[slot] = static_cast<uint16_t>(palette_size_);
  std::memcpy(entries_[palette_size_].data(), &colour, 4);
  return palette_size_++;
}

bool PngPixels::map_row(const uint8_t* row, uint8_t* out) {
  // Most of a rendering is runs of the background, checked sixteen pixels at a time. In a
  // glyph's edge the colour changes at nearly every pixel, and a lookup per pixel (whose
  // first probe almost always hits) costs less than mispredicted "same as before" tests.
  constexpr std::size_t kBlock = 16;
  for (std::size_t x = 0; x < width_;) {
    const std::size_t end = std::min(x + kBlock, width_);
    uint32_t difference = 0;
    for (std::size_t i = x; i < end; ++i) difference |= load_pixel(row + 4 * i) ^ run_colour_;
    if (difference == 0 && run_index_ >= 0) {
      std::memset(out + x, run_index_, end - x);
    } else {
      for (std::size_t i = x; i < end; ++i) {
        const int index = index_of(load_pixel(row + 4 * i));
        if (index < 0) return false;
        out[i] = static_cast<uint8_t>(index);
      }
      run_colour_ = load_pixel(row + 4 * (end - 1));
      run_index_ = out[end - 1];
    }
    x = end;
  }
  return true;
}

// The indices are computed again while packing, which costs less than keeping them: an
// image-sized index buffer costs more in page faults than a second pass in lookups.
bool PngPixels::collect_palette(uint8_t* scratch_row) {
  for (std::size_t y = 0; y < height_; ++y) {
    if (!map_row(rgba_ + y * width_ * 4, scratch_row)) return false;
  }
  return true;
}

void PngPixels::pack_row(std::size_t y, uint8_t* out) {
  if (coverage_ != nullptr) {
    const uint8_t* row = coverage_ + y * width_;
    if (type_ == PngColourType::Gray) {
      for (std::size_t x = 0; x < width_; ++x) out[x] = gray_of_[row[x]];
    } else {
      std::memcpy(out, row, width_);  // The coverage is the palette index.
    }
    return;
  }
  const uint8_t* row = rgba_ + y * width_ * 4;
  switch (type_) {
    case PngColourType::Gray:
      for (std::size_t x = 0; x < width_; ++x) out[x] = row[4 * x];
      break;
    case PngColourType::Palette:
      (void)map_row(row, out);  // Every colour is in the palette already.
      break;
    case PngColourType::Rgb:
      for (std::size_t x = 0; x < width_; ++x) {
        out[3 * x] = row[4 * x];
        out[3 * x + 1] = row[4 * x + 1];
        out[3 * x + 2] = row[4 * x + 2];
      }
      break;
    case PngColourType::Rgba:
      std::memcpy(out, row, width_ * 4);
      break;
  }
}

}  // namespace satr::detail
