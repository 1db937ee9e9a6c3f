// A layout's working memory as a Context lends it to one call at a time.
#pragma once

#include <thread>

#include "layout/scratch.hpp"

namespace satr::detail {

/// A Context lends one to each layout_text call and takes it back after, so a warm layout
/// reuses grown arrays instead of allocating (the Layout it returns is the only new
/// memory). Used by one thread at a time.
struct Workspace {
  LayoutScratch scratch;
  /// The thread that last used this workspace: the pool hands it back to that thread
  /// first, whose core's caches still hold its arrays.
  std::thread::id last_thread;
};

}  // namespace satr::detail
