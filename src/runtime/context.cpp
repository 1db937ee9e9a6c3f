// satr::Context, and the public calls that run a layout or a rendering in one.
#include "runtime/context_impl.hpp"

#include "render/rasterize.hpp"
#include "satr/error.hpp"
#include "satr/layout.hpp"
#include "satr/render.hpp"
#include "satr/version.hpp"

namespace satr {

Context::Context() : Context(ContextOptions{}) {}
Context::Context(const ContextOptions& options) : impl_(std::make_unique<Impl>(options)) {}
Context::~Context() = default;

void Context::clear_caches() {
  impl_->word_cache.clear();
  impl_->glyph_cache.clear();
  impl_->paragraph_cache.clear();
}

void Context::set_options(const ContextOptions& options) {
  impl_->word_cache.set_byte_budget(options.shape_cache_bytes);
  impl_->glyph_cache.set_byte_budget(options.glyph_cache_bytes);
  impl_->paragraph_cache.set_byte_budget(options.paragraph_cache_bytes);
}

CacheStats Context::stats() const {
  const detail::WordCacheStats shape = impl_->word_cache.stats();
  const detail::GlyphCacheStats glyph = impl_->glyph_cache.stats();
  CacheStats s;
  s.shape_hits = shape.hits;
  s.shape_misses = shape.misses;
  s.shape_bytes = shape.bytes;
  s.shape_entries = shape.entries;
  s.glyph_hits = glyph.hits;
  s.glyph_misses = glyph.misses;
  s.glyph_bytes = glyph.bytes;
  s.paragraph_hits = impl_->paragraph_cache.hits();
  s.paragraph_misses = impl_->paragraph_cache.misses();
  return s;
}

Context& Context::default_context() {
  static Context context;
  return context;
}

std::unique_ptr<detail::Workspace> Context::Impl::acquire_workspace() {
  {
    // The workspace this thread used last, if free, else the one released last. Threads
    // laying out side by side (layout_batch's workers) would otherwise swap workspaces from
    // call to call, and each would find its arrays in the other core's cache: with warm
    // caches the paragraph work is short enough for that to double its time.
    const std::thread::id me = std::this_thread::get_id();
    std::lock_guard lock(workspaces_mutex_);
    if (!free_workspaces_.empty()) {
      auto pick = free_workspaces_.end() - 1;
      for (auto it = free_workspaces_.begin(); it != free_workspaces_.end(); ++it) {
        if ((*it)->last_thread == me) pick = it;
      }
      std::unique_ptr<detail::Workspace> workspace = std::move(*pick);
      free_workspaces_.erase(pick);
      return workspace;
    }
  }
  auto workspace = std::make_unique<detail::Workspace>();
  if (!hb_buffer_allocation_successful(workspace->scratch.shaping.buffer.get()) ||
      !hb_buffer_allocation_successful(workspace->scratch.lines.buffer.get())) {
    throw Error(ErrorCode::LimitExceeded, "out of memory creating a HarfBuzz buffer");
  }
  return workspace;
}

void Context::Impl::release_workspace(std::unique_ptr<detail::Workspace> workspace) {
  // Keep a handful: one per thread that lays out at the same time is enough. A workspace
  // that grew for a huge text is dropped rather than kept (its arrays would hold the
  // memory of the largest text ever laid out).
  constexpr std::size_t kMaxPooled = 16;
  constexpr std::size_t kMaxKeptUnits = std::size_t{1} << 20;
  if (workspace->scratch.decoded.utf16.capacity() > kMaxKeptUnits) return;
  workspace->last_thread = std::this_thread::get_id();
  std::lock_guard lock(workspaces_mutex_);
  if (free_workspaces_.size() < kMaxPooled) free_workspaces_.push_back(std::move(workspace));
}

const char* version() { return SATR_VERSION; }

Layout layout_text(std::string_view text, const FontCollection& fonts,
                   const ParagraphStyle& style, Context* context) {
  return layout_text(text, fonts, style, {}, context);
}

Layout layout_text(std::string_view text, const FontCollection& fonts,
                   const ParagraphStyle& style, std::span<const StyledSpan> spans,
                   Context* context) {
  Layout layout;
  layout_text_into(layout, text, fonts, style, spans, context);
  return layout;
}

void layout_text_into(Layout& out, std::string_view text, const FontCollection& fonts,
                      const ParagraphStyle& style, Context* context) {
  layout_text_into(out, text, fonts, style, {}, context);
}

void layout_text_into(Layout& out, std::string_view text, const FontCollection& fonts,
                      const ParagraphStyle& style, std::span<const StyledSpan> spans,
                      Context* context) {
  Context& ctx = context ? *context : Context::default_context();
  detail::BorrowedWorkspace workspace(ctx.impl());
  detail::layout_into({text, fonts, style, spans}, ctx.impl().layout_caches(),
                      workspace->scratch, out);
}

Image render(const Layout& layout, const RenderOptions& options, Context* context) {
  Context& ctx = context ? *context : Context::default_context();
  return detail::render_layout(layout, options, ctx.impl().glyph_cache);
}

}  // namespace satr
