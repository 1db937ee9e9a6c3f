// Locking for critical sections a few dozen instructions long (a cache lookup, taking a
// workspace from a pool), which threads laying out at the same time enter constantly.
#pragma once

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

/// A mutex locked with lock_briefly, for std::lock_guard and friends.
class BriefMutex {
 public:
  void lock() { lock_briefly(mutex_).release(); }
  bool try_lock() { return mutex_.try_lock(); }
  void unlock() { mutex_.unlock(); }

 private:
  std::mutex mutex_;
};

}  // namespace satr::detail
