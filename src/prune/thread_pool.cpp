#include "xdna/prune/thread_pool.hpp"

#include <algorithm>

namespace xdna::prune {

ThreadPool::ThreadPool(std::size_t threads) {
  if (threads == 0) threads = std::max<std::size_t>(1, std::thread::hardware_concurrency());
  for (std::size_t i = 1; i < threads; ++i) workers_.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

void ThreadPool::drain() {
  // Claim tasks one at a time; tasks are coarse (one output range each).
  std::unique_lock lock(mutex_);
  while (job_ != nullptr && next_ < tasks_) {
    const std::size_t task = next_++;
    const auto* job = job_;
    lock.unlock();
    (*job)(task);
    lock.lock();
    if (++finished_ == tasks_) done_.notify_all();
  }
}

void ThreadPool::worker_loop() {
  std::size_t seen = 0;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    drain();
  }
}

void ThreadPool::run(std::size_t tasks, const std::function<void(std::size_t)>& fn) {
  if (tasks == 0) return;
  if (workers_.empty() || tasks == 1) {
    for (std::size_t t = 0; t < tasks; ++t) fn(t);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    job_ = &fn;
    tasks_ = tasks;
    next_ = 0;
    finished_ = 0;
    ++generation_;
  }
  wake_.notify_all();
  drain();
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return finished_ == tasks_; });
  job_ = nullptr;
}

void parallel_tasks(ThreadPool* pool, std::size_t tasks,
                    const std::function<void(std::size_t)>& fn) {
  if (pool == nullptr) {
    for (std::size_t t = 0; t < tasks; ++t) fn(t);
  } else {
    pool->run(tasks, fn);
  }
}

}  // namespace xdna::prune
