#include "shape/shape_cache.hpp"

#include <cstring>
#include <new>

#include "text/hash.hpp"

namespace satr::detail {

// One block: this header, then `length` UTF-16 units, then `glyph_count` glyphs.
struct ShapeCache::Entry {
  uint64_t hash;
  Entry* newer;
  Entry* older;
  WordContext context;
  uint32_t length;
  uint32_t glyph_count;
  std::size_t bytes;

  static constexpr std::size_t glyph_offset(uint32_t length) {
    const std::size_t end_of_text = sizeof(Entry) + length * sizeof(char16_t);
    return (end_of_text + alignof(ShapedGlyph) - 1) / alignof(ShapedGlyph) * alignof(ShapedGlyph);
  }
  std::u16string_view word() const {
    return {reinterpret_cast<const char16_t*>(this + 1), length};
  }
  const ShapedGlyph* glyphs() const {
    return reinterpret_cast<const ShapedGlyph*>(reinterpret_cast<const char*>(this) +
                                                glyph_offset(length));
  }
};

ShapeCache::ShapeCache(std::size_t byte_budget) : byte_budget_(byte_budget) {}

ShapeCache::~ShapeCache() {
  for (Shard& shard : shards_) clear_locked(shard);
}

uint64_t ShapeCache::context_hash(const WordContext& c) {
  return Hasher()
      .value(c.font_id)
      .value(c.features_hash)
      .value((static_cast<uint64_t>(c.script) << 1) | c.rtl)
      .value(reinterpret_cast<uintptr_t>(c.language))
      .digest();
}

uint64_t ShapeCache::hash_of(uint64_t context_hash, std::u16string_view word) {
  return Hasher(context_hash).text(word).digest();
}

ShapeCache::Entry* ShapeCache::find(const Shard& shard, uint64_t hash,
                                    const WordContext& context, std::u16string_view word) {
  return shard.index.find(
      hash, [&](const Entry* e) { return e->context == context && e->word() == word; });
}

void ShapeCache::unlink(Shard& shard, Entry* e) {
  (e->newer ? e->newer->older : shard.newest) = e->older;
  (e->older ? e->older->newer : shard.oldest) = e->newer;
}

void ShapeCache::push_newest(Shard& shard, Entry* e) {
  e->newer = nullptr;
  e->older = shard.newest;
  (shard.newest ? shard.newest->newer : shard.oldest) = e;
  shard.newest = e;
}

bool ShapeCache::lookup(uint64_t hash, const WordContext& context, std::u16string_view word,
                        uint32_t cluster_offset, std::vector<ShapedGlyph>& out) {
  Shard& shard = shards_[hash % kShards];
  std::lock_guard lock(shard.mutex);
  Entry* e = find(shard, hash, context, word);
  if (e == nullptr) {
    ++shard.misses;
    return false;
  }
  ++shard.hits;
  if (shard.newest != e) {
    unlink(shard, e);
    push_newest(shard, e);
  }
  const std::size_t first = out.size();
  out.insert(out.end(), e->glyphs(), e->glyphs() + e->glyph_count);
  for (std::size_t i = first; i < out.size(); ++i) out[i].cluster += cluster_offset;
  return true;
}

void ShapeCache::insert(uint64_t hash, const WordContext& context, std::u16string_view word,
                        std::span<const ShapedGlyph> glyphs) {
  const std::size_t budget = byte_budget();
  if (budget == 0) return;
  const auto length = static_cast<uint32_t>(word.size());
  const std::size_t size = Entry::glyph_offset(length) + glyphs.size() * sizeof(ShapedGlyph);
  if (size > budget / kShards) return;
  Shard& shard = shards_[hash % kShards];
  std::lock_guard lock(shard.mutex);
  if (find(shard, hash, context, word) != nullptr) return;

  auto* e = static_cast<Entry*>(::operator new(size));
  new (e) Entry{hash, nullptr, nullptr, context, length,
                static_cast<uint32_t>(glyphs.size()), size};
  std::memcpy(const_cast<char16_t*>(e->word().data()), word.data(), length * sizeof(char16_t));
  std::memcpy(const_cast<ShapedGlyph*>(e->glyphs()), glyphs.data(),
              glyphs.size() * sizeof(ShapedGlyph));
  shard.index.insert(hash, e);
  push_newest(shard, e);
  shard.bytes += size;
  evict_locked(shard, budget / kShards);
}

void ShapeCache::evict_locked(Shard& shard, std::size_t shard_budget) {
  while (shard.bytes > shard_budget && shard.oldest != nullptr) {
    Entry* victim = shard.oldest;
    shard.index.erase(victim->hash, victim);
    unlink(shard, victim);
    shard.bytes -= victim->bytes;
    ::operator delete(victim);
    ++shard.evictions;
  }
}

void ShapeCache::clear_locked(Shard& shard) {
  for (Entry* e = shard.oldest; e != nullptr;) {
    Entry* next = e->newer;
    ::operator delete(e);
    e = next;
  }
  shard.index.clear();
  shard.newest = shard.oldest = nullptr;
  shard.bytes = 0;
}

void ShapeCache::clear() {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    clear_locked(shard);
  }
}

void ShapeCache::set_byte_budget(std::size_t bytes) {
  byte_budget_.store(bytes, std::memory_order_relaxed);
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    evict_locked(shard, bytes / kShards);
  }
}

ShapeCacheStats ShapeCache::stats() const {
  ShapeCacheStats s;
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
