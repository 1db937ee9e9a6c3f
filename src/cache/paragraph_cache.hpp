// A bounded cache of shaped paragraphs: laying out the same paragraph again (a re-wrap at a
// new width, a redraw) skips bidi, segmentation, itemization and shaping, and runs only
// line breaking and positioning.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cache/kept_lines.hpp"
#include "shape/shaped_paragraph.hpp"
#include "style/resolved_style.hpp"
#include "support/brief_lock.hpp"
#include "support/hash_slots.hpp"
#include "support/shared_block.hpp"

namespace satr::detail {

/// Builds the settings part of the key for `style` (unstyled layouts only).
void make_paragraph_settings(const ResolvedStyle& style, std::string& out);

/// One cached paragraph in a single heap block: a header, then its text, settings and
/// every array of the shaped paragraph, back to back. A warm layout of a short paragraph
/// is mostly waiting for memory; one block read front to back is what the hardware
/// fetches fastest, where the arrays of a ShapedParagraph are a dozen blocks apart.
class PackedParagraph;

class ParagraphCache {
 public:
  /// Shared read access to a cached paragraph and the lines kept with it when it was
  /// looked up: eviction cannot free them while held.
  class Ref {
   public:
    Ref();
    Ref(BlockRef<PackedParagraph> packed, BlockRef<KeptLines> lines);
    // Out of line: PackedParagraph is complete only in the cache's source file.
    Ref(Ref&&) noexcept;
    Ref& operator=(Ref&&) noexcept;
    ~Ref();

    explicit operator bool() const { return static_cast<bool>(packed_); }
    const ShapedParagraphView& view() const;
    /// The lines kept with the paragraph when it was looked up, or null.
    const KeptLines* lines() const { return lines_.get(); }
    /// True if lines may be kept with this paragraph (see keep_lines).
    bool may_keep_lines() const;

   private:
    friend class ParagraphCache;
    BlockRef<PackedParagraph> packed_;
    BlockRef<KeptLines> lines_;
  };

  explicit ParagraphCache(std::size_t byte_budget) : byte_budget_(byte_budget) {}
  ~ParagraphCache();
  ParagraphCache(const ParagraphCache&) = delete;
  ParagraphCache& operator=(const ParagraphCache&) = delete;

  /// The cached paragraph for (text, settings), or an empty Ref on a miss. It is read in
  /// place; its `text` views the cache's own copy of the text.
  ///
  /// Admission: a paragraph is stored only when it is seen a second time (a small bit set
  /// remembers first sightings). Text laid out once — a log, a stream of OCR samples, a
  /// cold pass — then costs no copies and evicts nothing.
  ///
  /// `hash` = hash_of(text, settings), computed once for a lookup and the insert after it.
  Ref lookup(uint64_t hash, std::u16string_view text, std::string_view settings);
  /// admit(), then store() if admitted.
  void insert(uint64_t hash, std::u16string_view text, std::string_view settings,
              const ShapedParagraph& p);
  /// Records a sighting of a paragraph lookup did not find; true if it is the second, when
  /// the paragraph should be stored (a caller may complete it first).
  bool admit(uint64_t hash);
  /// Stores `p`, which must have its line breaks (it serves every width), unless it is
  /// too large.
  void store(uint64_t hash, std::u16string_view text, std::string_view settings,
             const ShapedParagraph& p);
  static uint64_t hash_of(std::u16string_view text, std::string_view settings);

  /// Keeps `lines` with the paragraph `ref` holds, in place of the lines kept before,
  /// unless the paragraph has left the cache meanwhile or may not keep lines. They count
  /// towards the byte budget.
  void keep_lines(const Ref& ref, BlockRef<KeptLines> lines);

  void clear();
  void set_byte_budget(std::size_t bytes);
  std::size_t byte_budget() const { return byte_budget_.load(std::memory_order_relaxed); }
  uint64_t hits() const;
  uint64_t misses() const;
  std::size_t paragraphs() const;  ///< How many are stored.
  std::size_t paragraphs_with_lines() const;  ///< How many of them keep lines.
  std::size_t bytes() const;  ///< What the stored paragraphs cost the budget.

 private:
  static constexpr std::size_t kShards = 8;
  static constexpr std::size_t kDoorkeeperBits = std::size_t{1} << 14;  // Per shard.

  // Paragraphs are spread over shards by hash, each behind its own mutex, and a lookup
  // holds it only to find the paragraph, mark it used and take a reference: the paragraph
  // is read outside the lock, so threads laying out at once rarely wait for each other.
  struct alignas(64) Shard {
    mutable BriefMutex mutex;
    // A lookup reads one slot (hash and pointer side by side) and then the paragraph's
    // block, nothing between.
    HashSlots<PackedParagraph> index;
    // Eviction order (CLOCK): the hand sweeps this array; a paragraph hit since the hand
    // last passed gets a second chance. A hit only sets a flag in its block, so threads
    // reading the same paragraphs write nothing shared but that flag and the reference
    // count.
    // An evicted paragraph leaves a null that the next insert fills (last freed first):
    // the newcomer lands just behind the hand and is the last the sweep looks at.
    std::vector<PackedParagraph*> clock;
    std::vector<std::size_t> free_positions;
    std::size_t hand = 0;
    std::size_t bytes = 0;
    std::vector<uint64_t> doorkeeper = std::vector<uint64_t>(kDoorkeeperBits / 64);
    std::size_t doorkeeper_count = 0;
    uint64_t hits = 0, misses = 0;
  };

  Shard& shard_of(uint64_t hash) { return shards_[hash % kShards]; }
  std::size_t shard_budget() const { return byte_budget() / kShards; }
  static PackedParagraph* find_locked(const Shard& shard, uint64_t hash,
                                      std::u16string_view text, std::string_view settings);
  static void add_locked(Shard& shard, uint64_t hash, PackedParagraph* packed);
  /// Evicts until `incoming` more bytes fit in the shard's budget.
  void evict_locked(Shard& shard, std::size_t incoming);
  /// Records a first sighting; true if `hash` was (probably) seen before.
  static bool seen_before_locked(Shard& shard, uint64_t hash);
  uint64_t sum_over_shards(uint64_t Shard::*counter) const;

  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> byte_budget_;
};

}  // namespace satr::detail
