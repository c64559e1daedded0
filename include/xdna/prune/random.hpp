// Fixed-seed random numbers for the pruning experiments and the model evaluation. Every number
// the experiments print must be reproducible on any machine, so we use our own generator
// (xoshiro256** seeded through splitmix64) instead of the standard library's distributions,
// whose outputs are implementation-defined.
#pragma once

#include <cstdint>
#include <span>
#include <utility>

namespace xdna::prune {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next_u64();
  // Uniform in [0, 1) with 53 (double) or 24 (float) random bits.
  double uniform();
  float uniform_float();
  // Standard normal (Box-Muller; the second value of each pair is cached).
  double normal();
  // Uniform integer in [0, n) without modulo bias; n > 0.
  std::uint64_t below(std::uint64_t n);

  // Fisher-Yates shuffle.
  template <typename T>
  void shuffle(std::span<T> values) {
    for (std::size_t i = values.size(); i > 1; --i) {
      const std::size_t j = static_cast<std::size_t>(below(i));
      std::swap(values[i - 1], values[j]);
    }
  }

 private:
  std::uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace xdna::prune
