#include "cache/paragraph_cache.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <new>
#include <span>
#include <type_traits>

#include "support/hash.hpp"

namespace satr::detail {
namespace {

template <typename T>
void append_bytes(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

// Places arrays one after another in a block: with `base` null it only adds up their
// sizes (each aligned for its type), so the same code measures the block and fills it.
class BlockWriter {
 public:
  BlockWriter(std::byte* base, std::size_t offset) : base_(base), offset_(offset) {}

  template <typename T>
  std::span<const T> put(std::span<const T> source) {
    static_assert(std::is_trivially_copyable_v<T>);
    offset_ = (offset_ + alignof(T) - 1) / alignof(T) * alignof(T);
    const std::size_t at = offset_;
    offset_ += source.size_bytes();
    if (base_ == nullptr || source.empty()) return {};
    T* target = reinterpret_cast<T*>(base_ + at);
    std::memcpy(target, source.data(), source.size_bytes());
    return {target, source.size()};
  }
  template <typename Char>
  std::basic_string_view<Char> put(std::basic_string_view<Char> source) {
    const std::span<const Char> s = put(std::span<const Char>(source.data(), source.size()));
    return {s.data(), s.size()};
  }

  std::size_t size() const { return offset_; }

 private:
  std::byte* base_;
  std::size_t offset_;
};

// What an entry costs besides its block: its table slots and its place in the CLOCK array.
constexpr std::size_t kEntryOverhead =
    HashSlots<PackedParagraph>::kBytesPerValue + sizeof(PackedParagraph*);

}  // namespace

class PackedParagraph : public SharedBlock<PackedParagraph> {
 public:
  /// Bytes of the block holding `text`, `settings` and `p`.
  static std::size_t size_for(std::u16string_view text, std::string_view settings,
                              const ShapedParagraph& p) {
    return fill(nullptr, text, settings, p).size();
  }
  /// A new block of `size` = size_for(text, settings, p) bytes holding copies of `text`,
  /// `settings` and every array of `p`, with one reference (the caller's).
  static PackedParagraph* pack(uint64_t hash, std::size_t size, std::u16string_view text,
                               std::string_view settings, const ShapedParagraph& p) {
    const bool plain_bytes = text.find(u'\uFFFD') == std::u16string_view::npos;
    PackedParagraph* packed = create(size, hash, size, plain_bytes);
    fill(packed, text, settings, p);
    return packed;
  }

  ~PackedParagraph() {
    if (lines != nullptr) lines->release();
  }

  bool matches(std::u16string_view text, std::string_view settings) const {
    return view_.text == text && settings_ == settings;
  }
  const ShapedParagraphView& view() const { return view_; }
  /// A few KiB at most (see SharedBlock::prefetch): a long paragraph's later lines would
  /// be evicted before their turn.
  void prefetch(std::size_t limit) const { SharedBlock::prefetch(bytes_, limit); }
  uint64_t hash() const { return hash_; }
  /// What the paragraph costs the budget: its block, its kept lines, its table entries.
  std::size_t cost() const { return bytes_ + lines_bytes + kEntryOverhead; }
  /// Byte offsets relative to the paragraph's start are a function of its text (see
  /// KeptLines): no U+FFFD, which may stand for ill-formed bytes of any length.
  bool plain_bytes() const { return plain_bytes_; }

  bool referenced = false;       ///< Hit since the CLOCK hand last passed (shard lock).
  KeptLines* lines = nullptr;    ///< Kept lines, with one reference (shard lock).
  std::size_t lines_bytes = 0;   ///< lines->bytes() (shard lock).

 private:
  friend class SharedBlock<PackedParagraph>;
  PackedParagraph(uint64_t hash, std::size_t bytes, bool plain_bytes)
      : hash_(hash), bytes_(bytes), plain_bytes_(plain_bytes) {}

  // Measures (packed null) or fills the block: the text and settings a lookup compares,
  // then every array of the paragraph in the order ShapedParagraph::arrays_of lists them,
  // which is the order a warm layout reads them.
  static BlockWriter fill(PackedParagraph* packed, std::u16string_view text,
                          std::string_view settings, const ShapedParagraph& p) {
    BlockWriter writer(packed != nullptr ? packed->block() : nullptr, sizeof(PackedParagraph));
    ShapedParagraphView v;
    v.text = writer.put(text);
    const std::string_view stored_settings = writer.put(settings);
    for_each_field(v, p, [&](auto& to, const auto& from) {
      if constexpr (requires { from.data(); }) {
        using T = typename std::remove_cvref_t<decltype(from)>::value_type;
        to = writer.put(std::span<const T>(from.data(), from.size()));
      } else {
        to = from;
      }
    });
    if (packed != nullptr) {
      packed->view_ = v;
      packed->settings_ = stored_settings;
    }
    return writer;
  }

  uint64_t hash_;
  std::size_t bytes_;
  bool plain_bytes_;
  std::string_view settings_;
  ShapedParagraphView view_;
};

ParagraphCache::Ref::Ref(BlockRef<PackedParagraph> packed, BlockRef<KeptLines> lines)
    : packed_(std::move(packed)), lines_(std::move(lines)) {}
ParagraphCache::Ref::Ref() = default;
ParagraphCache::Ref::Ref(Ref&&) noexcept = default;
ParagraphCache::Ref& ParagraphCache::Ref::operator=(Ref&&) noexcept = default;
ParagraphCache::Ref::~Ref() = default;

const ShapedParagraphView& ParagraphCache::Ref::view() const { return packed_->view(); }

bool ParagraphCache::Ref::may_keep_lines() const { return packed_->plain_bytes(); }

ParagraphCache::~ParagraphCache() { clear(); }

void make_paragraph_settings(const ResolvedStyle& inputs, std::string& out) {
  out.clear();
  append_bytes(out, inputs.direction);
  append_bytes(out, inputs.digits);
  append_bytes(out, inputs.kashida);
  append_bytes(out, inputs.language);
  out.append(inputs.icu_language);
  out.push_back('\0');
  for (const ShapingStyle& style : inputs.styles) {
    append_bytes(out, style.font_size);
    append_bytes(out, style.features_hash);
    append_bytes(out, style.letter_spacing);
    append_bytes(out, style.word_spacing);
    for (uint32_t f : style.chain) append_bytes(out, inputs.font_table[f]->id());
    out.push_back('\0');
  }
}

uint64_t ParagraphCache::hash_of(std::u16string_view text, std::string_view settings) {
  return Hasher().text(settings).text(text).digest();
}

PackedParagraph* ParagraphCache::find_locked(const Shard& shard, uint64_t hash,
                                             std::u16string_view text,
                                             std::string_view settings) {
  return shard.index.find(
      hash, [&](const PackedParagraph* packed) { return packed->matches(text, settings); });
}

ParagraphCache::Ref ParagraphCache::lookup(uint64_t hash, std::u16string_view text,
                                           std::string_view settings) {
  Shard& shard = shard_of(hash);
  std::lock_guard lock(shard.mutex);
  PackedParagraph* packed = find_locked(shard, hash, text, settings);
  if (packed == nullptr) {
    ++shard.misses;
    return {};
  }
  ++shard.hits;
  // Written only when it changes: a line other threads are reading stays clean.
  if (!packed->referenced) packed->referenced = true;
  // What the layout reads next: with kept lines, the paragraph's header, text, flags and
  // widths (for breaking) and the lines; without, the arrays that build lines too.
  if (packed->lines != nullptr) {
    packed->lines->prefetch();
    packed->prefetch(1024);
  } else {
    packed->prefetch(4096);
  }
  return Ref(BlockRef<PackedParagraph>::share(packed), BlockRef<KeptLines>::share(packed->lines));
}

void ParagraphCache::keep_lines(const Ref& ref, BlockRef<KeptLines> kept) {
  PackedParagraph* packed = ref.packed_.shared_block();
  const std::size_t bytes = kept->bytes();
  Shard& shard = shard_of(packed->hash());
  std::lock_guard lock(shard.mutex);
  const bool still_stored =
      shard.index.find(packed->hash(), [&](const PackedParagraph* p) { return p == packed; }) !=
      nullptr;
  if (!still_stored || !packed->plain_bytes() || packed->cost() + bytes > shard_budget() / 2) {
    return;
  }
  if (packed->lines != nullptr) packed->lines->release();
  shard.bytes -= packed->lines_bytes;
  // The paragraph holds a reference of its own; `kept` drops the caller's.
  packed->lines = kept.shared_block();
  packed->lines->retain();
  packed->lines_bytes = bytes;
  shard.bytes += bytes;
  evict_locked(shard, 0);
}

bool ParagraphCache::seen_before_locked(Shard& shard, uint64_t hash) {
  // Two bits per paragraph from independent parts of the hash; a false "seen" only admits
  // a paragraph one sighting early. Cleared when an eighth full, so it stays selective.
  const std::size_t a = (hash >> 8) % kDoorkeeperBits;
  const std::size_t b = (hash >> 36) % kDoorkeeperBits;
  std::vector<uint64_t>& bits = shard.doorkeeper;
  const auto test = [&](std::size_t bit) { return (bits[bit / 64] >> (bit % 64)) & 1; };
  if (test(a) && test(b)) return true;
  if (++shard.doorkeeper_count > kDoorkeeperBits / 8) {
    std::fill(bits.begin(), bits.end(), 0);
    shard.doorkeeper_count = 0;
  }
  bits[a / 64] |= uint64_t{1} << (a % 64);
  bits[b / 64] |= uint64_t{1} << (b % 64);
  return false;
}

void ParagraphCache::add_locked(Shard& shard, uint64_t hash, PackedParagraph* packed) {
  shard.index.insert(hash, packed);
  if (shard.free_positions.empty()) {
    shard.clock.push_back(packed);
  } else {
    shard.clock[shard.free_positions.back()] = packed;
    shard.free_positions.pop_back();
  }
}

bool ParagraphCache::admit(uint64_t hash) {
  if (shard_budget() == 0) return false;
  Shard& shard = shard_of(hash);
  std::lock_guard lock(shard.mutex);
  return seen_before_locked(shard, hash);
}

void ParagraphCache::store(uint64_t hash, std::u16string_view text, std::string_view settings,
                           const ShapedParagraph& p) {
  const std::size_t budget = shard_budget();
  if (budget == 0) return;
  const std::size_t block_bytes = PackedParagraph::size_for(text, settings, p);
  // One huge paragraph must not flush the rest.
  if (block_bytes + kEntryOverhead > budget / 2) return;
  // The copy is made outside the lock.
  PackedParagraph* packed = PackedParagraph::pack(hash, block_bytes, text, settings, p);
  const std::size_t bytes = packed->cost();

  Shard& shard = shard_of(hash);
  std::lock_guard lock(shard.mutex);
  if (find_locked(shard, hash, text, settings) != nullptr) {  // Another thread was first.
    packed->release();
    return;
  }
  evict_locked(shard, bytes);
  add_locked(shard, hash, packed);
  shard.bytes += bytes;
}

void ParagraphCache::insert(uint64_t hash, std::u16string_view text, std::string_view settings,
                            const ShapedParagraph& p) {
  if (admit(hash)) store(hash, text, settings, p);
}

void ParagraphCache::evict_locked(Shard& shard, std::size_t incoming) {
  const std::size_t budget = shard_budget();
  while (shard.bytes + incoming > budget && shard.index.size() > 0) {
    if (shard.hand >= shard.clock.size()) shard.hand = 0;
    PackedParagraph* candidate = shard.clock[shard.hand];
    if (candidate == nullptr) {
      ++shard.hand;
      continue;
    }
    if (candidate->referenced) {
      candidate->referenced = false;  // Used since the hand last came round: a second chance.
      ++shard.hand;
      continue;
    }
    shard.index.erase(candidate->hash(), candidate);
    shard.bytes -= candidate->cost();
    shard.clock[shard.hand] = nullptr;
    shard.free_positions.push_back(shard.hand);
    ++shard.hand;
    candidate->release();  // Freed now unless a layout still reads it.
  }
}

void ParagraphCache::clear() {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (PackedParagraph* packed : shard.clock) {
      if (packed != nullptr) packed->release();
    }
    shard.index.clear();
    shard.clock.clear();
    shard.free_positions.clear();
    shard.hand = 0;
    shard.bytes = 0;
    std::fill(shard.doorkeeper.begin(), shard.doorkeeper.end(), 0);
    shard.doorkeeper_count = 0;
  }
}

void ParagraphCache::set_byte_budget(std::size_t bytes) {
  byte_budget_ = bytes;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    evict_locked(shard, 0);
  }
}

uint64_t ParagraphCache::sum_over_shards(uint64_t Shard::*counter) const {
  uint64_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    n += shard.*counter;
  }
  return n;
}

uint64_t ParagraphCache::hits() const { return sum_over_shards(&Shard::hits); }

uint64_t ParagraphCache::misses() const { return sum_over_shards(&Shard::misses); }

std::size_t ParagraphCache::paragraphs() const {
  std::size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    n += shard.index.size();
  }
  return n;
}

std::size_t ParagraphCache::paragraphs_with_lines() const {
  std::size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (const PackedParagraph* packed : shard.clock) n += packed != nullptr && packed->lines;
  }
  return n;
}

std::size_t ParagraphCache::bytes() const {
  std::size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    n += shard.bytes;
  }
  return n;
}

}  // namespace satr::detail
