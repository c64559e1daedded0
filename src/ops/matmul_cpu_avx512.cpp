// AVX-512 matmul: B packed once into 32-column panels, A packed per thread into 6-row micro
// panels, a 6 x 32 register-blocked micro-kernel, K in blocks of 512 so a B panel slice stays in
// L1/L2. Row blocks are spread over threads.
//  - int16: pairs of k interleaved so one vpdpwssd (or vpmaddwd + vpaddd) does two MACs per
//    lane; integer adds wrap, matching the contract.
//  - bf16: widened to fp32 while packing; separate multiply and add (never fused: the contract
//    rounds the sum, and the product is exact or flushed) with the MXCSR's flush-to-zero and
//    denormals-are-zero bits set, which is exactly the contract's flush() on inputs, products
//    and sums (products of two bf16 cannot land within rounding distance of the normal range).
#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

#include "matmul_cpu.hpp"
#include "parallel.hpp"

#if defined(__AVX512F__) && defined(__AVX512BW__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // GCC 12 on its own intrinsic helpers
#include <immintrin.h>
#define XDNA_OPS_MATMUL_AVX512 1
#else
#define XDNA_OPS_MATMUL_AVX512 0
#endif

namespace xdna::ops::cpu {

#if XDNA_OPS_MATMUL_AVX512

namespace {

constexpr std::size_t kMr = 6;    // rows per micro-kernel
constexpr std::size_t kNr = 32;   // columns per panel (two 16-lane registers)
constexpr std::size_t kKc = 512;  // k per block (even)
constexpr std::size_t kMc = 96;   // rows per A block (16 micro panels)

std::size_t ceil_div(std::size_t a, std::size_t b) {
  return (a + b - 1) / b;
}

__mmask16 lane_mask(std::size_t lanes) {
  return lanes >= 16 ? static_cast<__mmask16>(0xffff) : static_cast<__mmask16>((1u << lanes) - 1u);
}

// Sets FTZ and DAZ for the current thread while alive (the bf16 contract's flush()).
class FlushToZeroScope {
 public:
  FlushToZeroScope() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040u); }
  ~FlushToZeroScope() { _mm_setcsr(saved_); }
  FlushToZeroScope(const FlushToZeroScope&) = delete;
  FlushToZeroScope& operator=(const FlushToZeroScope&) = delete;

 private:
  unsigned saved_;
};

// ---- int16 -----------------------------------------------------------------------------------

// B panel p, k pair kp: 32 int32 lanes, lane j = (b[2kp][j] low, b[2kp+1][j] high).
std::vector<std::int16_t> pack_b_i16(const std::int16_t* b, std::size_t k, std::size_t n) {
  const std::size_t kpairs = ceil_div(k, 2), panels = ceil_div(n, kNr);
  std::vector<std::int16_t> packed(panels * kpairs * kNr * 2, 0);
  parallel_for(panels, 1, [&](std::size_t p0, std::size_t p1) {
    for (std::size_t p = p0; p < p1; ++p) {
      const std::size_t j0 = p * kNr, cols = std::min(kNr, n - j0);
      for (std::size_t kk = 0; kk < k; ++kk) {
        std::int16_t* dst = packed.data() + (p * kpairs + kk / 2) * kNr * 2 + (kk & 1);
        const std::int16_t* src = b + kk * n + j0;
        for (std::size_t j = 0; j < cols; ++j) dst[2 * j] = src[j];
      }
    }
  });
  return packed;
}

// A rows [i0, i0 + rows) x k [k0, k1) as int32 pairs, kp-major: ap[kp * kMr + r].
void pack_a_i16(const std::int16_t* a, std::size_t k, std::size_t i0, std::size_t rows,
                std::size_t k0, std::size_t k1, std::int32_t* ap) {
  const std::size_t kpairs = ceil_div(k1 - k0, 2);
  for (std::size_t kp = 0; kp < kpairs; ++kp) {
    for (std::size_t r = 0; r < kMr; ++r) {
      std::uint32_t pair = 0;
      if (r < rows) {
        const std::int16_t* row = a + (i0 + r) * k;
        const std::size_t kk = k0 + 2 * kp;
        pair = static_cast<std::uint16_t>(row[kk]);
        if (kk + 1 < k1) pair |= std::uint32_t{static_cast<std::uint16_t>(row[kk + 1])} << 16;
      }
      ap[kp * kMr + r] = static_cast<std::int32_t>(pair);
    }
  }
}

inline __m512i dot_pairs(__m512i acc, __m512i a, __m512i b) {
#if defined(__AVX512VNNI__)
  return _mm512_dpwssd_epi32(acc, a, b);
#else
  return _mm512_add_epi32(acc, _mm512_madd_epi16(a, b));
#endif
}

void kernel_i16(const std::int32_t* ap, const std::int16_t* bp, std::size_t kpairs, std::int32_t* c,
                std::size_t ldc, std::size_t rows, std::size_t cols, bool accumulate) {
  const __mmask16 m0 = lane_mask(cols), m1 = cols > 16 ? lane_mask(cols - 16) : 0;
  __m512i c0[kMr], c1[kMr];
  for (std::size_t r = 0; r < kMr; ++r) {
    if (accumulate && r < rows) {
      c0[r] = _mm512_maskz_loadu_epi32(m0, c + r * ldc);
      c1[r] = _mm512_maskz_loadu_epi32(m1, c + r * ldc + 16);
    } else {
      c0[r] = _mm512_setzero_si512();
      c1[r] = _mm512_setzero_si512();
    }
  }
  for (std::size_t kp = 0; kp < kpairs; ++kp) {
    const __m512i b0 = _mm512_loadu_si512(bp + kp * 64);
    const __m512i b1 = _mm512_loadu_si512(bp + kp * 64 + 32);
    for (std::size_t r = 0; r < kMr; ++r) {
      const __m512i av = _mm512_set1_epi32(ap[kp * kMr + r]);
      c0[r] = dot_pairs(c0[r], av, b0);
      c1[r] = dot_pairs(c1[r], av, b1);
    }
  }
  for (std::size_t r = 0; r < rows; ++r) {
    _mm512_mask_storeu_epi32(c + r * ldc, m0, c0[r]);
    _mm512_mask_storeu_epi32(c + r * ldc + 16, m1, c1[r]);
  }
}

// ---- bf16 -> fp32 ----------------------------------------------------------------------------

inline float widen(std::uint16_t v) {
  return std::bit_cast<float>(std::uint32_t{v} << 16);
}

// B panel p, row kk: 32 fp32 lanes.
std::vector<float> pack_b_bf16(const std::uint16_t* b, std::size_t k, std::size_t n) {
  const std::size_t panels = ceil_div(n, kNr);
  std::vector<float> packed(panels * k * kNr, 0.0f);
  parallel_for(panels, 1, [&](std::size_t p0, std::size_t p1) {
    for (std::size_t p = p0; p < p1; ++p) {
      const std::size_t j0 = p * kNr, cols = std::min(kNr, n - j0);
      for (std::size_t kk = 0; kk < k; ++kk) {
        float* dst = packed.data() + (p * k + kk) * kNr;
        const std::uint16_t* src = b + kk * n + j0;
        for (std::size_t j = 0; j < cols; ++j) dst[j] = widen(src[j]);
      }
    }
  });
  return packed;
}

void pack_a_bf16(const std::uint16_t* a, std::size_t k, std::size_t i0, std::size_t rows,
                 std::size_t k0, std::size_t k1, float* ap) {
  for (std::size_t kk = k0; kk < k1; ++kk) {
    for (std::size_t r = 0; r < kMr; ++r) {
      ap[(kk - k0) * kMr + r] = r < rows ? widen(a[(i0 + r) * k + kk]) : 0.0f;
    }
  }
}

void kernel_bf16(const float* ap, const float* bp, std::size_t kc, float* c, std::size_t ldc,
                 std::size_t rows, std::size_t cols, bool accumulate) {
  const __mmask16 m0 = lane_mask(cols), m1 = cols > 16 ? lane_mask(cols - 16) : 0;
  __m512 c0[kMr], c1[kMr];
  for (std::size_t r = 0; r < kMr; ++r) {
    if (accumulate && r < rows) {
      c0[r] = _mm512_maskz_loadu_ps(m0, c + r * ldc);
      c1[r] = _mm512_maskz_loadu_ps(m1, c + r * ldc + 16);
    } else {
      c0[r] = _mm512_setzero_ps();
      c1[r] = _mm512_setzero_ps();
    }
  }
  for (std::size_t kk = 0; kk < kc; ++kk) {
    const __m512 b0 = _mm512_loadu_ps(bp + kk * kNr);
    const __m512 b1 = _mm512_loadu_ps(bp + kk * kNr + 16);
    for (std::size_t r = 0; r < kMr; ++r) {
      const __m512 av = _mm512_set1_ps(ap[kk * kMr + r]);
      c0[r] = _mm512_add_ps(c0[r], _mm512_mul_ps(av, b0));
      c1[r] = _mm512_add_ps(c1[r], _mm512_mul_ps(av, b1));
    }
  }
  for (std::size_t r = 0; r < rows; ++r) {
    _mm512_mask_storeu_ps(c + r * ldc, m0, c0[r]);
    _mm512_mask_storeu_ps(c + r * ldc + 16, m1, c1[r]);
  }
}

}  // namespace

void matmul_i16_i32(const std::int16_t* a, const std::int16_t* b, std::int32_t* c, std::size_t m,
                    std::size_t k, std::size_t n) {
  const std::vector<std::int16_t> bp = pack_b_i16(b, k, n);
  const std::size_t kpairs_total = ceil_div(k, 2), panels = ceil_div(n, kNr);
  parallel_for(m, kMr, [&](std::size_t r0, std::size_t r1) {
    std::vector<std::int32_t> ap(ceil_div(kMc, kMr) * (kKc / 2) * kMr);
    for (std::size_t k0 = 0; k0 < k; k0 += kKc) {
      const std::size_t k1 = std::min(k, k0 + kKc), kpairs = ceil_div(k1 - k0, 2);
      for (std::size_t i0 = r0; i0 < r1; i0 += kMc) {
        const std::size_t i1 = std::min(r1, i0 + kMc);
        const std::size_t micro = ceil_div(i1 - i0, kMr);
        for (std::size_t u = 0; u < micro; ++u) {
          const std::size_t ir = i0 + u * kMr;
          pack_a_i16(a, k, ir, std::min(kMr, i1 - ir), k0, k1, ap.data() + u * kpairs * kMr);
        }
        for (std::size_t p = 0; p < panels; ++p) {
          const std::int16_t* bpanel = bp.data() + (p * kpairs_total + k0 / 2) * kNr * 2;
          const std::size_t cols = std::min(kNr, n - p * kNr);
          for (std::size_t u = 0; u < micro; ++u) {
            const std::size_t ir = i0 + u * kMr;
            kernel_i16(ap.data() + u * kpairs * kMr, bpanel, kpairs, c + ir * n + p * kNr, n,
                       std::min(kMr, i1 - ir), cols, k0 > 0);
          }
        }
      }
    }
  });
}

void matmul_bf16_f32(const std::uint16_t* a, const std::uint16_t* b, float* c, std::size_t m,
                     std::size_t k, std::size_t n) {
  const std::vector<float> bp = pack_b_bf16(b, k, n);
  const std::size_t panels = ceil_div(n, kNr);
  parallel_for(m, kMr, [&](std::size_t r0, std::size_t r1) {
    const FlushToZeroScope ftz;
    std::vector<float> ap(ceil_div(kMc, kMr) * kKc * kMr);
    for (std::size_t k0 = 0; k0 < k; k0 += kKc) {
      const std::size_t k1 = std::min(k, k0 + kKc), kc = k1 - k0;
      for (std::size_t i0 = r0; i0 < r1; i0 += kMc) {
        const std::size_t i1 = std::min(r1, i0 + kMc);
        const std::size_t micro = ceil_div(i1 - i0, kMr);
        for (std::size_t u = 0; u < micro; ++u) {
          const std::size_t ir = i0 + u * kMr;
          pack_a_bf16(a, k, ir, std::min(kMr, i1 - ir), k0, k1, ap.data() + u * kc * kMr);
        }
        for (std::size_t p = 0; p < panels; ++p) {
          const float* bpanel = bp.data() + (p * k + k0) * kNr;
          const std::size_t cols = std::min(kNr, n - p * kNr);
          for (std::size_t u = 0; u < micro; ++u) {
            const std::size_t ir = i0 + u * kMr;
            kernel_bf16(ap.data() + u * kc * kMr, bpanel, kc, c + ir * n + p * kNr, n,
                        std::min(kMr, i1 - ir), cols, k0 > 0);
          }
        }
      }
    }
  });
}

bool matmul_simd_enabled() {
  return true;
}

#else

void matmul_i16_i32(const std::int16_t* a, const std::int16_t* b, std::int32_t* c, std::size_t m,
                    std::size_t k, std::size_t n) {
  portable::matmul_i16_i32(a, b, c, m, k, n);
}
void matmul_bf16_f32(const std::uint16_t* a, const std::uint16_t* b, float* c, std::size_t m,
                     std::size_t k, std::size_t n) {
  portable::matmul_bf16_f32(a, b, c, m, k, n);
}
bool matmul_simd_enabled() {
  return false;
}

#endif

}  // namespace xdna::ops::cpu
