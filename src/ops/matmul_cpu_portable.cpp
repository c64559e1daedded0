// Portable matmul loops (i, k, j order so the inner loop is contiguous and vectorisable), split
// over threads by rows. Same arithmetic as the SIMD path.
#include <bit>
#include <vector>

#include "matmul_cpu.hpp"
#include "parallel.hpp"

namespace xdna::ops::cpu {

float flush_subnormal(float f) {
  const auto u = std::bit_cast<std::uint32_t>(f);
  return (u & 0x7f800000u) == 0 ? std::bit_cast<float>(u & 0x80000000u) : f;
}

namespace portable {

void matmul_i16_i32(const std::int16_t* a, const std::int16_t* b, std::int32_t* c, std::size_t m,
                    std::size_t k, std::size_t n) {
  parallel_for(m, 8, [&](std::size_t r0, std::size_t r1) {
    std::vector<std::uint32_t> row(n);
    for (std::size_t i = r0; i < r1; ++i) {
      std::fill(row.begin(), row.end(), 0u);
      for (std::size_t kk = 0; kk < k; ++kk) {
        const auto av = static_cast<std::uint32_t>(static_cast<std::int32_t>(a[i * k + kk]));
        const std::int16_t* brow = b + kk * n;
        for (std::size_t j = 0; j < n; ++j) {
          row[j] += av * static_cast<std::uint32_t>(static_cast<std::int32_t>(brow[j]));
        }
      }
      for (std::size_t j = 0; j < n; ++j) c[i * n + j] = static_cast<std::int32_t>(row[j]);
    }
  });
}

void matmul_bf16_f32(const std::uint16_t* a, const std::uint16_t* b, float* c, std::size_t m,
                     std::size_t k, std::size_t n) {
  auto widen = [](std::uint16_t v) { return std::bit_cast<float>(std::uint32_t{v} << 16); };
  parallel_for(m, 8, [&](std::size_t r0, std::size_t r1) {
    std::vector<float> brow(n);
    for (std::size_t i = r0; i < r1; ++i) {
      float* crow = c + i * n;
      std::fill(crow, crow + n, 0.0f);
      for (std::size_t kk = 0; kk < k; ++kk) {
        const float av = flush_subnormal(widen(a[i * k + kk]));
        for (std::size_t j = 0; j < n; ++j) {
          const float p = flush_subnormal(av * flush_subnormal(widen(b[kk * n + j])));
          crow[j] = flush_subnormal(crow[j] + p);
        }
      }
    }
  });
}

}  // namespace portable
}  // namespace xdna::ops::cpu
