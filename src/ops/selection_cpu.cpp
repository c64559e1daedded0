// CPU fast paths of the selection operators: one pass over the bf16 bits, compare in fp32
// (exact: every bf16 is a float), AVX-512 compress for the stable packing.
#include "selection_cpu.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

#include "bf16_order.hpp"

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VBMI2__)
// GCC 12 reports its own _mm512_undefined_* helpers as maybe-uninitialized once inlined.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#define XDNA_OPS_SELECTION_AVX512 1
#else
#define XDNA_OPS_SELECTION_AVX512 0
#endif

namespace xdna::ops::cpu {

namespace {
inline float widen(std::uint16_t b) {
  return std::bit_cast<float>(std::uint32_t{b} << 16);
}
}  // namespace

namespace portable {

std::size_t threshold_positional(const std::uint16_t* x, std::size_t n, float t,
                                 std::uint16_t* out) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const bool keep = widen(x[i]) >= t;  // false for NaN
    out[i] = keep ? x[i] : std::uint16_t{0};
    kept += keep;
  }
  return kept;
}

std::size_t threshold_compact(const std::uint16_t* x, std::size_t n, float t, std::uint16_t* out,
                              std::uint32_t* index) {
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    // Branch-free: always write, advance only on a survivor (k <= i, so the write is in range).
    const bool keep = widen(x[i]) >= t;
    out[k] = x[i];
    if (index) index[k] = static_cast<std::uint32_t>(i);
    k += keep;
  }
  std::fill(out + k, out + n, std::uint16_t{0});
  return k;
}

}  // namespace portable

#if XDNA_OPS_SELECTION_AVX512

namespace {
// fp32 >= t masks of the 32 bf16 lanes of v (bit i = lane i).
inline __mmask32 ge_mask(__m512i v, __m512 t) {
  const __m512i lo = _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_castsi512_si256(v)), 16);
  const __m512i hi = _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_extracti64x4_epi64(v, 1)), 16);
  const __mmask16 mlo = _mm512_cmp_ps_mask(_mm512_castsi512_ps(lo), t, _CMP_GE_OQ);
  const __mmask16 mhi = _mm512_cmp_ps_mask(_mm512_castsi512_ps(hi), t, _CMP_GE_OQ);
  return static_cast<__mmask32>(mlo) | (static_cast<__mmask32>(mhi) << 16);
}
}  // namespace

std::size_t threshold_positional(const std::uint16_t* x, std::size_t n, float t,
                                 std::uint16_t* out) {
  const __m512 tv = _mm512_set1_ps(t);
  std::size_t i = 0;
  std::size_t kept = 0;
  for (; i + 32 <= n; i += 32) {
    const __m512i v = _mm512_loadu_si512(x + i);
    const __mmask32 m = ge_mask(v, tv);
    _mm512_storeu_si512(out + i, _mm512_maskz_mov_epi16(m, v));
    kept += static_cast<std::size_t>(std::popcount(m));
  }
  return kept + portable::threshold_positional(x + i, n - i, t, out + i);
}

std::size_t threshold_compact(const std::uint16_t* x, std::size_t n, float t, std::uint16_t* out,
                              std::uint32_t* index) {
  const __m512 tv = _mm512_set1_ps(t);
  const __m512i iota = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  std::size_t i = 0;
  std::size_t k = 0;
  // Full 32-lane stores at out + k are in range because k <= i and i + 32 <= n.
  for (; i + 32 <= n; i += 32) {
    const __m512i v = _mm512_loadu_si512(x + i);
    const __mmask32 m = ge_mask(v, tv);
    _mm512_storeu_si512(out + k, _mm512_maskz_compress_epi16(m, v));
    if (index) {
      const __m512i base = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(i)), iota);
      const auto mlo = static_cast<__mmask16>(m);
      const auto mhi = static_cast<__mmask16>(m >> 16);
      _mm512_storeu_si512(index + k, _mm512_maskz_compress_epi32(mlo, base));
      const std::size_t klo = k + static_cast<std::size_t>(std::popcount(mlo));
      const __m512i base_hi = _mm512_add_epi32(base, _mm512_set1_epi32(16));
      _mm512_storeu_si512(index + klo, _mm512_maskz_compress_epi32(mhi, base_hi));
    }
    k += static_cast<std::size_t>(std::popcount(m));
  }
  // Scalar tail, then the zero fill (which also clears the stores' overhang).
  for (; i < n; ++i) {
    const bool keep = widen(x[i]) >= t;
    out[k] = x[i];
    if (index) index[k] = static_cast<std::uint32_t>(i);
    k += keep;
  }
  std::fill(out + k, out + n, std::uint16_t{0});
  return k;
}

bool selection_simd_enabled() {
  return true;
}

#else

std::size_t threshold_positional(const std::uint16_t* x, std::size_t n, float t,
                                 std::uint16_t* out) {
  return portable::threshold_positional(x, n, t, out);
}
std::size_t threshold_compact(const std::uint16_t* x, std::size_t n, float t, std::uint16_t* out,
                              std::uint32_t* index) {
  return portable::threshold_compact(x, n, t, out, index);
}
bool selection_simd_enabled() {
  return false;
}

#endif

std::size_t count_ordered(const std::uint16_t* x, std::size_t n) {
  std::size_t c = 0;
  for (std::size_t i = 0; i < n; ++i) c += !detail::is_nan_bits(x[i]);
  return c;
}

std::uint16_t kth_largest_bits(const std::uint16_t* x, std::size_t n, std::size_t count) {
  // Counting select over the 65536 possible keys: O(n + 65536), no data-dependent recursion.
  std::vector<std::uint32_t> histogram(65536, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (detail::is_nan_bits(x[i])) continue;
    ++histogram[static_cast<std::uint16_t>(detail::order_key(x[i]) + 32768)];
  }
  std::size_t seen = 0;
  for (std::size_t bin = 65536; bin-- > 0;) {
    seen += histogram[bin];
    if (seen >= count) {
      return detail::bits_from_key(static_cast<std::int16_t>(static_cast<int>(bin) - 32768));
    }
  }
  return 0x7fc0;  // unreachable when the caller's precondition holds
}

}  // namespace xdna::ops::cpu
