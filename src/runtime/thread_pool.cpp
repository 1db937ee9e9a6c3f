#include "runtime/thread_pool.hpp"

#include <chrono>

#include "support/brief_lock.hpp"

namespace satr::detail {
namespace {

// How long a thread polls before it sleeps, waiting for the next batch (a helper) or for
// the helpers to finish (the caller). Waking a sleeping thread takes tens of microseconds
// on a virtual machine, as long as laying out a few short paragraphs; callers that lay out
// batch after batch (re-wrapping on resize, generating data) find the helpers still
// polling. The price is at most this much CPU time per thread after each batch.
constexpr auto kPollFor = std::chrono::microseconds(200);

// Polls `done` until it returns true or kPollFor has passed; returns its last answer.
template <typename Done>
bool poll(Done done) {
  const auto deadline = std::chrono::steady_clock::now() + kPollFor;
  for (unsigned k = 1;; ++k) {
    if (done()) return true;
    cpu_relax();
    // The clock is read every 64 rounds: a read costs more than a round.
    if (k % 64 == 0 && std::chrono::steady_clock::now() >= deadline) return done();
  }
}

}  // namespace

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    published_.store(UINT64_MAX, std::memory_order_release);
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void ThreadPool::worker_loop() {
  uint64_t seen = 0;
  std::unique_lock lock = lock_briefly(mutex_);
  while (true) {
    if (!stopping_ && generation_ == seen) {
      // Poll without the lock for the next batch before sleeping on the condition.
      lock.unlock();
      poll([&] { return published_.load(std::memory_order_acquire) != seen; });
      lock = lock_briefly(mutex_);
    }
    wake_.wait(lock, [&] { return stopping_ || (generation_ != seen && wanted_ > 0); });
    if (stopping_) return;
    seen = generation_;
    --wanted_;
    running_.fetch_add(1, std::memory_order_relaxed);
    const std::function<void()>* job = job_;
    lock.unlock();
    (*job)();
    lock = lock_briefly(mutex_);
    if (running_.fetch_sub(1, std::memory_order_acq_rel) == 1 && wanted_ == 0) {
      done_.notify_all();
    }
  }
}

void ThreadPool::run(unsigned helpers, const std::function<void()>& work) {
  std::lock_guard one_batch(run_mutex_);
  {
    const std::unique_lock lock = lock_briefly(mutex_);
    while (threads_.size() < helpers) threads_.emplace_back([this] { worker_loop(); });
    job_ = &work;
    wanted_ = helpers;
    ++generation_;
    published_.store(generation_, std::memory_order_release);
  }
  wake_.notify_all();
  work();
  std::unique_lock lock = lock_briefly(mutex_);
  // Helpers that never woke up in time are not waited for: the shared counter in `work`
  // has already been drained by the others.
  wanted_ = 0;
  if (running_.load(std::memory_order_acquire) != 0) {
    lock.unlock();
    poll([&] { return running_.load(std::memory_order_acquire) == 0; });
    lock = lock_briefly(mutex_);
  }
  done_.wait(lock, [&] { return running_.load(std::memory_order_acquire) == 0; });
  job_ = nullptr;
}

}  // namespace satr::detail
