// Sets XDNA_THREADS (the CPU backend's thread count) for one scope and restores what was there,
// for tests of the threaded paths.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

class ScopedThreads {
 public:
  explicit ScopedThreads(int threads) {
    if (const char* old = std::getenv("XDNA_THREADS")) old_ = old;
    setenv("XDNA_THREADS", std::to_string(threads).c_str(), 1);
  }
  ~ScopedThreads() {
    if (old_) {
      setenv("XDNA_THREADS", old_->c_str(), 1);
    } else {
      unsetenv("XDNA_THREADS");
    }
  }
  ScopedThreads(const ScopedThreads&) = delete;
  ScopedThreads& operator=(const ScopedThreads&) = delete;

 private:
  std::optional<std::string> old_;
};
