// Scalar GEMM references: a triple loop per output element, no blocking.
#include "reference/gemm_ref.hpp"

#include <limits>
#include <stdexcept>

namespace xdna::kref {

namespace {
void check_sizes(std::size_t a, std::size_t b, std::size_t c, GemmShape s) {
  if (a != s.m * s.k || b != s.k * s.n || c != s.m * s.n)
    throw std::invalid_argument("gemm reference: buffer sizes do not match the shape");
}

std::int32_t store_int32(std::int64_t v, bool saturate) {
  if (saturate) {
    if (v > std::numeric_limits<std::int32_t>::max())
      return std::numeric_limits<std::int32_t>::max();
    if (v < std::numeric_limits<std::int32_t>::min())
      return std::numeric_limits<std::int32_t>::min();
    return static_cast<std::int32_t>(v);
  }
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(static_cast<std::uint64_t>(v)));
}

float dot_from(float start, std::span<const bf16_bits> a, std::span<const bf16_bits> b, GemmShape s,
               std::size_t i, std::size_t j) {
  float acc = start;
  for (std::size_t p = 0; p < s.k; ++p) acc += to_float(a[i * s.k + p]) * to_float(b[p * s.n + j]);
  return acc;
}
}  // namespace

void matmul_i16_i32(std::span<const std::int16_t> a, std::span<const std::int16_t> b,
                    std::span<std::int32_t> c, GemmShape s, bool saturate) {
  check_sizes(a.size(), b.size(), c.size(), s);
  for (std::size_t i = 0; i < s.m; ++i)
    for (std::size_t j = 0; j < s.n; ++j) {
      std::int64_t acc = c[i * s.n + j];
      for (std::size_t p = 0; p < s.k; ++p)
        acc += static_cast<std::int64_t>(a[i * s.k + p]) * b[p * s.n + j];
      c[i * s.n + j] = store_int32(acc, saturate);
    }
}

void matmul_bf16_f32(std::span<const bf16_bits> a, std::span<const bf16_bits> b, std::span<float> c,
                     GemmShape s) {
  check_sizes(a.size(), b.size(), c.size(), s);
  for (std::size_t i = 0; i < s.m; ++i)
    for (std::size_t j = 0; j < s.n; ++j) c[i * s.n + j] = dot_from(c[i * s.n + j], a, b, s, i, j);
}

void matmul_bf16_bf16(std::span<const bf16_bits> a, std::span<const bf16_bits> b,
                      std::span<bf16_bits> c, GemmShape s, Bf16Rounding rounding) {
  check_sizes(a.size(), b.size(), c.size(), s);
  for (std::size_t i = 0; i < s.m; ++i)
    for (std::size_t j = 0; j < s.n; ++j)
      c[i * s.n + j] = to_bf16(dot_from(to_float(c[i * s.n + j]), a, b, s, i, j), rounding);
}

}  // namespace xdna::kref
