// The support folder: the caches' lock.
#include <gtest/gtest.h>

#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "support/brief_lock.hpp"

namespace satr {
namespace {

// The caches' lock: every increment made under it counts, with more threads than cores so
// that holders are preempted and waiters go to sleep (and must be woken).
TEST(BriefMutex, NoIncrementLostUnderContention) {
  detail::BriefMutex mutex;
  uint64_t counter = 0;  // Guarded by `mutex` only.
  constexpr int kThreads = 4;
  constexpr int kIncrements = 50000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        const std::lock_guard lock(mutex);
        ++counter;
        if (i % 1000 == 0) std::this_thread::yield();  // Sometimes hold it across a yield.
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(counter, uint64_t{kThreads} * kIncrements);
  EXPECT_TRUE(mutex.try_lock());
  EXPECT_FALSE(mutex.try_lock());
  mutex.unlock();
}

}  // namespace
}  // namespace satr
