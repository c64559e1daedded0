// Deterministic test vectors for the operator tests: random values of several shapes and the
// adversarial cases (ties, special values, subnormals).
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "aie_api/detail/bfloat16.hpp"

namespace testdata {

inline std::vector<bfloat16> normal_bf16(std::size_t n, std::uint32_t seed, float scale = 1.0f) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, scale);
  std::vector<bfloat16> v(n);
  for (auto& e : v) e = bfloat16(dist(rng));
  return v;
}

// Every 16-bit pattern is equally likely: NaNs, infinities, subnormals, both zeros.
inline std::vector<bfloat16> random_bits_bf16(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<bfloat16> v(n);
  for (auto& e : v) e = bfloat16::from_bits(static_cast<std::uint16_t>(rng() >> 16));
  return v;
}

// Few distinct values so that many elements tie with any threshold built from them.
inline std::vector<bfloat16> ties_bf16(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  const float levels[] = {-1.0f, -0.5f, 0.0f, 0.25f, 0.5f, 0.75f, 1.0f, 2.0f};
  std::vector<bfloat16> v(n);
  for (auto& e : v) e = bfloat16(levels[rng() % 8]);
  return v;
}

inline std::vector<bfloat16> specials_bf16() {
  const std::uint16_t bits[] = {
      0x0000, 0x8000,                  // +0, -0
      0x7f80, 0xff80,                  // +inf, -inf
      0x7fc0, 0xffc0, 0x7f81, 0xff81,  // NaNs (quiet, signalling payloads)
      0x0001, 0x8001, 0x007f, 0x807f,  // subnormals
      0x0080, 0x8080,                  // smallest normals
      0x7f7f, 0xff7f,                  // largest finite
      0x3f80, 0xbf80, 0x3f00, 0x3b80,  // 1, -1, 0.5, 1/256
      0xf149, 0xf14a, 0xf148,          // around -1e30
  };
  std::vector<bfloat16> v;
  for (std::uint16_t b : bits) v.push_back(bfloat16::from_bits(b));
  return v;
}

template <class T>
std::vector<std::uint16_t> bits_of(const std::vector<T>& v) {
  std::vector<std::uint16_t> b;
  b.reserve(v.size());
  for (const auto& e : v) b.push_back(e.bits());
  return b;
}

}  // namespace testdata
