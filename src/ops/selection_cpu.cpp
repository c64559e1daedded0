// CPU fast paths of the selection operators: one pass over the bf16 bits. The portable path
// compares in fp32 (exact: every bf16 is a float); the AVX-512 path does the same test as an
// integer range check on the bits and packs with VBMI2 compress.
#include "selection_cpu.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
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

// The survivor test float(x) >= t done on the 16-bit patterns, with no widening to fp32.
//
// order_key (bf16_order.hpp) maps the bits to an int16 that increases with the value, -0 (key -1)
// just below +0 (key 0), -inf at 0x807f, +inf at 0x7f80; negative NaNs land below -inf and
// positive NaNs above +inf. For a threshold t that is not NaN, the non-NaN bf16 values with
// float(x) >= t form an upward-closed run of keys [lo, key(+inf)] (if +0 is in it so is -0, the
// equal value with the adjacent key). So "x survives" is one unsigned range check on the key,
// which keeps every NaN out, and is exact for zeros, subnormals and infinities.
struct KeyRange {
  std::int16_t lo = 0;     // smallest surviving key
  std::uint16_t span = 0;  // key(+inf) - lo: key survives iff (key - lo) mod 2^16 <= span
};

// The surviving keys for a threshold t that is not NaN.
KeyRange survivor_keys(float t) {
  constexpr std::uint16_t kPosInf = 0x7f80;
  const std::uint32_t f = std::bit_cast<std::uint32_t>(t);
  std::uint16_t c = static_cast<std::uint16_t>(f >> 16);  // t truncated toward zero
  // A positive t that is not a bf16 value lies between c and the next bf16 up (c + 1; 0x7f7f + 1
  // is +inf). A negative t truncated toward zero is already the smallest bf16 >= t. -inf is c.
  if ((f >> 31) == 0 && (f & 0xffffu) != 0) ++c;
  // A zero bound admits both zeros: start at -0, the lower key.
  std::int16_t lo = (c & 0x7fffu) == 0 ? std::int16_t{-1} : detail::order_key(c);
  return KeyRange{lo, static_cast<std::uint16_t>(kPosInf - static_cast<std::uint16_t>(lo))};
}

// Masks of the 32 lanes of v (bit i = lane i) that survive: key = v ^ ((v >> 15) & 0x7fff)
// (arithmetic shift: all ones for negative patterns), then the range check.
inline __mmask32 keep_mask(__m512i v, __m512i lo, __m512i span) {
  const __m512i sign = _mm512_srai_epi16(v, 15);
  // 0x78 = a ^ (b & c) with a = v, b = sign, c = 0x7fff.
  const __m512i key = _mm512_ternarylogic_epi32(v, sign, _mm512_set1_epi16(0x7fff), 0x78);
  return _mm512_cmple_epu16_mask(_mm512_sub_epi16(key, lo), span);
}

struct KeyVectors {
  __m512i lo, span;
  explicit KeyVectors(KeyRange r)
      : lo(_mm512_set1_epi16(r.lo)), span(_mm512_set1_epi16(static_cast<std::int16_t>(r.span))) {}
};

// One 32-lane block of threshold_compact without indices (as compact_block_indexed below): a
// 32-byte store when at most 16 lanes survive, else 64.
template <bool kNarrowStores>
inline __attribute__((always_inline)) std::size_t compact_block(const std::uint16_t* x,
                                                                const KeyVectors& keys,
                                                                std::uint16_t* out, std::size_t k) {
  const __m512i v = _mm512_loadu_si512(x);
  const __mmask32 m = keep_mask(v, keys.lo, keys.span);
  const auto kept = static_cast<std::size_t>(std::popcount(_cvtmask32_u32(m)));
  const __m512i packed = _mm512_maskz_compress_epi16(m, v);
  if (kNarrowStores && kept <= 16) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + k), _mm512_castsi512_si256(packed));
  } else {
    _mm512_storeu_si512(out + k, packed);
  }
  return k + kept;
}

// The indices of the next 32 lanes, as two vectors of 16 (low and high half of the block).
struct CompactIndexLanes {
  __m512i lo = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  __m512i hi = _mm512_add_epi32(lo, _mm512_set1_epi32(16));
  __m512i first = _mm512_setzero_si512();  // the block's first index in every lane
};

// One 32-lane block of threshold_compact with indices: values packed at out + k, their indices
// at index + k. Returns the new k. The stores are full width (the caller guarantees they are in
// range) and the kernel is bound by them, not by the compresses: so when at most 16 lanes survive
// (the usual case for a selective threshold) it stores 32 + 64 bytes instead of 64 + 128, taking
// the indices from one 16-bit compress of the lane numbers. Both branches give the same output.
template <bool kNarrowStores>
inline __attribute__((always_inline)) std::size_t compact_block_indexed(
    const std::uint16_t* x, const KeyVectors& keys, CompactIndexLanes& lanes, std::uint16_t* out,
    std::uint32_t* index, std::size_t k) {
  const __m512i lane16 =
      _mm512_set_epi16(31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13,
                       12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  const __m512i v = _mm512_loadu_si512(x);
  const __mmask32 m = keep_mask(v, keys.lo, keys.span);
  const std::uint32_t bits = _cvtmask32_u32(m);
  const auto kept = static_cast<std::size_t>(std::popcount(bits));
  const __m512i packed = _mm512_maskz_compress_epi16(m, v);
  if (kNarrowStores && kept <= 16) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + k), _mm512_castsi512_si256(packed));
    const __m256i lanes_kept = _mm512_castsi512_si256(_mm512_maskz_compress_epi16(m, lane16));
    _mm512_storeu_si512(index + k,
                        _mm512_add_epi32(_mm512_cvtepu16_epi32(lanes_kept), lanes.first));
  } else {
    _mm512_storeu_si512(out + k, packed);
    _mm512_storeu_si512(index + k,
                        _mm512_maskz_compress_epi32(_cvtu32_mask16(bits & 0xffffu), lanes.lo));
    const std::size_t k_hi = k + static_cast<std::size_t>(std::popcount(bits & 0xffffu));
    _mm512_storeu_si512(index + k_hi,
                        _mm512_maskz_compress_epi32(_cvtu32_mask16(bits >> 16), lanes.hi));
  }
  const __m512i step = _mm512_set1_epi32(32);
  lanes.lo = _mm512_add_epi32(lanes.lo, step);
  lanes.hi = _mm512_add_epi32(lanes.hi, step);
  lanes.first = _mm512_add_epi32(lanes.first, step);
  return k + kept;
}

}  // namespace

std::size_t threshold_positional(const std::uint16_t* x, std::size_t n, float t,
                                 std::uint16_t* out) {
  if (std::isnan(t)) return portable::threshold_positional(x, n, t, out);  // nothing survives
  const KeyVectors keys(survivor_keys(t));
  std::size_t i = 0;
  std::size_t kept = 0;
  for (; i + 32 <= n; i += 32) {
    const __m512i v = _mm512_loadu_si512(x + i);
    const __mmask32 m = keep_mask(v, keys.lo, keys.span);
    _mm512_storeu_si512(out + i, _mm512_maskz_mov_epi16(m, v));
    kept += static_cast<std::size_t>(std::popcount(m));
  }
  return kept + portable::threshold_positional(x + i, n - i, t, out + i);
}

std::size_t threshold_compact(const std::uint16_t* x, std::size_t n, float t, std::uint16_t* out,
                              std::uint32_t* index) {
  if (std::isnan(t)) return portable::threshold_compact(x, n, t, out, index);  // nothing survives
  const KeyVectors keys(survivor_keys(t));
  std::size_t i = 0;
  std::size_t k = 0;
  // Full-width stores at out + k and index + k are in range because k <= i and i + 32 <= n; in
  // place (out == x) they only cover elements already loaded. The stores' overhang past the
  // survivors is overwritten by the next block or by the zero fill.
  // The narrow stores pay off when few lanes survive; near 50 % the branch between the two store
  // widths is unpredictable. So each run of blocks uses the branch only if the previous run kept
  // at most 3/8 of its lanes (12 of 32 per block), else the branch-free full-width stores.
  constexpr std::size_t kRun = 2048;
  bool narrow = true;
  CompactIndexLanes lanes;
  while (i + 64 <= n) {
    const std::size_t run_end = i + std::min(kRun, (n - i) / 64 * 64);
    const std::size_t run_begin = i;
    const std::size_t k_begin = k;
    // Two blocks per iteration: one per iteration measured 1.7 times slower on this Zen 4.
    if (index && narrow) {
      for (; i < run_end; i += 64) {
        k = compact_block_indexed<true>(x + i, keys, lanes, out, index, k);
        k = compact_block_indexed<true>(x + i + 32, keys, lanes, out, index, k);
      }
    } else if (index) {
      for (; i < run_end; i += 64) {
        k = compact_block_indexed<false>(x + i, keys, lanes, out, index, k);
        k = compact_block_indexed<false>(x + i + 32, keys, lanes, out, index, k);
      }
    } else if (narrow) {
      for (; i < run_end; i += 64) {
        k = compact_block<true>(x + i, keys, out, k);
        k = compact_block<true>(x + i + 32, keys, out, k);
      }
    } else {
      for (; i < run_end; i += 64) {
        k = compact_block<false>(x + i, keys, out, k);
        k = compact_block<false>(x + i + 32, keys, out, k);
      }
    }
    narrow = (k - k_begin) * 8 <= (run_end - run_begin) * 3;
  }
  if (i + 32 <= n) {
    k = index ? compact_block_indexed<false>(x + i, keys, lanes, out, index, k)
              : compact_block<false>(x + i, keys, out, k);
    i += 32;
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
