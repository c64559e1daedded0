// parallel_for over std::thread (see parallel.hpp).
#include "parallel.hpp"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace xdna::ops::cpu {

std::size_t cpu_threads() {
  if (const char* env = std::getenv("XDNA_THREADS")) {
    const long v = std::strtol(env, nullptr, 10);
    if (v >= 1) return static_cast<std::size_t>(v);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

void parallel_for(std::size_t n, std::size_t grain,
                  const std::function<void(std::size_t, std::size_t)>& fn) {
  if (n == 0) return;
  grain = std::max<std::size_t>(grain, 1);
  const std::size_t units = (n + grain - 1) / grain;
  const std::size_t workers = std::min(cpu_threads(), units);
  if (workers <= 1) {
    fn(0, n);
    return;
  }
  // Contiguous, balanced pieces in whole grains.
  std::vector<std::size_t> bounds(workers + 1);
  for (std::size_t w = 0; w <= workers; ++w) bounds[w] = std::min(n, (units * w / workers) * grain);
  std::exception_ptr error;
  std::mutex error_mutex;
  auto run = [&](std::size_t w) {
    try {
      fn(bounds[w], bounds[w + 1]);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(workers - 1);
  for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(run, w);
  run(0);
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace xdna::ops::cpu
