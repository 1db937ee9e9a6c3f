// The private side of satr::Context: the caches, the thread pool and the workspaces.
#pragma once

#include <memory>
#include <vector>

#include "cache/paragraph_cache.hpp"
#include "layout/scratch.hpp"
#include "render/glyph_cache.hpp"
#include "runtime/thread_pool.hpp"
#include "runtime/workspace.hpp"
#include "satr/context.hpp"
#include "shape/word_cache.hpp"
#include "support/brief_lock.hpp"

namespace satr {

struct Context::Impl {
  explicit Impl(const ContextOptions& options)
      : glyph_cache(options.glyph_cache_bytes),
        word_cache(options.shape_cache_bytes),
        paragraph_cache(options.paragraph_cache_bytes) {}

  detail::GlyphCache glyph_cache;
  detail::WordCache word_cache;
  detail::ParagraphCache paragraph_cache;
  detail::ThreadPool thread_pool;

  detail::LayoutCaches layout_caches() { return {&word_cache, &paragraph_cache}; }

  /// Workspaces (HarfBuzz buffers and scratch arrays) are reused across layouts: each
  /// keeps its grown storage, so a warm layout does not allocate. Each layout call
  /// borrows one.
  std::unique_ptr<detail::Workspace> acquire_workspace();
  void release_workspace(std::unique_ptr<detail::Workspace> workspace);

 private:
  detail::BriefMutex workspaces_mutex_;
  std::vector<std::unique_ptr<detail::Workspace>> free_workspaces_;
};

namespace detail {

/// Borrows a workspace from a context for one scope.
class BorrowedWorkspace {
 public:
  explicit BorrowedWorkspace(Context::Impl& impl)
      : impl_(impl), workspace_(impl.acquire_workspace()) {}
  ~BorrowedWorkspace() { impl_.release_workspace(std::move(workspace_)); }
  BorrowedWorkspace(const BorrowedWorkspace&) = delete;
  BorrowedWorkspace& operator=(const BorrowedWorkspace&) = delete;
  Workspace& operator*() const { return *workspace_; }
  Workspace* operator->() const { return workspace_.get(); }

 private:
  Context::Impl& impl_;
  std::unique_ptr<Workspace> workspace_;
};

}  // namespace detail
}  // namespace satr
