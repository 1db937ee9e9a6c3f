// A bounded cache of shaped paragraphs: laying out the same paragraph again (a re-wrap at a
// new width, a redraw) skips bidi, segmentation, itemization and shaping, and runs only
// line breaking and positioning.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "layout/paragraph.hpp"
#include "support/brief_lock.hpp"

namespace satr::detail {

/// Builds the settings part of the key for `inputs` (unstyled layouts only).
void make_paragraph_settings(const LayoutInputs& inputs, Direction direction, std::string& out);

class ParagraphCache {
 public:
  explicit ParagraphCache(std::size_t byte_budget) : byte_budget_(byte_budget) {}

  /// The cached paragraph for (text, settings), or null on a miss. The caller shares it
  /// (eviction cannot pull it away) and reads it without copying; its `text` views the
  /// cache's own copy of the text.
  ///
  /// Admission: a paragraph is stored only when it is seen a second time (a small bit set
  /// remembers first sightings). Text laid out once — a log, a stream of OCR samples, a
  /// cold pass — then costs no copies and evicts nothing.
  ///
  /// `hash` = hash_of(text, settings), computed once for a lookup and the insert after it.
  std::shared_ptr<const ShapedParagraph> lookup(uint64_t hash, std::u16string_view text,
                                                const std::string& settings);
  void insert(uint64_t hash, std::u16string_view text, const std::string& settings,
              const ShapedParagraph& p);
  static uint64_t hash_of(std::u16string_view text, const std::string& settings);

  void clear();
  void set_byte_budget(std::size_t bytes);
  std::size_t byte_budget() const { return byte_budget_.load(std::memory_order_relaxed); }
  uint64_t hits() const;
  uint64_t misses() const;

 private:
  /// A shaped paragraph together with the text its `text` member views.
  struct Stored {
    std::u16string text;
    ShapedParagraph paragraph;
  };
  struct Entry {
    uint64_t hash = 0;
    std::string settings;  ///< Direction, language, digits, kashida, and per style: fonts,
                           ///< size and features, as bytes.
    std::shared_ptr<const Stored> stored;
    std::size_t bytes = 0;
    mutable bool referenced = false;  ///< Hit since eviction last passed it (shard lock).

    bool matches(uint64_t h, std::u16string_view t, const std::string& s) const {
      return hash == h && stored->text == t && settings == s;
    }
  };
  static constexpr std::size_t kShards = 8;
  static constexpr std::size_t kDoorkeeperBits = std::size_t{1} << 14;  // Per shard.

  // Paragraphs are spread over shards by hash, each behind its own mutex, and a lookup
  // holds it only to find the entry, mark it used and share it: the paragraph is
  // read outside the lock, so threads laying out at once rarely wait for each other.
  struct alignas(64) Shard {
    mutable BriefMutex mutex;
    // Front = most recently inserted or given a second chance. A hit only marks its entry
    // (CLOCK) instead of moving it to the front: moving would write to the list's head,
    // which every thread laying out through this shard would then pull from the others.
    std::list<Entry> lru;
    std::unordered_multimap<uint64_t, std::list<Entry>::iterator> index;
    std::size_t bytes = 0;
    std::vector<uint64_t> doorkeeper = std::vector<uint64_t>(kDoorkeeperBits / 64);
    std::size_t doorkeeper_count = 0;
    uint64_t hits = 0, misses = 0;
  };

  Shard& shard_of(uint64_t hash) { return shards_[hash % kShards]; }
  std::size_t shard_budget() const { return byte_budget() / kShards; }
  void evict_locked(Shard& shard);
  /// Records a first sighting; true if `hash` was (probably) seen before.
  static bool seen_before_locked(Shard& shard, uint64_t hash);
  uint64_t sum_over_shards(uint64_t Shard::*counter) const;

  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> byte_budget_;
};

}  // namespace satr::detail
