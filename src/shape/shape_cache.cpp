#include "shape/shape_cache.hpp"

namespace satr::detail {
namespace {

bool same_context(const WordContext& a, const WordContext& b) {
  return a.font_id == b.font_id && a.features_hash == b.features_hash && a.script == b.script &&
         a.language == b.language && a.rtl == b.rtl;
}

}  // namespace

ShapeCache::ShapeCache(std::size_t byte_budget) : byte_budget_(byte_budget) {}

std::size_t ShapeCache::Entry::bytes() const {
  // Counts the payload and a fixed allowance for list and map nodes.
  return sizeof(Entry) + 64 + word.size() * sizeof(char16_t) +
         glyphs.size() * sizeof(ShapedGlyph);
}

uint64_t ShapeCache::hash_of(const WordContext& c, std::u16string_view word) {
  // FNV-1a over the context and the text: cheap per character, and words are short.
  uint64_t h = 0xcbf29ce484222325ull;
  const auto mix = [&h](uint64_t v) {
    h ^= v;
    h *= 0x100000001b3ull;
  };
  mix(c.font_id);
  mix(c.features_hash);
  mix(static_cast<uint64_t>(c.script));
  mix(reinterpret_cast<uintptr_t>(c.language));
  mix(c.rtl);
  for (char16_t ch : word) mix(ch);
  return h;
}

bool ShapeCache::lookup(const WordContext& context, std::u16string_view word,
                        uint32_t cluster_offset, std::vector<ShapedGlyph>& out) {
  const uint64_t hash = hash_of(context, word);
  Shard& shard = shards_[hash % kShards];
  std::lock_guard lock(shard.mutex);
  const auto it = shard.index.find(hash);
  if (it == shard.index.end() || it->second->word != word ||
      !same_context(it->second->context, context)) {
    ++shard.misses;
    return false;
  }
  ++shard.hits;
  shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
  const std::vector<ShapedGlyph>& glyphs = it->second->glyphs;
  const std::size_t first = out.size();
  out.insert(out.end(), glyphs.begin(), glyphs.end());
  for (std::size_t i = first; i < out.size(); ++i) out[i].cluster += cluster_offset;
  return true;
}

void ShapeCache::insert(const WordContext& context, std::u16string_view word,
                        std::span<const ShapedGlyph> glyphs) {
  const std::size_t budget = byte_budget_.load(std::memory_order_relaxed);
  if (budget == 0) return;
  const uint64_t hash = hash_of(context, word);
  Shard& shard = shards_[hash % kShards];
  std::lock_guard lock(shard.mutex);
  if (shard.index.count(hash)) return;  // Present, or a hash collision: keep the first.
  Entry entry;
  entry.hash = hash;
  entry.context = context;
  entry.word.assign(word);
  entry.glyphs.assign(glyphs.begin(), glyphs.end());
  const std::size_t size = entry.bytes();
  if (size > budget / kShards) return;
  shard.lru.push_front(std::move(entry));
  shard.index.emplace(hash, shard.lru.begin());
  shard.bytes += size;
  evict_locked(shard, budget / kShards);
}

void ShapeCache::evict_locked(Shard& shard, std::size_t shard_budget) {
  while (shard.bytes > shard_budget && !shard.lru.empty()) {
    const Entry& victim = shard.lru.back();
    shard.bytes -= victim.bytes();
    shard.index.erase(victim.hash);
    shard.lru.pop_back();
    ++shard.evictions;
  }
}

void ShapeCache::clear() {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    shard.index.clear();
    shard.lru.clear();
    shard.bytes = 0;
  }
}

void ShapeCache::set_byte_budget(std::size_t bytes) {
  byte_budget_.store(bytes, std::memory_order_relaxed);
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    evict_locked(shard, bytes / kShards);
  }
}

std::size_t ShapeCache::byte_budget() const { return byte_budget_.load(std::memory_order_relaxed); }

ShapeCacheStats ShapeCache::stats() const {
  ShapeCacheStats s;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    s.hits += shard.hits;
    s.misses += shard.misses;
    s.evictions += shard.evictions;
    s.bytes += shard.bytes;
    s.entries += shard.lru.size();
  }
  return s;
}

}  // namespace satr::detail
