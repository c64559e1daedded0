// Per-lane loop helpers shared by the operation headers, plus the element-type rules of the
// float datapath. Each helper is one straight loop over the lane arrays so that GCC -O2
// vectorises it; the lambdas are inlined.
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>

#include "../accum.hpp"
#include "../mask.hpp"
#include "../vector.hpp"
#include "core_state.hpp"
#include "raw.hpp"
#include "rounding.hpp"

namespace aie::detail {

// f maps raw lanes (raw_t<T>: the bits for bfloat16, the value otherwise) to raw lanes.
template <typename T, unsigned N, typename F>
XDNA_AIE_INLINE vector<T, N> map1(const vector<T, N>& a, F f) {
  vector<T, N> out;
  const raw_t<T>* pa = raw(a.data());
  raw_t<T>* po = raw(out.data());
  for (unsigned i = 0; i < N; ++i) po[i] = f(pa[i]);
  return out;
}

template <typename T, unsigned N, typename F>
XDNA_AIE_INLINE vector<T, N> map2(const vector<T, N>& a, const vector<T, N>& b, F f) {
  vector<T, N> out;
  const raw_t<T>* pa = raw(a.data());
  const raw_t<T>* pb = raw(b.data());
  raw_t<T>* po = raw(out.data());
  for (unsigned i = 0; i < N; ++i) po[i] = f(pa[i], pb[i]);
  return out;
}

// f compares the values of two lanes (float for bfloat16).
template <typename T, unsigned N, typename F>
XDNA_AIE_INLINE mask<N> compare2(const vector<T, N>& a, const vector<T, N>& b, F f) {
  mask<N> out;
  const raw_t<T>* pa = raw(a.data());
  const raw_t<T>* pb = raw(b.data());
  std::uint8_t* po = out.data();
  for (unsigned i = 0; i < N; ++i) po[i] = f(value_of<T>(pa[i]), value_of<T>(pb[i])) ? 1 : 0;
  return out;
}

template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> splat(T x) {
  vector<T, N> out;
  const raw_t<T> r = *raw(&x);
  raw_t<T>* po = raw(out.data());
  for (unsigned i = 0; i < N; ++i) po[i] = r;
  return out;
}

// Integer lane arithmetic wraps modulo 2^bits (the vector adders drop the carry).
template <typename T>
XDNA_AIE_INLINE T wrap_add(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
}
template <typename T>
XDNA_AIE_INLINE T wrap_sub(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
}

// The lane rule of max/min (and of their reductions): x >= y ? x : y, x <= y ? x : y on the
// lane values (IEEE for floats: ties and -0/+0 keep x, a NaN on either side gives y).
template <typename T>
XDNA_AIE_INLINE raw_t<T> max_lane(raw_t<T> x, raw_t<T> y) {
  return value_of<T>(x) >= value_of<T>(y) ? x : y;
}
template <typename T>
XDNA_AIE_INLINE raw_t<T> min_lane(raw_t<T> x, raw_t<T> y) {
  return value_of<T>(x) <= value_of<T>(y) ? x : y;
}

// An fp32 lane operation of the accumulator datapath: inputs and result without subnormals.
template <typename F>
XDNA_AIE_INLINE float fp_op(float a, float b, F f) {
  return flush_subnormal(f(flush_subnormal(a), flush_subnormal(b)));
}

// Number of native accfloat operations (16 fp32 lanes each) for N lanes.
template <unsigned N>
inline constexpr unsigned accfloat_ops = N < 16 ? 1 : N / 16;

// Float-vector add/sub as AIE2 does it: through accfloat (fp32, subnormals flushed), then back
// to T; bfloat16 results round through the SRS unit under the current rounding mode.
template <typename T, unsigned N, typename F>
XDNA_AIE_INLINE vector<T, N> float_through_accum(const vector<T, N>& a, const vector<T, N>& b,
                                                 F f) {
  alignas(64) float sum[N];
  const raw_t<T>* pa = raw(a.data());
  const raw_t<T>* pb = raw(b.data());
  for (unsigned i = 0; i < N; ++i) sum[i] = fp_op(value_of<T>(pa[i]), value_of<T>(pb[i]), f);
  vector<T, N> out;
  if constexpr (std::is_same_v<T, float>) {
    for (unsigned i = 0; i < N; ++i) out.data()[i] = sum[i];
  } else {
    srs_float_to_bf16<N>(sum, raw(out.data()), host::current_core().rounding);
  }
  for (unsigned k = 0; k < accfloat_ops<N>; ++k) {
    host::count(host::unit::vector_alu, 2 * 512);  // two moves into accfloat (ups)
    host::count(host::unit::multiplier, 512);      // the add, on the MAC's accumulator adder
    if constexpr (std::is_same_v<T, bfloat16>) host::count(host::unit::vector_alu, 512);  // srs
  }
  return out;
}

}  // namespace aie::detail
