// The private side of satr::Context.
#pragma once

#include <mutex>
#include <vector>

#include "render/glyph_cache.hpp"
#include "satr/context.hpp"
#include "shape/font_data.hpp"
#include "shape/shape_cache.hpp"

namespace satr {

struct Context::Impl {
  explicit Impl(const ContextOptions& options)
      : glyph_cache(options.glyph_cache_bytes), shape_cache(options.shape_cache_bytes) {}

  detail::GlyphCache glyph_cache;
  detail::ShapeCache shape_cache;

  /// HarfBuzz buffers are reused across layouts: a buffer keeps its grown arrays, so a warm
  /// layout shapes without allocating. Each layout call borrows one for its duration.
  detail::HbBuffer acquire_buffer();
  void release_buffer(detail::HbBuffer buffer);

 private:
  std::mutex buffers_mutex_;
  std::vector<detail::HbBuffer> free_buffers_;
};

namespace detail {

/// Borrows a buffer from a context for one scope.
class BorrowedBuffer {
 public:
  explicit BorrowedBuffer(Context::Impl& impl) : impl_(impl), buffer_(impl.acquire_buffer()) {}
  ~BorrowedBuffer() { impl_.release_buffer(std::move(buffer_)); }
  BorrowedBuffer(const BorrowedBuffer&) = delete;
  BorrowedBuffer& operator=(const BorrowedBuffer&) = delete;
  hb_buffer_t* get() const { return buffer_.get(); }

 private:
  Context::Impl& impl_;
  HbBuffer buffer_;
};

}  // namespace detail
}  // namespace satr
