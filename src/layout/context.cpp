#include "layout/context_impl.hpp"

#include "satr/error.hpp"
#include "satr/version.hpp"

namespace satr {

Context::Context() : Context(ContextOptions{}) {}
Context::Context(const ContextOptions& options) : impl_(std::make_unique<Impl>(options)) {}
Context::~Context() = default;

void Context::clear_caches() {
  impl_->shape_cache.clear();
  impl_->glyph_cache.clear();
}

void Context::set_options(const ContextOptions& options) {
  impl_->shape_cache.set_byte_budget(options.shape_cache_bytes);
  impl_->glyph_cache.set_byte_budget(options.glyph_cache_bytes);
}

CacheStats Context::stats() const {
  const detail::ShapeCacheStats shape = impl_->shape_cache.stats();
  const detail::GlyphCacheStats glyph = impl_->glyph_cache.stats();
  CacheStats s;
  s.shape_hits = shape.hits;
  s.shape_misses = shape.misses;
  s.shape_bytes = shape.bytes;
  s.shape_entries = shape.entries;
  s.glyph_hits = glyph.hits;
  s.glyph_misses = glyph.misses;
  s.glyph_bytes = glyph.bytes;
  return s;
}

Context& Context::default_context() {
  static Context context;
  return context;
}

detail::HbBuffer Context::Impl::acquire_buffer() {
  {
    std::lock_guard lock(buffers_mutex_);
    if (!free_buffers_.empty()) {
      detail::HbBuffer buffer = std::move(free_buffers_.back());
      free_buffers_.pop_back();
      return buffer;
    }
  }
  detail::HbBuffer buffer(hb_buffer_create());
  if (!hb_buffer_allocation_successful(buffer.get())) {
    throw Error(ErrorCode::LimitExceeded, "out of memory creating a HarfBuzz buffer");
  }
  return buffer;
}

void Context::Impl::release_buffer(detail::HbBuffer buffer) {
  // Keep at most a handful: one per thread that lays out at the same time is enough.
  constexpr std::size_t kMaxPooledBuffers = 16;
  std::lock_guard lock(buffers_mutex_);
  if (free_buffers_.size() < kMaxPooledBuffers) free_buffers_.push_back(std::move(buffer));
}

const char* version() { return SATR_VERSION; }

}  // namespace satr
