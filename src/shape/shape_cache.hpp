// A bounded cache of shaped words, shared by threads, keyed by everything that changes
// HarfBuzz's output for a word.
#pragma once

#include <hb.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <list>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "shape/shaper.hpp"

namespace satr::detail {

/// What, besides the word's text, decides its glyphs.
struct WordContext {
  uint64_t font_id = 0;
  uint64_t features_hash = 0;
  hb_script_t script = HB_SCRIPT_COMMON;
  hb_language_t language = HB_LANGUAGE_INVALID;
  bool rtl = false;
};

/// Counters for tests and benchmarks.
struct ShapeCacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t evictions = 0;
  std::size_t bytes = 0;
  std::size_t entries = 0;
};

/// Shaped words in logical order with clusters relative to the word's start, in font
/// units, so one entry serves every font size. Least recently used entries are dropped to
/// stay within the byte budget. Sharded by hash, each shard behind its own mutex, so
/// threads laying out at once rarely wait for each other.
class ShapeCache {
 public:
  explicit ShapeCache(std::size_t byte_budget);

  /// Appends the cached glyphs of `word` to `out`, clusters shifted by `cluster_offset`.
  /// Returns false (and appends nothing) on a miss.
  bool lookup(const WordContext& context, std::u16string_view word, uint32_t cluster_offset,
              std::vector<ShapedGlyph>& out);
  /// Stores `glyphs` (clusters relative to the word) for `word`.
  void insert(const WordContext& context, std::u16string_view word,
              std::span<const ShapedGlyph> glyphs);

  void clear();
  void set_byte_budget(std::size_t bytes);
  std::size_t byte_budget() const;
  ShapeCacheStats stats() const;

 private:
  struct Entry {
    uint64_t hash = 0;
    WordContext context;
    std::u16string word;
    std::vector<ShapedGlyph> glyphs;
    std::size_t bytes() const;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::list<Entry> lru;  // Front = most recently used.
    std::unordered_map<uint64_t, std::list<Entry>::iterator> index;
    std::size_t bytes = 0;
    uint64_t hits = 0, misses = 0, evictions = 0;
  };
  static constexpr std::size_t kShards = 16;

  static uint64_t hash_of(const WordContext& context, std::u16string_view word);
  void evict_locked(Shard& shard, std::size_t budget);

  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> byte_budget_;
};

}  // namespace satr::detail
