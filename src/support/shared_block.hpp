// One heap block holding a header and, behind it, the arrays the header describes, shared
// between threads by reference count: the caches keep results this way so that a warm
// layout reads one block front to back, and a block a layout still reads outlives its
// eviction.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

namespace satr::detail {

/// Base of a block header. `Derived` is constructed at the start of a block of any size
/// (it lays out its arrays behind itself), starting with one reference. The last
/// release() destroys the header and frees the block.
template <typename Derived>
class SharedBlock {
 public:
  /// Blocks start a cache line, so that the header and its first arrays share lines.
  static constexpr std::align_val_t kAlignment{64};

  /// A new block of `bytes` bytes (at least sizeof(Derived)) with `Derived(args...)` at
  /// its start and one reference, which the caller owns.
  template <typename... Args>
  static Derived* create(std::size_t bytes, Args&&... args) {
    void* memory = ::operator new(bytes, kAlignment);
    try {
      return new (memory) Derived(std::forward<Args>(args)...);
    } catch (...) {
      ::operator delete(memory, kAlignment);
      throw;
    }
  }

  /// The first byte of the block (where the header is).
  std::byte* block() { return reinterpret_cast<std::byte*>(this); }
  const std::byte* block() const { return reinterpret_cast<const std::byte*>(this); }

  void retain() { references_.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    if (references_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    Derived* self = static_cast<Derived*>(this);
    self->~Derived();
    ::operator delete(static_cast<void*>(self), kAlignment);
  }

  /// Asks for the block's first `limit` bytes (of `size`) at once, so that its cache lines
  /// arrive together rather than one after another as a layout walks the block: the
  /// hardware's own prefetching needs a few misses in a row to start.
  void prefetch(std::size_t size, std::size_t limit) const {
    const char* start = reinterpret_cast<const char*>(this);
    const std::size_t end = size < limit ? size : limit;
    for (std::size_t at = 0; at < end; at += 64) __builtin_prefetch(start + at);
  }

 protected:
  SharedBlock() = default;
  ~SharedBlock() = default;
  SharedBlock(const SharedBlock&) = delete;
  SharedBlock& operator=(const SharedBlock&) = delete;

 private:
  std::atomic<uint32_t> references_{1};
};

/// Owns one reference to a SharedBlock-derived `T` and gives read access to it.
template <typename T>
class BlockRef {
 public:
  BlockRef() = default;
  /// Takes over a reference the caller owns (null is an empty ref).
  static BlockRef adopt(T* block) { return BlockRef(block); }
  /// Adds a reference of its own.
  static BlockRef share(T* block) {
    if (block != nullptr) block->retain();
    return BlockRef(block);
  }

  BlockRef(BlockRef&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
  BlockRef& operator=(BlockRef&& other) noexcept {
    if (this != &other) {
      reset();
      block_ = std::exchange(other.block_, nullptr);
    }
    return *this;
  }
  BlockRef(const BlockRef&) = delete;
  BlockRef& operator=(const BlockRef&) = delete;
  ~BlockRef() { reset(); }

  void reset() {
    if (block_ != nullptr) std::exchange(block_, nullptr)->release();
  }
  explicit operator bool() const { return block_ != nullptr; }
  const T* get() const { return block_; }
  const T* operator->() const { return block_; }
  const T& operator*() const { return *block_; }
  /// For the owner that keeps the block (a cache updating its bookkeeping under its lock).
  T* shared_block() const { return block_; }

 private:
  explicit BlockRef(T* block) : block_(block) {}
  T* block_ = nullptr;
};

}  // namespace satr::detail
