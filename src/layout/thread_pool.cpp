#include "layout/thread_pool.hpp"

namespace satr::detail {

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void ThreadPool::worker_loop() {
  uint64_t seen = 0;
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || (generation_ != seen && wanted_ > 0); });
    if (stopping_) return;
    seen = generation_;
    --wanted_;
    ++running_;
    const std::function<void()>* job = job_;
    lock.unlock();
    (*job)();
    lock.lock();
    if (--running_ == 0 && wanted_ == 0) done_.notify_all();
  }
}

void ThreadPool::run(unsigned helpers, const std::function<void()>& work) {
  std::lock_guard one_batch(run_mutex_);
  {
    std::lock_guard lock(mutex_);
    while (threads_.size() < helpers) threads_.emplace_back([this] { worker_loop(); });
    job_ = &work;
    wanted_ = helpers;
    ++generation_;
  }
  wake_.notify_all();
  work();
  std::unique_lock lock(mutex_);
  // Helpers that never woke up in time are not waited for: the shared counter in `work`
  // has already been drained by the others.
  wanted_ = 0;
  done_.wait(lock, [&] { return running_ == 0; });
  job_ = nullptr;
}

}  // namespace satr::detail
