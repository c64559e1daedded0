// Reductions across the lanes of one vector: reduce_max, reduce_min, reduce_add.
//
// The order of combination follows how AIE2 builds them (docs/AIE_API.md "Reductions"):
// - max/min: a halving tree (lane i with lane i + width/2), same lane rule as aie::max/min.
// - int32/uint32 add: the same halving tree, wrapping.
// - int8/uint8 (int16/uint16) add: wrapping halving steps down to 16 (8) lanes, then an exact
//   sum of those lanes in the accumulator, then SRS to the lane type with shift 0 (so the core's
//   saturation mode applies to the final result).
// - bfloat16 add: rows of 8 lanes summed in fp32 (the 4x8x4 matrix unit multiplying by ones),
//   rows of the second 32-lane half added onto the first, rows combined as (r0+r2)+(r1+r3),
//   then one SRS to bfloat16 under the core's rounding mode. float add: fp32 halving tree.
#pragma once

#include <cstdint>
#include <type_traits>

#include "../detail/core_state.hpp"
#include "../detail/lanes.hpp"
#include "../vector.hpp"

namespace aie {

namespace detail {
// Halving tree over `lanes` (destroyed): at each step lane i combines with lane i + width/2,
// until `keep` lanes remain. Returns nothing; the survivors are lanes[0..keep).
template <typename V, typename F>
XDNA_AIE_INLINE void halve_until(V* lanes, unsigned width, unsigned keep, F f) {
  for (; width > keep; width /= 2) {
    for (unsigned i = 0; i < width / 2; ++i) lanes[i] = f(lanes[i], lanes[i + width / 2]);
    host::count(host::unit::shuffle, 512);
    host::count(host::unit::vector_alu, 512);
  }
}
}  // namespace detail

template <typename T, unsigned N>
XDNA_AIE_INLINE T reduce_max(const vector<T, N>& v) {
  detail::raw_t<T> work[N];
  for (unsigned i = 0; i < N; ++i) work[i] = detail::raw(v.data())[i];
  detail::halve_until(work, N, 1, [](auto x, auto y) { return detail::max_lane<T>(x, y); });
  T out;
  *detail::raw(&out) = work[0];
  return out;
}

template <typename T, unsigned N>
XDNA_AIE_INLINE T reduce_min(const vector<T, N>& v) {
  detail::raw_t<T> work[N];
  for (unsigned i = 0; i < N; ++i) work[i] = detail::raw(v.data())[i];
  detail::halve_until(work, N, 1, [](auto x, auto y) { return detail::min_lane<T>(x, y); });
  T out;
  *detail::raw(&out) = work[0];
  return out;
}

template <typename T, unsigned N>
XDNA_AIE_INLINE T reduce_add(const vector<T, N>& v) {
  const T* in = v.data();
  if constexpr (std::is_same_v<T, float>) {
    float work[N];
    for (unsigned i = 0; i < N; ++i) work[i] = in[i];
    detail::halve_until(work, N, 1, [](float x, float y) {
      return detail::fp_op(x, y, [](float a, float b) { return a + b; });
    });
    return work[0];
  } else if constexpr (std::is_same_v<T, bfloat16>) {
    auto fadd = [](float a, float b) {
      return detail::fp_op(a, b, [](float x, float y) { return x + y; });
    };
    constexpr unsigned kRows = N >= 32 ? 4 : N / 8;
    float rows[4] = {0, 0, 0, 0};
    for (unsigned half = 0; half < (N == 64 ? 2u : 1u); ++half) {
      for (unsigned r = 0; r < kRows; ++r) {
        const std::uint16_t* row = detail::raw(in) + half * 32 + r * 8;
        float s = detail::flush_subnormal(detail::bf16_bits_to_float(row[0]));
        for (unsigned k = 1; k < 8; ++k) s = fadd(s, detail::bf16_bits_to_float(row[k]));
        rows[r] = half == 0 ? s : fadd(rows[r], s);
      }
      host::count_macs(host::mac_kind::bf16_bf16, 128, 1024);
    }
    float sum = rows[0];
    if constexpr (N >= 32) {
      sum = fadd(fadd(rows[0], rows[2]), fadd(rows[1], rows[3]));
    } else if constexpr (N == 16) {
      sum = fadd(rows[0], rows[1]);
    }
    host::count(host::unit::vector_alu, 512);
    std::uint16_t out[1];
    detail::srs_float_to_bf16<1>(&sum, out, host::current_core().rounding);
    return bfloat16::from_bits(out[0]);
  } else if constexpr (sizeof(T) == 4) {
    T work[N];
    for (unsigned i = 0; i < N; ++i) work[i] = in[i];
    detail::halve_until(work, N, 1, [](T x, T y) { return detail::wrap_add(x, y); });
    return work[0];
  } else {
    // 8/16-bit lanes: wrap down to 16/8 lanes, then sum exactly and saturate as an SRS would.
    constexpr unsigned kKeep = sizeof(T) == 1 ? 16 : 8;
    T work[N];
    for (unsigned i = 0; i < N; ++i) work[i] = in[i];
    detail::halve_until(work, N, kKeep, [](T x, T y) { return detail::wrap_add(x, y); });
    std::int64_t sum = 0;
    for (unsigned i = 0; i < (N < kKeep ? N : kKeep); ++i) sum += work[i];
    host::count_macs(sizeof(T) == 1 ? host::mac_kind::i8_i8 : host::mac_kind::i16_i16,
                     2 * 512 / (8 * sizeof(T)), 1024);
    T out[1];
    const std::int64_t lane[1] = {sum};
    detail::srs_integer<T, std::int64_t, 1>(lane, out, 0, host::current_core().rounding,
                                            host::current_core().saturation);
    return out[0];
  }
}

}  // namespace aie
