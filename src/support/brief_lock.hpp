// Locking for critical sections a few dozen instructions long (a cache lookup, taking a
// workspace from a pool), which threads laying out at the same time enter constantly.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace satr::detail {

/// Tells the CPU this thread is waiting in a loop (cheaper for its sibling threads).
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

/// Locks `m`, first retrying for a moment without sleeping. When the holder keeps it for
/// a few dozen instructions, sleeping in the kernel and being woken (tens of microseconds
/// on a virtual machine) costs far more than the wait.
inline std::unique_lock<std::mutex> lock_briefly(std::mutex& m) {
  constexpr int kTries = 128;
  for (int k = 0; k < kTries; ++k) {
    if (m.try_lock()) return std::unique_lock<std::mutex>(m, std::adopt_lock);
    cpu_relax();
  }
  return std::unique_lock<std::mutex>(m);
}

/// A mutex for critical sections a few dozen instructions long. Taking it free costs one
/// compare-and-swap and releasing it one exchange, against some 40 instructions for a
/// pthread mutex's try-lock and unlock;
/// a thread that finds it taken retries for a moment, then sleeps until the holder wakes it
/// (std::atomic's wait, a futex on Linux). The state says whether anyone may be asleep, so
/// that unlocking a mutex nobody waited for makes no system call.
class BriefMutex {
 public:
  void lock() {
    if (!try_lock()) lock_contended();
  }
  bool try_lock() {
    uint32_t expected = kFree;
    return state_.compare_exchange_strong(expected, kTaken, std::memory_order_acquire);
  }
  void unlock() {
    if (state_.exchange(kFree, std::memory_order_release) == kTakenWithSleepers) {
      state_.notify_one();
    }
  }

 private:
  static constexpr uint32_t kFree = 0;
  static constexpr uint32_t kTaken = 1;
  static constexpr uint32_t kTakenWithSleepers = 2;

  void lock_contended() {
    constexpr int kTries = 128;
    for (int k = 0; k < kTries; ++k) {
      cpu_relax();
      uint32_t expected = kFree;
      if (state_.load(std::memory_order_relaxed) == kFree &&
          state_.compare_exchange_weak(expected, kTaken, std::memory_order_acquire)) {
        return;
      }
    }
    // From here on the mutex is taken as kTakenWithSleepers, whether or not another thread
    // still sleeps: its unlock may then wake a thread needlessly, never miss one.
    while (state_.exchange(kTakenWithSleepers, std::memory_order_acquire) != kFree) {
      state_.wait(kTakenWithSleepers, std::memory_order_relaxed);
    }
  }

  std::atomic<uint32_t> state_{kFree};
};

}  // namespace satr::detail
