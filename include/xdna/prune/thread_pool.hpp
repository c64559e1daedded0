// A small persistent thread pool for the compute kernels of prune/ and llm/. Kernels split work
// into independent ranges (output rows or columns), so results never depend on the number of
// threads: each output element is always computed by one thread in one fixed order.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace xdna::prune {

class ThreadPool {
 public:
  // threads = total workers including the calling thread; 0 = std::thread::hardware_concurrency.
  explicit ThreadPool(std::size_t threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  std::size_t size() const { return workers_.size() + 1; }

  // Calls fn(task) for task in [0, tasks), spread over the pool; returns when all are done.
  // Not reentrant: fn must not call run() on the same pool.
  void run(std::size_t tasks, const std::function<void(std::size_t)>& fn);

 private:
  void worker_loop();
  void drain();

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(std::size_t)>* job_ = nullptr;
  std::size_t tasks_ = 0;
  std::size_t next_ = 0;
  std::size_t finished_ = 0;
  std::size_t generation_ = 0;
  bool stop_ = false;
};

// Runs fn(task) for every task, on the pool when there is one and the work is worth it.
void parallel_tasks(ThreadPool* pool, std::size_t tasks,
                    const std::function<void(std::size_t)>& fn);

}  // namespace xdna::prune
