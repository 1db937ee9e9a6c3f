#include "shape/word_cache.hpp"

#include <algorithm>
#include <cstring>
#include <new>

#include "support/hash.hpp"

namespace satr::detail {

// An entry inside a chunk: this header, then `length` UTF-16 units, then `glyph_count`
// glyphs; size() bytes in all, so that the next entry starts aligned.
struct WordCache::Entry {
  uint64_t hash;
  WordContext context;
  uint32_t length;
  uint32_t glyph_count;
  bool referenced;  ///< Looked up since it was stored or last given a second chance.

  static constexpr std::size_t glyph_offset(uint32_t length) {
    const std::size_t end_of_text = sizeof(Entry) + length * sizeof(char16_t);
    return (end_of_text + alignof(ShapedGlyph) - 1) / alignof(ShapedGlyph) * alignof(ShapedGlyph);
  }
  static constexpr std::size_t size_for(uint32_t length, std::size_t glyph_count) {
    const std::size_t end = glyph_offset(length) + glyph_count * sizeof(ShapedGlyph);
    return (end + alignof(Entry) - 1) / alignof(Entry) * alignof(Entry);
  }
  std::size_t size() const { return size_for(length, glyph_count); }
  std::u16string_view word() const {
    return {reinterpret_cast<const char16_t*>(this + 1), length};
  }
  char16_t* text() { return reinterpret_cast<char16_t*>(this + 1); }
  const ShapedGlyph* glyphs() const {
    return reinterpret_cast<const ShapedGlyph*>(reinterpret_cast<const char*>(this) +
                                                glyph_offset(length));
  }
  ShapedGlyph* glyphs() {
    return reinterpret_cast<ShapedGlyph*>(reinterpret_cast<char*>(this) + glyph_offset(length));
  }
};

namespace {

// At least eight chunks a shard, so that dropping one loses at most an eighth of it; each
// large enough that allocating it is rare (4 KiB holds some twenty words) and no larger
// than 64 KiB, which the allocator serves from its heap rather than by mapping pages.
std::size_t chunk_bytes_for(std::size_t shard_budget) {
  return std::min(shard_budget, std::clamp<std::size_t>(shard_budget / 8, 4096, 65536));
}

}  // namespace

WordCache::WordCache(std::size_t byte_budget) : byte_budget_(byte_budget) {}

WordCache::~WordCache() = default;

uint64_t WordCache::context_hash(const WordContext& c) {
  return Hasher()
      .value(c.font_id)
      .value(c.features_hash)
      .value((static_cast<uint64_t>(c.script) << 1) | c.rtl)
      .value(reinterpret_cast<uintptr_t>(c.language))
      .digest();
}

uint64_t WordCache::hash_of(uint64_t context_hash, std::u16string_view word) {
  return Hasher(context_hash).text(word).digest();
}

WordCache::Entry* WordCache::find(const Shard& shard, uint64_t hash,
                                    const WordContext& context, std::u16string_view word) {
  return shard.index.find(
      hash, [&](const Entry* e) { return e->context == context && e->word() == word; });
}

bool WordCache::lookup(uint64_t hash, const WordContext& context, std::u16string_view word,
                        uint32_t cluster_offset, std::vector<ShapedGlyph>& out) {
  Shard& shard = shards_[hash % kShards];
  std::lock_guard lock(shard.mutex);
  Entry* e = find(shard, hash, context, word);
  if (e == nullptr) {
    ++shard.misses;
    return false;
  }
  ++shard.hits;
  if (!e->referenced) e->referenced = true;
  const std::size_t first = out.size();
  out.insert(out.end(), e->glyphs(), e->glyphs() + e->glyph_count);
  for (std::size_t i = first; i < out.size(); ++i) out[i].cluster += cluster_offset;
  return true;
}

void WordCache::insert(uint64_t hash, const WordContext& context, std::u16string_view word,
                        std::span<const ShapedGlyph> glyphs, uint32_t word_start) {
  const std::size_t shard_budget = byte_budget() / kShards;
  if (shard_budget == 0) return;
  const auto length = static_cast<uint32_t>(word.size());
  const std::size_t size = Entry::size_for(length, glyphs.size());
  Shard& shard = shards_[hash % kShards];
  std::lock_guard lock(shard.mutex);
  if (find(shard, hash, context, word) != nullptr) return;
  Entry* e = allocate_locked(shard, size, shard_budget);
  if (e == nullptr) return;
  new (e) Entry{hash, context, length, static_cast<uint32_t>(glyphs.size()), false};
  std::memcpy(e->text(), word.data(), length * sizeof(char16_t));
  ShapedGlyph* stored = e->glyphs();
  for (std::size_t i = 0; i < glyphs.size(); ++i) {
    stored[i] = glyphs[i];
    stored[i].cluster -= word_start;
  }
  shard.index.insert(hash, e);
}

WordCache::Chunk& WordCache::add_chunk_locked(Shard& shard, std::size_t chunk_bytes) {
  shard.bytes += chunk_bytes;
  return shard.chunks.emplace_back(
      Chunk{std::make_unique_for_overwrite<std::byte[]>(chunk_bytes), chunk_bytes, 0});
}

WordCache::Entry* WordCache::allocate_locked(Shard& shard, std::size_t size,
                                               std::size_t shard_budget) {
  const std::size_t chunk_bytes = chunk_bytes_for(shard_budget);
  if (size > chunk_bytes) return nullptr;
  // Each round either adds a chunk within the budget or drops the oldest; survivors of a
  // drop lose their mark, so the next round over them drops them: this ends.
  while (shard.chunks.empty() || shard.chunks.back().capacity - shard.chunks.back().used < size) {
    if (!shard.chunks.empty() && shard.bytes + chunk_bytes > shard_budget) {
      evict_oldest_locked(shard, shard_budget);
    } else {
      add_chunk_locked(shard, chunk_bytes);
    }
  }
  Chunk& newest = shard.chunks.back();
  std::byte* at = newest.memory.get() + newest.used;
  newest.used += size;
  return reinterpret_cast<Entry*>(at);
}

void WordCache::evict_oldest_locked(Shard& shard, std::size_t shard_budget) {
  const Chunk oldest = std::move(shard.chunks.front());
  shard.chunks.pop_front();
  shard.bytes -= oldest.capacity;
  const std::size_t chunk_bytes = chunk_bytes_for(shard_budget);
  Chunk* survivors = nullptr;
  for (std::size_t at = 0; at < oldest.used;) {
    auto* e = reinterpret_cast<Entry*>(oldest.memory.get() + at);
    const std::size_t size = e->size();
    at += size;
    shard.index.erase(e->hash, e);
    if (e->referenced && survivors == nullptr && shard.bytes + chunk_bytes <= shard_budget) {
      survivors = &add_chunk_locked(shard, chunk_bytes);
    }
    // At most half of the new chunk goes to survivors, so that room is left for new words.
    if (e->referenced && survivors != nullptr && survivors->used + size <= chunk_bytes / 2) {
      auto* moved = reinterpret_cast<Entry*>(survivors->memory.get() + survivors->used);
      std::memcpy(static_cast<void*>(moved), e, size);
      survivors->used += size;
      moved->referenced = false;
      shard.index.insert(moved->hash, moved);
    } else {
      ++shard.evictions;
    }
  }
}

void WordCache::clear_locked(Shard& shard) {
  shard.index.clear();
  shard.chunks.clear();
  shard.bytes = 0;
}

void WordCache::clear() {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    clear_locked(shard);
  }
}

void WordCache::set_byte_budget(std::size_t bytes) {
  byte_budget_.store(bytes, std::memory_order_relaxed);
  const std::size_t shard_budget = bytes / kShards;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    while (shard.bytes > shard_budget) evict_oldest_locked(shard, shard_budget);
  }
}

WordCacheStats WordCache::stats() const {
  WordCacheStats s;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    s.hits += shard.hits;
    s.misses += shard.misses;
    s.evictions += shard.evictions;
    s.bytes += shard.bytes;
    s.entries += shard.index.size();
  }
  return s;
}

}  // namespace satr::detail
