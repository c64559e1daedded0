// Shared helpers of the kernel tests: deterministic data, bit conversions between the kernels'
// bfloat16 buffers and the references' raw bits, and a scoped emulated core with a chosen
// rounding mode.
#pragma once

#include <aie_api/aie.hpp>

#include <cstdint>
#include <random>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "reference/aligned_vector.hpp"
#include "reference/bf16_bits.hpp"

namespace xdna::kernel_test {

using kref::aligned_vector;
using kref::bf16_bits;

// bf16 values uniform in [lo, hi), rounded to nearest even by the reference converter.
inline std::vector<bf16_bits> random_bf16(std::size_t n, float lo, float hi, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<bf16_bits> v(n);
  for (auto& b : v) b = kref::to_bf16(dist(rng));
  return v;
}

inline aligned_vector<bfloat16> to_kernel(std::span<const bf16_bits> bits) {
  aligned_vector<bfloat16> v(bits.size());
  for (std::size_t i = 0; i < bits.size(); ++i) v[i] = bfloat16::from_bits(bits[i]);
  return v;
}

inline std::vector<bf16_bits> from_kernel(std::span<const bfloat16> v) {
  std::vector<bf16_bits> bits(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) bits[i] = v[i].bits();
  return bits;
}

// Index of the first differing element, or -1: gives failures a precise message.
template <typename T>
long first_mismatch(std::span<const T> got, std::span<const T> want) {
  if (got.size() != want.size()) return 0;
  for (std::size_t i = 0; i < got.size(); ++i)
    if (!(got[i] == want[i])) return static_cast<long>(i);
  return -1;
}

// Runs kernels in this scope on a fresh emulated core with the given rounding mode.
class CoreWithRounding {
 public:
  explicit CoreWithRounding(aie::rounding_mode mode) : scope_(init(mode)) {}
  aie::host::core_state& state() { return state_; }

 private:
  aie::host::core_state& init(aie::rounding_mode mode) {
    state_.rounding = mode;
    return state_;
  }
  aie::host::core_state state_;
  aie::host::scoped_core scope_;
};

inline kref::Bf16Rounding reference_rounding(aie::rounding_mode mode) {
  switch (mode) {
    case aie::rounding_mode::floor:
      return kref::Bf16Rounding::floor;
    case aie::rounding_mode::ceil:
      return kref::Bf16Rounding::ceil;
    case aie::rounding_mode::positive_inf:
      return kref::Bf16Rounding::half_toward_pos;
    case aie::rounding_mode::conv_even:
      return kref::Bf16Rounding::nearest_even;
    default:
      throw std::invalid_argument("kernel tests model floor, ceil, positive_inf, conv_even");
  }
}

// Streams the arguments into one string (test labels and parameter names).
template <typename... Args>
std::string cat(const Args&... args) {
  std::ostringstream s;
  (s << ... << args);
  return s.str();
}

inline std::string mode_name(aie::rounding_mode mode) {
  return mode == aie::rounding_mode::floor ? "floor" : "conv_even";
}

}  // namespace xdna::kernel_test
