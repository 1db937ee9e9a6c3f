// satr::Image's PNG encoding through libpng, and writing it to a file.
#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

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

/// The part of the encoding during which libpng may longjmp back here. No object with a
/// destructor may live in this frame; returns false on error (message in the sink).
bool write_png_rows(png_structp png, png_infop info, const uint8_t* pixels, int width, int height) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
               PNG_COLOR_TYPE_RGBA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  const std::size_t stride = static_cast<std::size_t>(width) * 4;
  for (int y = 0; y < height; ++y) png_write_row(png, pixels + stride * y);
  png_write_end(png, nullptr);
  return true;
}

}  // namespace

std::vector<uint8_t> Image::encode_png() const {
  if (width_ == 0 || height_ == 0) {
    throw Error(ErrorCode::InvalidArgument,
                "cannot encode an empty " + size_text(width_, height_) + " image as PNG");
  }
  std::vector<uint8_t> output;
  PngSink sink;
  sink.output = &output;
  PngWritePtr png(
      png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, on_png_error, on_png_warning));
  if (!png) throw Error(ErrorCode::Internal, "cannot create a PNG encoder");
  png.get_deleter().info = png_create_info_struct(png.get());
  if (!png.get_deleter().info) throw Error(ErrorCode::Internal, "cannot create a PNG encoder");
  png_set_write_fn(png.get(), &sink, on_png_write, on_png_flush);
  // Text renderings are mostly flat colour; the default filters and zlib level 6 keep
  // encoding fast and files small.
  try {
    output.reserve(pixels_.size() / 8 + 1024);
  } catch (const std::bad_alloc&) {
    // Only a hint; encoding may still succeed with a smaller buffer.
  }
  if (!write_png_rows(png.get(), png.get_deleter().info, pixels_.data(), width_, height_)) {
    // libpng fails only when out of memory (our sink says so) or on an internal error.
    const bool memory = std::strcmp(sink.message, "out of memory") == 0;
    throw Error(memory ? ErrorCode::LimitExceeded : ErrorCode::Internal,
                std::string("PNG encoding failed: ") + sink.message);
  }
  return output;
}

void Image::write_png(const std::string& path) const {
  const std::vector<uint8_t> bytes = encode_png();
  write_file(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace satr
