// PNG encoding: the smallest PNG colour type that holds an RGBA picture losslessly, and its rows packed for
// it. Text renderings are one colour (or a few) over a plain background, so almost all of
// them fit in one byte per pixel: a quarter of the data for the compressor.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "render/rasterize.hpp"

namespace satr::detail {

enum class PngColourType {
  Gray,     ///< Every pixel opaque and gray (r = g = b, a = 255): the byte is the gray.
  Palette,  ///< At most 256 distinct RGBA colours: the byte is a palette index.
  Rgb,      ///< Every pixel opaque.
  Rgba,     ///< Anything else.
};

/// Chooses the colour type of a row-major RGBA8 picture (4 bytes a pixel, no padding)
/// and packs its rows in it. Decoded and expanded to RGBA, the packed rows give back
/// exactly the picture's bytes.
class PngPixels {
 public:
  /// Reads the whole picture once (stopping early where it can) to choose the type.
  PngPixels(const uint8_t* rgba, std::size_t width, std::size_t height);
  /// A rendering in one colour: gray if every colour it can give is opaque gray, else a
  /// palette of those colours indexed by the coverage itself. Nothing is read to choose.
  explicit PngPixels(const CoverageImage& image);

  std::size_t width() const { return width_; }
  std::size_t height() const { return height_; }

  PngColourType type() const { return type_; }
  std::size_t bytes_per_pixel() const;
  /// The palette (Palette only): RGBA entries, palette_size() of them.
  int palette_size() const { return palette_size_; }
  const std::array<uint8_t, 4>& palette_entry(int index) const { return entries_[index]; }

  /// Writes row `y` packed: width × bytes_per_pixel() bytes at `out`.
  void pack_row(std::size_t y, uint8_t* out);

 private:
  bool is_opaque_gray() const;
  bool is_opaque() const;
  /// Fills the palette; false when the picture has more than 256 colours.
  bool collect_palette(uint8_t* scratch_row);
  /// Palette indices of a row; false when a colour has no room in the palette.
  bool map_row(const uint8_t* row, uint8_t* out);
  int index_of(uint32_t colour);

  const uint8_t* rgba_ = nullptr;
  const uint8_t* coverage_ = nullptr;  ///< Set for a CoverageImage; then gray_of_ or the
                                       ///< palette maps each coverage value.
  std::array<uint8_t, 256> gray_of_{};
  std::size_t width_;
  std::size_t height_;
  PngColourType type_ = PngColourType::Rgba;

  // The palette's colours, found through a small open-addressing table at a quarter load,
  // so that nearly every lookup is one probe.
  static constexpr int kSlotBits = 10;
  static constexpr uint16_t kEmptySlot = 0xFFFF;
  std::array<uint32_t, 1 << kSlotBits> slot_colour_{};
  std::array<uint16_t, 1 << kSlotBits> slot_index_{};
  std::array<std::array<uint8_t, 4>, 256> entries_{};
  int palette_size_ = 0;
  // The colour of the last block mapped, so that runs of it (the background) are filled
  // without a lookup per pixel.
  uint32_t run_colour_ = 0;
  int run_index_ = -1;
};

/// Encodes `pixels` as PNG (pixel density `dpi` recorded when > 0). Throws
/// Error(LimitExceeded) out of memory, Error(Internal) if libpng fails otherwise.
std::vector<uint8_t> encode_png(PngPixels& pixels, float dpi);
/// The PNG of a one-colour rendering, without its RGBA image.
std::vector<uint8_t> encode_png(const CoverageImage& image, float dpi);

}  // namespace satr::detail
