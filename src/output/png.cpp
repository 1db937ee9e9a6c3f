// satr::Image's PNG encoding through libpng, and writing it to a file.
#include <png.h>
#include <zlib.h>

#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "output/png_pixels.hpp"
#include "satr/error.hpp"
#include "satr/render.hpp"
#include "satr/serialize.hpp"

namespace satr {
namespace {

std::string size_text(long long width, long long height) {
  return std::to_string(width) + "x" + std::to_string(height);
}

/// Owns a png_struct set up for writing, together with its png_info.
struct PngWriteDeleter {
  png_infop info = nullptr;
  void operator()(png_structp png) { png_destroy_write_struct(&png, &info); }
};
using PngWritePtr = std::unique_ptr<png_struct, PngWriteDeleter>;

/// Where libpng's callbacks leave their results; plain data only, since libpng leaves
/// through longjmp and must not skip a destructor.
struct PngSink {
  std::vector<uint8_t>* output = nullptr;
  char message[160] = {};
};

void on_png_error(png_structp png, png_const_charp message) {
  auto* sink = static_cast<PngSink*>(png_get_error_ptr(png));
  std::snprintf(sink->message, sizeof(sink->message), "%s", message ? message : "unknown");
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

void on_png_write(png_structp png, png_bytep data, png_size_t length) {
  auto* sink = static_cast<PngSink*>(png_get_io_ptr(png));
  bool grown = true;
  try {
    sink->output->insert(sink->output->end(), data, data + length);
  } catch (const std::bad_alloc&) {
    grown = false;
  }
  // Raised outside the try block: png_error longjmps, which must not cross a live handler.
  if (!grown) png_error(png, "out of memory");
}

void on_png_flush(png_structp) {}

/// What one encoding writes: the pixels packed for their colour type, and the settings.
struct PngJob {
  detail::PngPixels* pixels;
  uint8_t* row;  ///< width × bytes per pixel.
  png_uint_32 width;
  png_uint_32 height;
  png_uint_32 pixels_per_metre;  ///< 0: no pHYs chunk.
};

int png_colour_type(detail::PngColourType type) {
  switch (type) {
    case detail::PngColourType::Gray:
      return PNG_COLOR_TYPE_GRAY;
    case detail::PngColourType::Palette:
      return PNG_COLOR_TYPE_PALETTE;
    case detail::PngColourType::Rgb:
      return PNG_COLOR_TYPE_RGB;
    case detail::PngColourType::Rgba:
      return PNG_COLOR_TYPE_RGBA;
  }
  return PNG_COLOR_TYPE_RGBA;
}

/// The part of the encoding during which libpng may longjmp back here. No object with a
/// destructor may live in this frame; returns false on error (message in the sink).
bool write_png_rows(png_structp png, png_infop info, const PngJob& job) {
  if (setjmp(png_jmpbuf(png))) return false;
  detail::PngPixels& pixels = *job.pixels;
  png_set_IHDR(png, info, job.width, job.height, 8, png_colour_type(pixels.type()),
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (pixels.type() == detail::PngColourType::Palette) {
    png_color palette[256];
    png_byte alpha[256];
    int alpha_count = 0;  // tRNS may stop after the last translucent entry.
    for (int i = 0; i < pixels.palette_size(); ++i) {
      const auto& entry = pixels.palette_entry(i);
      palette[i] = {entry[0], entry[1], entry[2]};
      alpha[i] = entry[3];
      if (entry[3] != 0xFF) alpha_count = i + 1;
    }
    png_set_PLTE(png, info, palette, pixels.palette_size());
    if (alpha_count > 0) png_set_tRNS(png, info, alpha, alpha_count, nullptr);
  }
  if (job.pixels_per_metre != 0) {
    png_set_pHYs(png, info, job.pixels_per_metre, job.pixels_per_metre, PNG_RESOLUTION_METER);
  }
  // Measured on renderings of text (bench/README.md, PNG encoding): unfiltered rows
  // compress best, filters only cost time; with one byte a pixel every flat area is a run
  // of one value, which zlib's run-length strategy finds faster than any match search, at
  // the size of level 6; for three or four bytes a pixel, level 1.
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_compression_level(png, 1);
  png_set_compression_strategy(png, pixels.bytes_per_pixel() == 1 ? Z_RLE : Z_DEFAULT_STRATEGY);
  png_write_info(png, info);
  for (png_uint_32 y = 0; y < job.height; ++y) {
    pixels.pack_row(y, job.row);
    png_write_row(png, job.row);
  }
  png_write_end(png, nullptr);
  return true;
}

}  // namespace

}  // namespace satr

namespace satr::detail {

std::vector<uint8_t> encode_png(PngPixels& pixels, float dpi) {
  const std::size_t width = pixels.width();
  const std::size_t height = pixels.height();
  std::vector<uint8_t> output;
  PngSink sink;
  sink.output = &output;
  PngWritePtr png(
      png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, on_png_error, on_png_warning));
  if (!png) throw Error(ErrorCode::Internal, "cannot create a PNG encoder");
  png.get_deleter().info = png_create_info_struct(png.get());
  if (!png.get_deleter().info) throw Error(ErrorCode::Internal, "cannot create a PNG encoder");
  png_set_write_fn(png.get(), &sink, on_png_write, on_png_flush);
  std::vector<uint8_t> row(width * pixels.bytes_per_pixel());
  try {
    // Text renderings compress to well under a tenth of their packed pixels.
    output.reserve(row.size() * height / 10 + 1024);
  } catch (const std::bad_alloc&) {
    // Only a hint; encoding may still succeed with a smaller buffer.
  }
  const auto pixels_per_metre =
      dpi > 0 ? static_cast<png_uint_32>(std::lround(dpi / 0.0254)) : png_uint_32{0};
  const PngJob job{&pixels, row.data(), static_cast<png_uint_32>(width),
                   static_cast<png_uint_32>(height), pixels_per_metre};
  if (!write_png_rows(png.get(), png.get_deleter().info, job)) {
    // libpng fails only when out of memory (our sink says so) or on an internal error.
    const bool memory = std::strcmp(sink.message, "out of memory") == 0;
    throw Error(memory ? ErrorCode::LimitExceeded : ErrorCode::Internal,
                std::string("PNG encoding failed: ") + sink.message);
  }
  return output;
}

std::vector<uint8_t> encode_png(const CoverageImage& image, float dpi) {
  PngPixels pixels(image);
  return encode_png(pixels, dpi);
}

}  // namespace satr::detail

namespace satr {

std::vector<uint8_t> Image::encode_png(float dpi) const {
  if (width_ == 0 || height_ == 0) {
    throw Error(ErrorCode::InvalidArgument,
                "cannot encode an empty " + size_text(width_, height_) + " image as PNG");
  }
  detail::PngPixels pixels(pixels_.data(), static_cast<std::size_t>(width_),
                           static_cast<std::size_t>(height_));
  return detail::encode_png(pixels, dpi);
}

void Image::write_png(const std::string& path) const {
  const std::vector<uint8_t> bytes = encode_png();
  write_file(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace satr
