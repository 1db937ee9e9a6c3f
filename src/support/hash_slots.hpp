// The index both caches keep per shard: 64-bit hashes to pointers, open addressing with
// linear probing, at most half full. A slot holds the hash beside the pointer, so a probe
// touches an entry only when its hash matches: walking past other entries costs no cache
// miss on them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace satr::detail {

template <typename T>
class HashSlots {
 public:
  /// The value stored under `hash` for which `matches(value)` holds, or null.
  template <typename Matches>
  T* find(uint64_t hash, Matches&& matches) const {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = home(hash, mask);; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.value == nullptr) return nullptr;
      if (slot.hash == hash && matches(static_cast<const T*>(slot.value))) return slot.value;
    }
  }

  /// Adds `value` (not null, not already stored) under `hash`.
  void insert(uint64_t hash, T* value) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    place(Slot{hash, value});
    ++count_;
  }

  /// Removes `value`, stored under `hash`.
  void erase(uint64_t hash, const T* value) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t hole = home(hash, mask);
    while (slots_[hole].value != value) hole = (hole + 1) & mask;
    // Backward-shift deletion keeps probe sequences unbroken without tombstones: a later
    // slot of the run moves into the hole unless its home lies in (hole, i].
    for (std::size_t i = (hole + 1) & mask; slots_[i].value != nullptr; i = (i + 1) & mask) {
      const std::size_t slot_home = home(slots_[i].hash, mask);
      if (((i - slot_home) & mask) >= ((i - hole) & mask)) {
        slots_[hole] = slots_[i];
        hole = i;
      }
    }
    slots_[hole] = Slot{};
    --count_;
  }

  /// Empties the table; its size stays for the entries to come.
  void clear() {
    std::fill(slots_.begin(), slots_.end(), Slot{});
    count_ = 0;
  }

  std::size_t size() const { return count_; }

 private:
  struct Slot {
    uint64_t hash = 0;
    T* value = nullptr;  ///< Null: empty slot.
  };

 public:
  /// Table bytes per stored value when the table is half full (up to twice as many just
  /// after it has grown).
  static constexpr std::size_t kBytesPerValue = 2 * sizeof(Slot);

 private:
  // The low bits of a hash pick the caller's shard (16 shards at most), so the table uses
  // the bits above them.
  static std::size_t home(uint64_t hash, std::size_t mask) { return (hash >> 4) & mask; }

  // Puts `slot` in the first empty slot from its home on (the table has room).
  void place(const Slot& slot) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = home(slot.hash, mask);
    while (slots_[i].value != nullptr) i = (i + 1) & mask;
    slots_[i] = slot;
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    for (const Slot& slot : old) {
      if (slot.value != nullptr) place(slot);
    }
  }

  std::vector<Slot> slots_;
  std::size_t count_ = 0;
};

}  // namespace satr::detail
