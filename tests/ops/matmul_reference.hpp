// Scalar reference of matmul from the contract in include/xdna/ops/matmul.hpp, element by
// element (one output at a time, no packing, no threads, no shared code with src/ops/).
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

#include "aie_api/detail/bfloat16.hpp"

namespace ref {

// Exact dot product in 64 bits, reduced modulo 2^32.
inline std::int32_t dot_i16(const std::vector<std::int16_t>& a, const std::vector<std::int16_t>& b,
                            std::size_t k, std::size_t n, std::size_t i, std::size_t j) {
  std::int64_t sum = 0;
  for (std::size_t kk = 0; kk < k; ++kk) {
    sum += std::int64_t{a[i * k + kk]} * std::int64_t{b[kk * n + j]};
  }
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(static_cast<std::uint64_t>(sum)));
}

inline float ftz(float f) {
  if (std::fpclassify(f) == FP_SUBNORMAL) return std::signbit(f) ? -0.0f : 0.0f;
  return f;
}

// k-ordered fp32 sum of exact-or-flushed products, every step flushed.
inline float dot_bf16(const std::vector<bfloat16>& a, const std::vector<bfloat16>& b, std::size_t k,
                      std::size_t n, std::size_t i, std::size_t j) {
  float acc = 0.0f;
  for (std::size_t kk = 0; kk < k; ++kk) {
    const double exact = double(ftz(float(a[i * k + kk]))) * double(ftz(float(b[kk * n + j])));
    acc = ftz(acc + ftz(static_cast<float>(exact)));  // the double product is exact
  }
  return acc;
}

}  // namespace ref
