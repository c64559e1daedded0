#include "reference.hpp"

#include <algorithm>
#include <cstring>

namespace xdna::emu::reference {

std::uint16_t bf16_from_float(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, 4);
  if ((u & 0x7f800000u) == 0x7f800000u && (u & 0x007fffffu))
    return static_cast<std::uint16_t>((u >> 16) | 0x40);
  const std::uint32_t round = 0x7fffu + ((u >> 16) & 1u);
  return static_cast<std::uint16_t>((u + round) >> 16);
}

float bf16_to_float(std::uint16_t bits) {
  const std::uint32_t u = static_cast<std::uint32_t>(bits) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

std::vector<std::int16_t> vector_scale(const std::vector<std::int16_t>& in, std::int32_t factor,
                                       std::int32_t shift) {
  std::vector<std::int16_t> out(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    std::int64_t p = static_cast<std::int64_t>(in[i]) * factor;
    if (shift > 0) {
      // positive_inf: add half, then floor (arithmetic shift rounds toward -inf).
      p = (p + (std::int64_t{1} << (shift - 1))) >> shift;
    }
    out[i] = static_cast<std::int16_t>(std::clamp<std::int64_t>(p, -32768, 32767));
  }
  return out;
}

std::vector<std::uint16_t> collapse_fused(const std::vector<std::uint16_t>& in,
                                          std::int32_t frac_q8) {
  float peak = bf16_to_float(bf16_from_float(-1e30f));
  for (auto x : in) peak = std::max(peak, bf16_to_float(x));
  const float tau = bf16_to_float(bf16_from_float((static_cast<float>(frac_q8) / 256.0f) * peak));
  std::vector<std::uint16_t> out(in.size());
  for (std::size_t i = 0; i < in.size(); ++i)
    out[i] = bf16_to_float(in[i]) >= tau ? in[i] : std::uint16_t{0};
  return out;
}

std::vector<std::int32_t> matmul_i16(const std::vector<std::int16_t>& a,
                                     const std::vector<std::int16_t>& b, std::int64_t M,
                                     std::int64_t K, std::int64_t N) {
  std::vector<std::int32_t> c(static_cast<std::size_t>(M * N));
  for (std::int64_t i = 0; i < M; ++i)
    for (std::int64_t j = 0; j < N; ++j) {
      std::uint32_t s = 0;
      for (std::int64_t k = 0; k < K; ++k)
        s += static_cast<std::uint32_t>(
            static_cast<std::int32_t>(a[static_cast<std::size_t>(i * K + k)]) *
            b[static_cast<std::size_t>(k * N + j)]);
      c[static_cast<std::size_t>(i * N + j)] = static_cast<std::int32_t>(s);
    }
  return c;
}

std::vector<float> matmul_bf16_exact(const std::vector<std::uint16_t>& a,
                                     const std::vector<std::uint16_t>& b, std::int64_t M,
                                     std::int64_t K, std::int64_t N) {
  std::vector<float> c(static_cast<std::size_t>(M * N));
  for (std::int64_t i = 0; i < M; ++i)
    for (std::int64_t j = 0; j < N; ++j) {
      double s = 0;
      for (std::int64_t k = 0; k < K; ++k)
        s += static_cast<double>(bf16_to_float(a[static_cast<std::size_t>(i * K + k)])) *
             bf16_to_float(b[static_cast<std::size_t>(k * N + j)]);
      c[static_cast<std::size_t>(i * N + j)] = static_cast<float>(s);
    }
  return c;
}

}  // namespace xdna::emu::reference
