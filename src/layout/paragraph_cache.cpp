#include "layout/paragraph_cache.hpp"

#include <algorithm>
#include <cstring>

#include "text/hash.hpp"

namespace satr::detail {
namespace {

template <typename T>
void append_bytes(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename T>
std::size_t vector_bytes(const std::vector<T>& v) {
  return v.size() * sizeof(T);
}

}  // namespace

void make_paragraph_settings(const LayoutInputs& inputs, Direction direction, std::string& out) {
  out.clear();
  append_bytes(out, direction);
  append_bytes(out, inputs.digits);
  append_bytes(out, inputs.kashida);
  append_bytes(out, inputs.language);
  out.append(inputs.icu_language);
  out.push_back('\0');
  for (const ShapingStyle& style : inputs.styles) {
    append_bytes(out, style.font_size);
    append_bytes(out, style.features_hash);
    for (uint32_t f : style.chain) append_bytes(out, inputs.font_table[f]->id());
    out.push_back('\0');
  }
}

uint64_t ParagraphCache::hash_of(std::u16string_view text, const std::string& settings) {
  return Hasher().text(settings).text(text).digest();
}

std::shared_ptr<const ShapedParagraph> ParagraphCache::lookup(uint64_t hash,
                                                              std::u16string_view text,
                                                              const std::string& settings) {
  Shard& shard = shard_of(hash);
  std::lock_guard lock(shard.mutex);
  const auto [first, last] = shard.index.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    const Entry& entry = *it->second;
    if (!entry.matches(hash, text, settings)) continue;
    entry.referenced = true;
    ++shard.hits;
    // Shares ownership of the Stored block, points at its paragraph.
    return {entry.stored, &entry.stored->paragraph};
  }
  ++shard.misses;
  return nullptr;
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

void ParagraphCache::insert(uint64_t hash, std::u16string_view text, const std::string& settings,
                            const ShapedParagraph& p) {
  const std::size_t budget = shard_budget();
  if (budget == 0) return;
  const std::size_t bytes =
      sizeof(Entry) + sizeof(Stored) + 2 * text.size() + settings.size() +
      vector_bytes(p.bidi.levels) + vector_bytes(p.flags) + vector_bytes(p.items) +
      vector_bytes(p.item_glyphs) + vector_bytes(p.glyphs) + vector_bytes(p.prefix_width) +
      vector_bytes(p.kashida) + 2 * p.shaped_text.size() + vector_bytes(p.style_of) +
      vector_bytes(p.color_of);
  if (bytes > budget / 2) return;  // One huge paragraph must not flush the rest.
  Shard& shard = shard_of(hash);
  {
    std::lock_guard lock(shard.mutex);
    if (!seen_before_locked(shard, hash)) return;
  }
  // The copy is made outside the lock.
  auto stored = std::make_shared<Stored>();
  stored->text.assign(text);
  stored->paragraph = p;
  stored->paragraph.text = stored->text;

  std::lock_guard lock(shard.mutex);
  const auto [first, last] = shard.index.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    if (it->second->matches(hash, text, settings)) return;  // Another thread was first.
  }
  Entry entry;
  entry.hash = hash;
  entry.settings = settings;
  entry.stored = std::move(stored);
  entry.bytes = bytes;
  shard.bytes += bytes;
  shard.lru.push_front(std::move(entry));
  shard.index.emplace(hash, shard.lru.begin());
  evict_locked(shard);
}

void ParagraphCache::evict_locked(Shard& shard) {
  const std::size_t budget = shard_budget();
  while (shard.bytes > budget && !shard.lru.empty()) {
    const auto victim = std::prev(shard.lru.end());
    if (victim->referenced) {
      // Used since it last came round: a second chance at the front (CLOCK).
      victim->referenced = false;
      shard.lru.splice(shard.lru.begin(), shard.lru, victim);
      continue;
    }
    const auto [first, last] = shard.index.equal_range(victim->hash);
    for (auto it = first; it != last; ++it) {
      if (it->second == victim) {
        shard.index.erase(it);
        break;
      }
    }
    shard.bytes -= victim->bytes;
    shard.lru.erase(victim);
  }
}

void ParagraphCache::clear() {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    shard.index.clear();
    shard.lru.clear();
    shard.bytes = 0;
    std::fill(shard.doorkeeper.begin(), shard.doorkeeper.end(), 0);
    shard.doorkeeper_count = 0;
  }
}

void ParagraphCache::set_byte_budget(std::size_t bytes) {
  byte_budget_ = bytes;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    evict_locked(shard);
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

}  // namespace satr::detail
