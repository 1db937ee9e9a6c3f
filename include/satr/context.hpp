// satr — the explicit home of process-wide resources and caches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace satr {

/// Byte budgets of a Context's caches; 0 turns a cache off.
struct ContextOptions {
  std::size_t shape_cache_bytes = std::size_t{32} << 20;      ///< Shaped words.
  std::size_t glyph_cache_bytes = std::size_t{64} << 20;      ///< Rasterized glyph bitmaps.
  std::size_t paragraph_cache_bytes = std::size_t{32} << 20;  ///< Shaped paragraphs, so that
                                                              ///< re-wrapping skips shaping.
};

/// A snapshot of a Context's cache counters.
struct CacheStats {
  uint64_t shape_hits = 0;    ///< Words taken from the shape cache.
  uint64_t shape_misses = 0;  ///< Words that had to be shaped.
  std::size_t shape_bytes = 0;
  std::size_t shape_entries = 0;
  uint64_t glyph_hits = 0;
  uint64_t glyph_misses = 0;
  std::size_t glyph_bytes = 0;
  uint64_t paragraph_hits = 0;    ///< Paragraphs taken whole from the paragraph cache.
  uint64_t paragraph_misses = 0;
};

/// Owns what would otherwise be hidden globals: the FreeType library handle used for
/// rasterizing and the caches of shaping and glyph bitmaps. Caches never change results.
/// A Context may be shared by several threads; its members synchronize internally.
class Context {
 public:
  Context();
  explicit Context(const ContextOptions& options);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  /// The context the convenience API uses when none is given; created on first use.
  static Context& default_context();

  /// Empties every cache (counters are kept). Results never depend on cache contents.
  void clear_caches();
  /// Changes the budgets, evicting at once what no longer fits.
  void set_options(const ContextOptions& options);
  CacheStats stats() const;

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace satr
