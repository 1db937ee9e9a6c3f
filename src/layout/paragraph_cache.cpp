#include "layout/paragraph_cache.hpp"

#include <algorithm>
#include <cstring>

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

// Copies `from` into `to`, reusing `to`'s storage.
void copy_paragraph(const ShapedParagraph& from, ShapedParagraph& to) {
  to.shaped_text = from.shaped_text;
  to.text_offset = from.text_offset;
  to.bidi.paragraph_level = from.bidi.paragraph_level;
  to.bidi.levels = from.bidi.levels;
  to.flags = from.flags;
  to.style_of = from.style_of;
  to.color_of = from.color_of;
  to.items = from.items;
  to.item_glyphs = from.item_glyphs;
  to.glyphs = from.glyphs;
  to.prefix_width = from.prefix_width;
  to.kashida = from.kashida;
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
    for (uint32_t f : style.chain) append_bytes(out, inputs.font_table[f].id());
    out.push_back('\0');
  }
}

uint64_t ParagraphCache::hash_of(std::u16string_view text, const std::string& settings) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (char16_t c : text) h = (h ^ c) * 0x100000001b3ull;
  for (char c : settings) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001b3ull;
  return h;
}

bool ParagraphCache::lookup(std::u16string_view text, const std::string& settings,
                            ShapedParagraph& out) {
  const uint64_t hash = hash_of(text, settings);
  std::lock_guard lock(mutex_);
  const auto [first, last] = index_.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    const Entry& entry = *it->second;
    if (entry.key.text != text || entry.key.settings != settings) continue;
    lru_.splice(lru_.begin(), lru_, it->second);
    copy_paragraph(entry.value, out);
    out.text = text;
    ++hits_;
    return true;
  }
  ++misses_;
  return false;
}

bool ParagraphCache::seen_before_locked(uint64_t hash) {
  // Two bits per paragraph from independent parts of the hash; a false "seen" only admits
  // a paragraph one sighting early. Cleared when a quarter full, so it stays selective.
  const std::size_t a = hash % kDoorkeeperBits;
  const std::size_t b = (hash >> 32) % kDoorkeeperBits;
  const auto test = [&](std::size_t bit) { return (doorkeeper_[bit / 64] >> (bit % 64)) & 1; };
  if (test(a) && test(b)) return true;
  if (++doorkeeper_count_ > kDoorkeeperBits / 8) {
    std::fill(doorkeeper_.begin(), doorkeeper_.end(), 0);
    doorkeeper_count_ = 0;
  }
  doorkeeper_[a / 64] |= uint64_t{1} << (a % 64);
  doorkeeper_[b / 64] |= uint64_t{1} << (b % 64);
  return false;
}

void ParagraphCache::insert(std::u16string_view text, const std::string& settings,
                            const ShapedParagraph& p) {
  std::lock_guard lock(mutex_);
  if (byte_budget_ == 0) return;
  if (!seen_before_locked(hash_of(text, settings))) return;
  Entry entry;
  entry.key.text.assign(text);
  entry.key.settings = settings;
  entry.key.hash = hash_of(text, settings);
  copy_paragraph(p, entry.value);
  entry.bytes = sizeof(Entry) + 2 * text.size() + settings.size() +
                vector_bytes(p.bidi.levels) + vector_bytes(p.flags) + vector_bytes(p.items) +
                vector_bytes(p.item_glyphs) + vector_bytes(p.glyphs) +
                vector_bytes(p.prefix_width) + vector_bytes(p.kashida) +
                2 * p.shaped_text.size() + vector_bytes(p.style_of) + vector_bytes(p.color_of);
  if (entry.bytes > byte_budget_ / 4) return;  // One huge paragraph must not flush the rest.
  const auto [first, last] = index_.equal_range(entry.key.hash);
  for (auto it = first; it != last; ++it) {
    if (it->second->key == entry.key) return;  // Another thread inserted it meanwhile.
  }
  bytes_ += entry.bytes;
  lru_.push_front(std::move(entry));
  index_.emplace(lru_.front().key.hash, lru_.begin());
  evict_locked();
}

void ParagraphCache::evict_locked() {
  while (bytes_ > byte_budget_ && !lru_.empty()) {
    const auto victim = std::prev(lru_.end());
    const auto [first, last] = index_.equal_range(victim->key.hash);
    for (auto it = first; it != last; ++it) {
      if (it->second == victim) {
        index_.erase(it);
        break;
      }
    }
    bytes_ -= victim->bytes;
    lru_.erase(victim);
  }
}

void ParagraphCache::clear() {
  std::lock_guard lock(mutex_);
  index_.clear();
  lru_.clear();
  bytes_ = 0;
  std::fill(doorkeeper_.begin(), doorkeeper_.end(), 0);
  doorkeeper_count_ = 0;
}

void ParagraphCache::set_byte_budget(std::size_t bytes) {
  std::lock_guard lock(mutex_);
  byte_budget_ = bytes;
  evict_locked();
}

std::size_t ParagraphCache::byte_budget() const {
  std::lock_guard lock(mutex_);
  return byte_budget_;
}

uint64_t ParagraphCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

uint64_t ParagraphCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

}  // namespace satr::detail
