// The selection layout and the CPU replica of its peak (see selection_plan.hpp). The lane pass
// is vectorised; the tree and the combine are a few dozen scalar steps per chunk.
#include "selection_plan.hpp"

#include "parallel.hpp"
#include "selection_cpu.hpp"

#include <algorithm>
#include <bit>
#include <optional>
#include <vector>

#if defined(__AVX512F__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // GCC 12 on its own intrinsic helpers
#include <immintrin.h>
#endif

namespace xdna::ops::detail {

namespace {

inline float widen(std::uint16_t b) {
  return std::bit_cast<float>(std::uint32_t{b} << 16);
}

// aie::max lane rule: a >= b ? a : b (IEEE compare; NaN in either lane gives b).
inline std::uint16_t max_rule(std::uint16_t a, std::uint16_t b) {
  return widen(a) >= widen(b) ? a : b;
}

std::uint16_t tree(std::uint16_t (&v)[kLanes]) {
  for (std::size_t shift = kLanes / 2; shift >= 1; shift /= 2) {
    std::uint16_t next[kLanes];
    for (std::size_t i = 0; i < kLanes; ++i) next[i] = max_rule(v[i], v[(i + shift) % kLanes]);
    std::copy(next, next + kLanes, v);
  }
  return v[0];
}

}  // namespace

SelectionPlan plan_selection(std::size_t n, std::size_t max_chunk) {
  SelectionPlan p;
  p.n = n;
  const std::size_t n32 = (n + kLanes - 1) / kLanes * kLanes;
  p.chunk = std::min(max_chunk, n32);
  p.chunks = (n32 + p.chunk - 1) / p.chunk;
  p.tiles = std::min(kMaxTiles, p.chunks);
  return p;
}

#if defined(__AVX512F__)
namespace {

// Order key of bf16 bits as int16: the bits for a positive sign, bits ^ 0x7fff for a negative
// one (-1 - magnitude). It orders non-NaN values as floats do, except that -0 (key -1) sits just
// below +0 (key 0); NaNs land beyond +-inf (keys 0x7f80 and -0x7f81).
inline __m512i order_keys(const std::uint16_t* x) {
  const __m512i bits = _mm512_loadu_si512(x);
  // 0x78 = a ^ (b & c) with a = bits, b = the sign spread over the lane, c = 0x7fff.
  return _mm512_ternarylogic_epi32(bits, _mm512_srai_epi16(bits, 15), _mm512_set1_epi16(0x7fff),
                                   0x78);
}

}  // namespace

// running_peak without the compare-and-blend chain, for the usual input. With no NaN, the lane
// rule (which keeps the earlier of equal values) leaves in each lane the first of its maximal
// values, or the seed, and the tree then picks the largest lane; equal non-zero values have equal
// bits, so the peak is just the largest order key, turned back into bits. That is two independent
// integer max/min chains instead of a dependent compare-and-blend per vector plus a scalar tree.
// It gives up (returns nullopt; the caller runs the chain) when a NaN is in x or the seed, or when
// the peak is +0's key: the lanes may then also hold -0s, and which of -0 and +0 came first (in a
// lane, or in the tree's order of lanes) is a question of order the keys do not answer. A peak
// of -0's key is unambiguous (no +0 anywhere, and every maximal value has the same bits), and a
// non-zero peak does not depend on what the zero lanes hold.
std::optional<std::uint16_t> running_peak_by_keys(const std::uint16_t* x, std::size_t n,
                                                  std::uint16_t seed) {
  constexpr std::int16_t kPosInfKey = 0x7f80, kNegInfKey = -0x7f81;
  const auto seed_key = static_cast<std::int16_t>((seed & 0x8000u) ? seed ^ 0x7fffu : seed);
  __m512i max0 = _mm512_set1_epi16(seed_key), max1 = max0;
  __m512i min0 = _mm512_set1_epi16(seed_key), min1 = min0;
  std::size_t i = 0;
  for (; i + 2 * kLanes <= n; i += 2 * kLanes) {
    const __m512i k0 = order_keys(x + i), k1 = order_keys(x + i + kLanes);
    max0 = _mm512_max_epi16(max0, k0);
    max1 = _mm512_max_epi16(max1, k1);
    min0 = _mm512_min_epi16(min0, k0);
    min1 = _mm512_min_epi16(min1, k1);
  }
  if (i < n) {  // n is a multiple of kLanes: one vector left
    const __m512i k0 = order_keys(x + i);
    max0 = _mm512_max_epi16(max0, k0);
    min0 = _mm512_min_epi16(min0, k0);
  }
  const __m512i top = _mm512_max_epi16(max0, max1);
  const __m512i bottom = _mm512_min_epi16(min0, min1);
  // The seed seeds the max/min chains, so a NaN seed is caught here too.
  const bool nan = _mm512_cmpgt_epi16_mask(top, _mm512_set1_epi16(kPosInfKey)) != 0 ||
                   _mm512_cmplt_epi16_mask(bottom, _mm512_set1_epi16(kNegInfKey)) != 0;
  if (nan) return std::nullopt;
  alignas(64) std::int16_t keys[kLanes];
  _mm512_store_si512(keys, top);
  const std::int16_t peak = *std::max_element(keys, keys + kLanes);
  if (peak == 0) return std::nullopt;  // +0: see above
  const auto bits = static_cast<std::uint16_t>(peak);
  return peak >= 0 ? bits : static_cast<std::uint16_t>(bits ^ 0x7fffu);
}
#else
std::optional<std::uint16_t> running_peak_by_keys(const std::uint16_t*, std::size_t,
                                                  std::uint16_t) {
  return std::nullopt;  // the ordered fold below is the only path
}
#endif

std::uint16_t running_peak(const std::uint16_t* x, std::size_t n, std::uint16_t seed) {
  std::uint16_t lanes[kLanes];
#if defined(__AVX512F__)
  if (const auto peak = running_peak_by_keys(x, n, seed)) return *peak;
  // The ordered fold, one compare-and-blend per vector. Lanes held as fp32 (exact widening;
  // blends move bits, so NaN payloads survive).
  const __m512 s = _mm512_set1_ps(widen(seed));
  __m512 lo = s, hi = s;
  for (std::size_t i = 0; i < n; i += kLanes) {
    const __m256i raw_lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + i));
    const __m256i raw_hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + i + 16));
    const __m512 xl = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(raw_lo), 16));
    const __m512 xh = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(raw_hi), 16));
    lo = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(lo, xl, _CMP_GE_OQ), xl, lo);
    hi = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(hi, xh, _CMP_GE_OQ), xh, hi);
  }
  alignas(64) std::uint32_t wide[kLanes];
  _mm512_store_si512(wide, _mm512_castps_si512(lo));
  _mm512_store_si512(wide + 16, _mm512_castps_si512(hi));
  for (std::size_t l = 0; l < kLanes; ++l) lanes[l] = static_cast<std::uint16_t>(wide[l] >> 16);
#else
  std::fill(lanes, lanes + kLanes, seed);
  for (std::size_t i = 0; i < n; i += kLanes) {
    for (std::size_t l = 0; l < kLanes; ++l) lanes[l] = max_rule(lanes[l], x[i + l]);
  }
#endif
  return tree(lanes);
}

// One tile's partial: its chunks folded in order, each chunk's lane pass seeded with the result
// of the previous one, as the tile's kernel calls chain their running max.
std::uint16_t tile_partial(const std::uint16_t* x, const SelectionPlan& plan, std::size_t tile,
                           std::uint16_t seed) {
  std::uint16_t p = seed;
  for (std::size_t c = plan.first_chunk(tile); c < plan.first_chunk(tile + 1); ++c) {
    const std::size_t begin = c * plan.chunk;
    if (begin + plan.chunk <= plan.n) {
      p = running_peak(x + begin, plan.chunk, p);
    } else {  // the chunk holding the end of the data and the -inf padding
      std::vector<std::uint16_t> tail(plan.chunk, kNegInfBits);
      if (begin < plan.n) std::copy(x + begin, x + plan.n, tail.begin());
      p = running_peak(tail.data(), plan.chunk, p);
    }
  }
  return p;
}

std::uint16_t planned_peak(const std::uint16_t* x, const SelectionPlan& plan, std::uint16_t seed) {
  std::vector<std::uint16_t> partial(plan.tiles, seed);
  // The tiles' partials are independent (each fold is sequential, see tile_partial), so large
  // inputs compute them on several threads; below the threshold thread start-up (tens of µs)
  // would cost more than it saves. Same threshold as the threaded collapse.
  if (plan.n >= cpu::kThreadedCollapseMin && plan.tiles > 1) {
    cpu::parallel_for(plan.tiles, 1, [&](std::size_t t0, std::size_t t1) {
      for (std::size_t t = t0; t < t1; ++t) partial[t] = tile_partial(x, plan, t, seed);
    });
  } else {
    for (std::size_t t = 0; t < plan.tiles; ++t) partial[t] = tile_partial(x, plan, t, seed);
  }
  // max_combine_bf16: a later partial replaces the best only when strictly greater.
  std::uint16_t best = partial[0];
  for (std::size_t t = 1; t < plan.tiles; ++t) {
    if (widen(partial[t]) > widen(best)) best = partial[t];
  }
  return best;
}

}  // namespace xdna::ops::detail
