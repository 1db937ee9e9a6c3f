// A bounded cache of shaped words, shared by threads, keyed by everything that changes
// HarfBuzz's output for a word.
#pragma once

#include <hb.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
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
struct WordCacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t evictions = 0;
  std::size_t bytes = 0;
  std::size_t entries = 0;
};

/// Shaped words in logical order with clusters relative to the word's start, in font
/// units, so one entry serves every font size. Sharded by hash, each shard behind its own
/// lock, so threads laying out at once rarely wait for each other.
///
/// A shard stores its entries (header, text and glyphs together) one after another in a
/// few large chunks and finds them through an open-addressing table: filling the cache
/// allocates once per chunk, not once per word, and a lookup touches no entry but the one
/// it finds. To stay within the byte budget the oldest chunk is dropped whole; entries of
/// it used since they were stored get a second chance, copied into the newest chunk
/// (CLOCK, with a chunk as the hand's step), so frequent words stay.
class WordCache {
 public:
  explicit WordCache(std::size_t byte_budget);
  ~WordCache();
  WordCache(const WordCache&) = delete;
  WordCache& operator=(const WordCache&) = delete;

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
  /// Stores `glyphs` for `word`, their clusters made relative to the word by subtracting
  /// `word_start`; no-op if present.
  void insert(uint64_t hash, const WordContext& context, std::u16string_view word,
              std::span<const ShapedGlyph> glyphs, uint32_t word_start = 0);
  void insert(const WordContext& context, std::u16string_view word,
              std::span<const ShapedGlyph> glyphs) {
    insert(hash_of(context, word), context, word, glyphs);
  }

  void clear();
  void set_byte_budget(std::size_t bytes);
  std::size_t byte_budget() const { return byte_budget_.load(std::memory_order_relaxed); }
  WordCacheStats stats() const;

 private:
  struct Entry;
  /// One allocation holding entries back to back.
  struct Chunk {
    std::unique_ptr<std::byte[]> memory;
    std::size_t capacity = 0;
    std::size_t used = 0;
  };
  struct alignas(64) Shard {  // One cache line each at least: threads lock shards apart.
    mutable BriefMutex mutex;
    HashSlots<Entry> index;
    std::deque<Chunk> chunks;  ///< Oldest first; entries are added to the last.
    std::size_t bytes = 0;     ///< Sum of the chunks' capacities.
    uint64_t hits = 0, misses = 0, evictions = 0;
  };
  static constexpr std::size_t kShards = 16;

  static Entry* find(const Shard& shard, uint64_t hash, const WordContext& context,
                     std::u16string_view word);
  /// A new, empty chunk at the back of the shard, counted in its bytes.
  static Chunk& add_chunk_locked(Shard& shard, std::size_t chunk_bytes);
  /// Room for an entry of `size` bytes in the newest chunk, making it by dropping old
  /// chunks when the shard is at its budget; null if `size` can never fit.
  static Entry* allocate_locked(Shard& shard, std::size_t size, std::size_t shard_budget);
  /// Drops the oldest chunk, first copying its entries used since they were stored into
  /// a new chunk (if `shard_budget` has room for one) while that stays at most half full.
  static void evict_oldest_locked(Shard& shard, std::size_t shard_budget);
  static void clear_locked(Shard& shard);

  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> byte_budget_;
};

}  // namespace satr::detail
