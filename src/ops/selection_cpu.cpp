// CPU fast paths of the selection operators: one pass over the bf16 bits. The portable path
// compares in fp32 (exact: every bf16 is a float); the AVX-512 path does the same test as an
// integer range check on the bits and packs with VBMI2 compress.
#include "selection_cpu.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>
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

std::size_t compact_survivors(const std::uint16_t* x, std::size_t n, float t, std::uint16_t* out,
                              std::uint32_t* index, std::uint32_t first_index) {
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    // Branch-free: always write, advance only on a survivor (k <= i, so the write is in range).
    // A dropped element leaves a zero, so out[k..n) holds only zeros or untouched elements.
    const bool keep = widen(x[i]) >= t;
    out[k] = keep ? x[i] : std::uint16_t{0};
    if (index) index[k] = first_index + static_cast<std::uint32_t>(i);
    k += keep;
  }
  return k;
}

std::size_t threshold_compact(const std::uint16_t* x, std::size_t n, float t, std::uint16_t* out,
                              std::uint32_t* index) {
  const std::size_t k = compact_survivors(x, n, t, out, index, 0);
  std::fill(out + k, out + n, std::uint16_t{0});
  return k;
}

std::size_t count_survivors(const std::uint16_t* x, std::size_t n, float t) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) kept += widen(x[i]) >= t;  // false for NaN
  return kept;
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

// The survivor test for a threshold t > 0 (lo >= 0): only positive patterns survive, and for them
// the key is the pattern, so the range check needs no key transform (sub + compare).
struct PositiveThresholdTest {
  __m512i lo, span;
  explicit PositiveThresholdTest(const KeyVectors& k) : lo(k.lo), span(k.span) {}
  __mmask32 operator()(__m512i v) const {
    return _mm512_cmple_epu16_mask(_mm512_sub_epi16(v, lo), span);
  }
};

// The survivor test for any threshold that is not NaN (keep_mask above).
struct AnyThresholdTest {
  __m512i lo, span;
  explicit AnyThresholdTest(const KeyVectors& k) : lo(k.lo), span(k.span) {}
  __mmask32 operator()(__m512i v) const { return keep_mask(v, lo, span); }
};

// Compaction works on pairs of 32-lane blocks (64 elements). Values: one 16-bit compress per
// block. Indices: one byte compress of the lane numbers 0..63 over both blocks' masks gives the
// pair's survivors' offsets already in output order, widened 16 at a time and added to the pair's
// first index. This is two compresses fewer per pair than compressing 16-bit lane numbers per
// block, and the loop keeps one index vector instead of per-half lane counters.
//
// The stores are full vectors at data-dependent offsets (the caller guarantees they are in range)
// and bound the loop on this Zen 4, so when each block of the pair keeps at most 16 lanes (the
// usual case for a selective threshold) the pair stores 2 x 32 B of values and 2 x 64 B of indices
// instead of 2 x 64 B and 4 x 64 B. Both forms write the same survivors; past them the value stores
// write zeros (maskz compress) and the index stores write unspecified lane numbers.

// One pair without indices. Returns the new k.
template <bool kNarrowStores, class Test>
inline __attribute__((always_inline)) std::size_t compact_pair(const std::uint16_t* x,
                                                               const Test& keep, std::uint16_t* out,
                                                               std::size_t k) {
  const __m512i v0 = _mm512_loadu_si512(x);
  const __m512i v1 = _mm512_loadu_si512(x + 32);
  const __mmask32 m0 = keep(v0);
  const __mmask32 m1 = keep(v1);
  const auto k0 = static_cast<std::size_t>(std::popcount(_cvtmask32_u32(m0)));
  const auto k1 = static_cast<std::size_t>(std::popcount(_cvtmask32_u32(m1)));
  const __m512i p0 = _mm512_maskz_compress_epi16(m0, v0);
  const __m512i p1 = _mm512_maskz_compress_epi16(m1, v1);
  if (kNarrowStores && std::max(k0, k1) <= 16) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + k), _mm512_castsi512_si256(p0));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + k + k0), _mm512_castsi512_si256(p1));
  } else {
    _mm512_storeu_si512(out + k, p0);
    _mm512_storeu_si512(out + k + k0, p1);
  }
  return k + k0 + k1;
}

// Byte lanes 16 q .. 16 q + 15 of `lanes` (q = kQuarter) widened to 32 bits, plus `first`.
template <int kQuarter>
inline __attribute__((always_inline)) __m512i index_quarter(__m512i lanes, __m512i first) {
  __m128i bytes;
  if constexpr (kQuarter == 0) {
    bytes = _mm512_castsi512_si128(lanes);
  } else {
    bytes = _mm512_extracti32x4_epi32(lanes, kQuarter);
  }
  return _mm512_add_epi32(_mm512_cvtepu8_epi32(bytes), first);
}

// One pair with indices; `first` holds the index of x[0] in every lane. Returns the new k.
// It repeats compact_pair's loads, tests and value stores on purpose: sharing them through a
// helper that returns the masks measured 20 % slower at 64 Ki elements (GCC 12 then schedules the
// value stores before the index compress).
template <bool kNarrowStores, class Test>
inline __attribute__((always_inline)) std::size_t compact_pair_indexed(
    const std::uint16_t* x, const Test& keep, __m512i first, std::uint16_t* out,
    std::uint32_t* index, std::size_t k) {
  const __m512i lane_numbers = _mm512_set_epi8(
      63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41,
      40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18,
      17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  const __m512i v0 = _mm512_loadu_si512(x);
  const __m512i v1 = _mm512_loadu_si512(x + 32);
  const __mmask32 m0 = keep(v0);
  const __mmask32 m1 = keep(v1);
  const auto k0 = static_cast<std::size_t>(std::popcount(_cvtmask32_u32(m0)));
  const auto k1 = static_cast<std::size_t>(std::popcount(_cvtmask32_u32(m1)));
  const __m512i p0 = _mm512_maskz_compress_epi16(m0, v0);
  const __m512i p1 = _mm512_maskz_compress_epi16(m1, v1);
  const __m512i lanes = _mm512_maskz_compress_epi8(_kunpackd_mask64(m1, m0), lane_numbers);
  if (kNarrowStores && std::max(k0, k1) <= 16) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + k), _mm512_castsi512_si256(p0));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + k + k0), _mm512_castsi512_si256(p1));
    _mm512_storeu_si512(index + k, index_quarter<0>(lanes, first));
    _mm512_storeu_si512(index + k + 16, index_quarter<1>(lanes, first));
  } else {
    _mm512_storeu_si512(out + k, p0);
    _mm512_storeu_si512(out + k + k0, p1);
    _mm512_storeu_si512(index + k, index_quarter<0>(lanes, first));
    _mm512_storeu_si512(index + k + 16, index_quarter<1>(lanes, first));
    _mm512_storeu_si512(index + k + 32, index_quarter<2>(lanes, first));
    _mm512_storeu_si512(index + k + 48, index_quarter<3>(lanes, first));
  }
  return k + k0 + k1;
}

// Two pairs (128 elements) per call: one pair per loop iteration measured about 15 % slower at
// 64 Ki elements on this Zen 4, four pairs slower too.
template <bool kIndexed, bool kNarrowStores, class Test>
inline __attribute__((always_inline)) std::size_t compact_quad(const std::uint16_t* x,
                                                               std::size_t i, const Test& keep,
                                                               std::uint16_t* out,
                                                               std::uint32_t* index, std::size_t k,
                                                               std::uint32_t first_index) {
  if constexpr (kIndexed) {
    const auto base = static_cast<int>(first_index + static_cast<std::uint32_t>(i));
    k = compact_pair_indexed<kNarrowStores>(x + i, keep, _mm512_set1_epi32(base), out, index, k);
    return compact_pair_indexed<kNarrowStores>(x + i + 64, keep, _mm512_set1_epi32(base + 64), out,
                                               index, k);
  } else {
    k = compact_pair<kNarrowStores>(x + i, keep, out, k);
    return compact_pair<kNarrowStores>(x + i + 64, keep, out, k);
  }
}

// compact_survivors for a threshold that is not NaN, with the survivor test `keep`.
template <bool kIndexed, class Test>
std::size_t compact_survivors_simd(const std::uint16_t* x, std::size_t n, float t, const Test& keep,
                                   std::uint16_t* out, std::uint32_t* index,
                                   std::uint32_t first_index) {
  std::size_t i = 0;
  std::size_t k = 0;
  // Full-width stores at out + k and index + k are in range because k <= i and every store ends
  // at most 64 elements past k, before i + 64 <= n; in place (out == x) they only cover elements
  // already loaded.
  // The narrow stores pay off when few lanes survive; near 50 % the branch between the two store
  // widths is unpredictable. So each run of 2048 elements uses the branch only if the previous
  // run kept at most 3/8 of its lanes (12 of 32 per block), else the branch-free full stores.
  constexpr std::size_t kRun = 2048;
  constexpr std::size_t kQuad = 128;
  bool narrow = true;
  while (i + kQuad <= n) {
    const std::size_t run_end = i + std::min(kRun, (n - i) / kQuad * kQuad);
    const std::size_t run_begin = i;
    const std::size_t k_begin = k;
    if (narrow) {
      for (; i < run_end; i += kQuad)
        k = compact_quad<kIndexed, true>(x, i, keep, out, index, k, first_index);
    } else {
      for (; i < run_end; i += kQuad)
        k = compact_quad<kIndexed, false>(x, i, keep, out, index, k, first_index);
    }
    narrow = (k - k_begin) * 8 <= (run_end - run_begin) * 3;
  }
  if (i + 64 <= n) {
    if constexpr (kIndexed) {
      const auto base = static_cast<int>(first_index + static_cast<std::uint32_t>(i));
      k = compact_pair_indexed<false>(x + i, keep, _mm512_set1_epi32(base), out, index, k);
    } else {
      k = compact_pair<false>(x + i, keep, out, k);
    }
    i += 64;
  }
  return k + portable::compact_survivors(x + i, n - i, t, out + k, kIndexed ? index + k : nullptr,
                                         first_index + static_cast<std::uint32_t>(i));
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

namespace {

// Survivors of x[0..n) under `keep`, 64 lanes per step (two independent popcounts), then the tail.
template <class Test>
std::size_t count_survivors_simd(const std::uint16_t* x, std::size_t n, float t, const Test& keep) {
  std::size_t i = 0;
  std::size_t kept = 0;
  for (; i + 64 <= n; i += 64) {
    const __mmask32 m0 = keep(_mm512_loadu_si512(x + i));
    const __mmask32 m1 = keep(_mm512_loadu_si512(x + i + 32));
    kept += static_cast<std::size_t>(std::popcount(_cvtmask32_u32(m0)) +
                                     std::popcount(_cvtmask32_u32(m1)));
  }
  return kept + portable::count_survivors(x + i, n - i, t);
}

}  // namespace

std::size_t count_survivors(const std::uint16_t* x, std::size_t n, float t) {
  if (std::isnan(t)) return 0;
  const KeyRange range = survivor_keys(t);
  const KeyVectors keys(range);
  if (range.lo >= 0) return count_survivors_simd(x, n, t, PositiveThresholdTest(keys));
  return count_survivors_simd(x, n, t, AnyThresholdTest(keys));
}

// Not inlined: inlined into compact_survivors_exact's scratch loop, GCC 12 made the kernel about
// twice as slow (measured at 0.6 % survivors); as a call it runs at its own speed.
[[gnu::noinline]] std::size_t compact_survivors(const std::uint16_t* x, std::size_t n, float t,
                                                std::uint16_t* out, std::uint32_t* index,
                                                std::uint32_t first_index) {
  if (std::isnan(t)) return portable::compact_survivors(x, n, t, out, index, first_index);
  const KeyRange range = survivor_keys(t);
  const KeyVectors keys(range);
  if (range.lo >= 0) {
    const PositiveThresholdTest keep(keys);
    return index ? compact_survivors_simd<true>(x, n, t, keep, out, index, first_index)
                 : compact_survivors_simd<false>(x, n, t, keep, out, nullptr, first_index);
  }
  const AnyThresholdTest keep(keys);
  return index ? compact_survivors_simd<true>(x, n, t, keep, out, index, first_index)
               : compact_survivors_simd<false>(x, n, t, keep, out, nullptr, first_index);
}

// out[0..n) = 0. A fill larger than this core's L2 cache (1 MiB on the Zen 4 measured) would only
// evict the input and the indices to make room for zeros that nobody reads soon, so it bypasses
// the caches with streaming stores (measured at 4 Mi elements: 0.41 ms instead of 0.47-0.55 ms
// for the whole compaction). Smaller fills stay in cache, where streaming stores are slower.
void zero_fill(std::uint16_t* out, std::size_t n) {
  constexpr std::size_t kStreamingBytes = std::size_t{1} << 20;
  if (n * 2 < kStreamingBytes || reinterpret_cast<std::uintptr_t>(out) % 2 != 0) {
    std::fill(out, out + n, std::uint16_t{0});
    return;
  }
  const __m512i zero = _mm512_setzero_si512();
  // Unaligned head up to the next 64-byte boundary, streamed whole lines, unaligned tail.
  _mm512_storeu_si512(out, zero);
  std::uint16_t* line = out + (32 - (reinterpret_cast<std::uintptr_t>(out) / 2) % 32);
  std::uint16_t* const end = out + n;
  for (; line + 32 <= end; line += 32) _mm512_stream_si512(reinterpret_cast<__m512i*>(line), zero);
  _mm_sfence();  // order the streaming stores before any later store or a caller on another thread
  _mm512_storeu_si512(end - 32, zero);
}

std::size_t threshold_compact(const std::uint16_t* x, std::size_t n, float t, std::uint16_t* out,
                              std::uint32_t* index) {
  const std::size_t k = compact_survivors(x, n, t, out, index, 0);
  zero_fill(out + k, n - k);
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
std::size_t compact_survivors(const std::uint16_t* x, std::size_t n, float t, std::uint16_t* out,
                              std::uint32_t* index, std::uint32_t first_index) {
  return portable::compact_survivors(x, n, t, out, index, first_index);
}
std::size_t threshold_compact(const std::uint16_t* x, std::size_t n, float t, std::uint16_t* out,
                              std::uint32_t* index) {
  return portable::threshold_compact(x, n, t, out, index);
}
std::size_t count_survivors(const std::uint16_t* x, std::size_t n, float t) {
  return portable::count_survivors(x, n, t);
}
void zero_fill(std::uint16_t* out, std::size_t n) {
  std::fill(out, out + n, std::uint16_t{0});
}
bool selection_simd_enabled() {
  return false;
}

#endif

std::size_t compact_survivors_exact(const std::uint16_t* x, std::size_t n, float t,
                                    std::uint16_t* out, std::uint32_t* index,
                                    std::uint32_t first_index, std::size_t k) {
  // compact_survivors on `len` elements writes only inside out[0..len) and index[0..len), so a
  // step over at most (k - written) elements stays in range and goes straight to the output. Each
  // such step shrinks the room by its survivors, geometrically, so a sparse input would take many
  // short steps, each paying the kernel's set-up: once the room is below kScratch elements the
  // rest goes through a scratch block (8 + 16 KB, inside L1) and only its survivors are copied.
  constexpr std::size_t kScratch = 4096;
  constexpr std::size_t kMinDirect = kScratch;
  std::size_t i = 0;
  std::size_t written = 0;
  while (i < n) {
    std::size_t len = std::min(n - i, k - written);
    // Whole 128-element kernel steps, so that a step short of the end needs no scalar tail.
    if (len < n - i) len = len / 128 * 128;
    if (len >= kMinDirect || len == n - i) {
      written += compact_survivors(x + i, len, t, out + written, index + written,
                                   first_index + static_cast<std::uint32_t>(i));
      i += len;
      continue;
    }
    std::uint16_t values[kScratch];
    std::uint32_t indices[kScratch];
    const std::size_t block = std::min(n - i, kScratch);
    const std::size_t kept = compact_survivors(x + i, block, t, values, indices,
                                               first_index + static_cast<std::uint32_t>(i));
    if (kept > k - written) throw std::logic_error("compact_survivors_exact: k is not the count");
    if (kept != 0) {  // out and index may be null when k is 0
      std::memcpy(out + written, values, kept * sizeof(values[0]));
      std::memcpy(index + written, indices, kept * sizeof(indices[0]));
    }
    written += kept;
    i += block;
  }
  if (written != k) throw std::logic_error("compact_survivors_exact: k is not the count");
  return written;
}

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
