// A bounded cache of shaped words, shared by threads, keyed by everything that changes
// HarfBuzz's output for a word.
#pragma once

#include <hb.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

#include "shape/shaper.hpp"
#include "support/brief_lock.hpp"
#include "support/hash_slots.hpp"

namespace satr::detail {

/// What, besides the word's text, decides its glyphs.
struct WordContext {
  uint64_t font_id = 0;
  uint64_t features_hash = 0;
  hb_script_t script = HB_SCRIPT_COMMON;
  hb_language_t language = HB_LANGUAGE_INVALID;
  bool rtl = false;

  friend bool operator==(const WordContext&, const WordContext&) = default;
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
///
/// Each entry is one allocation (header, text and glyphs together) threaded on an
/// intrusive LRU list and found through an open-addressing table, so filling the cache
/// costs one allocation per word and a warm lookup none.
class ShapeCache {
 public:
  explicit ShapeCache(std::size_t byte_budget);
  ~ShapeCache();
  ShapeCache(const ShapeCache&) = delete;
  ShapeCache& operator=(const ShapeCache&) = delete;

  /// The key's hash; callers that look a word up and may then insert it compute it once.
  /// The context's part can be computed once for many words: hash_of(context_hash(c), w)
  /// equals hash_of(c, w).
  static uint64_t context_hash(const WordContext& context);
  static uint64_t hash_of(uint64_t context_hash, std::u16string_view word);
  static uint64_t hash_of(const WordContext& context, std::u16string_view word) {
    return hash_of(context_hash(context), word);
  }

  /// Appends the cached glyphs of `word` to `out`, clusters shifted by `cluster_offset`.
  /// Returns false (and appends nothing) on a miss. `hash` = hash_of(context, word).
  bool lookup(uint64_t hash, const WordContext& context, std::u16string_view word,
              uint32_t cluster_offset, std::vector<ShapedGlyph>& out);
  bool lookup(const WordContext& context, std::u16string_view word, uint32_t cluster_offset,
              std::vector<ShapedGlyph>& out) {
    return lookup(hash_of(context, word), context, word, cluster_offset, out);
  }
  /// Stores `glyphs` (clusters relative to the word) for `word`; no-op if present.
  void insert(uint64_t hash, const WordContext& context, std::u16string_view word,
              std::span<const ShapedGlyph> glyphs);
  void insert(const WordContext& context, std::u16string_view word,
              std::span<const ShapedGlyph> glyphs) {
    insert(hash_of(context, word), context, word, glyphs);
  }

  void clear();
  void set_byte_budget(std::size_t bytes);
  std::size_t byte_budget() const { return byte_budget_.load(std::memory_order_relaxed); }
  ShapeCacheStats stats() const;

 private:
  struct Entry;
  struct Shard {
    mutable BriefMutex mutex;
    HashSlots<Entry> index;
    Entry* newest = nullptr;    // LRU list: newest ... oldest.
    Entry* oldest = nullptr;
    std::size_t bytes = 0;
    uint64_t hits = 0, misses = 0, evictions = 0;
  };
  static constexpr std::size_t kShards = 16;

  static Entry* find(const Shard& shard, uint64_t hash, const WordContext& context,
                     std::u16string_view word);
  static void unlink(Shard& shard, Entry* entry);
  static void push_newest(Shard& shard, Entry* entry);
  void evict_locked(Shard& shard, std::size_t budget);
  static void clear_locked(Shard& shard);

  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> byte_budget_;
};

}  // namespace satr::detail
