// One hash for every cache key in satr (words, paragraphs, feature lists).
//
// Keys are hashed eight bytes at a time, multiplying each word into the state, and the
// result goes through a final avalanche so that any bit range of it (a shard number, a
// table slot) is usable. Per UTF-16 unit this costs a fraction of byte-wise FNV-1a, which
// matters because every word of a cold layout and every paragraph of a warm one is hashed.
// Not meant to resist deliberate collisions: every cache compares the full key on a match.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace satr::detail {

class Hasher {
 public:
  explicit Hasher(uint64_t seed = 0) : state_(seed ^ kOffset) {}

  Hasher& bytes(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (; size >= 8; p += 8, size -= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      mix(word);
    }
    if (size > 0) {
      // The tail, zero-padded, with its length in the top byte so that "ab" and "ab\0"
      // differ.
      uint64_t word = 0;
      std::memcpy(&word, p, size);
      mix(word ^ (uint64_t{size} << 56));
    }
    return *this;
  }
  Hasher& text(std::u16string_view s) {
    mix(s.size());
    return bytes(s.data(), s.size() * sizeof(char16_t));
  }
  Hasher& text(std::string_view s) {
    mix(s.size());
    return bytes(s.data(), s.size());
  }
  Hasher& value(uint64_t v) {
    mix(v);
    return *this;
  }

  uint64_t digest() const {
    // MurmurHash3's 64-bit finalizer.
    uint64_t h = state_;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
  }

 private:
  static constexpr uint64_t kOffset = 0x9e3779b97f4a7c15ull;
  static constexpr uint64_t kMultiplier = 0x2127599bf4325c37ull;

  void mix(uint64_t word) {
    state_ = (state_ ^ (word * kMultiplier)) * kMultiplier;
    state_ ^= state_ >> 29;
  }

  uint64_t state_;
};

}  // namespace satr::detail
