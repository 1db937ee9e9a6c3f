// A small pool of worker threads owned by a Context, so that layout_batch does not start
// threads on every call.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace satr::detail {

class ThreadPool {
 public:
  ThreadPool() = default;
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  /// Runs `work` on `helpers` pool threads (started on first need) and on the calling
  /// thread at once; returns when every copy has returned. `work` must not throw. Threads
  /// poll briefly before sleeping, so that back-to-back batches need no wake-up.
  void run(unsigned helpers, const std::function<void()>& work);

 private:
  void worker_loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::vector<std::thread> threads_;
  const std::function<void()>* job_ = nullptr;
  unsigned wanted_ = 0;    // Helpers still to pick up the current job.
  std::atomic<unsigned> running_{0};  // Helpers running it (changed under mutex_).
  uint64_t generation_ = 0;
  /// generation_, readable without the lock by threads polling for the next batch.
  std::atomic<uint64_t> published_{0};
  bool stopping_ = false;
  std::mutex run_mutex_;   // One batch at a time per pool.
};

}  // namespace satr::detail
