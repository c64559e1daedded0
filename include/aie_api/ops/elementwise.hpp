// Lane-wise arithmetic and construction: zeros, broadcast, add, sub, neg, abs, max, min,
// bitwise operations and shifts.
//
// Integer lanes wrap modulo 2^bits. bfloat16/float add and sub go through accfloat (there is no
// bfloat16 adder on AIE2), so bfloat16 results round under the core's rounding mode. max/min on
// bfloat16 are native compares. NaN, -0 and subnormal rules: docs/AIE_API.md.
#pragma once

#include <cstdint>
#include <type_traits>

#include "../accum.hpp"
#include "../detail/core_state.hpp"
#include "../detail/lanes.hpp"
#include "../vector.hpp"

namespace aie {

// ---- construction ---------------------------------------------------------------------------

// zeros<T, N>() for a vector, zeros<AccTag, N>() for an accumulator.
template <typename T, unsigned Elems>
XDNA_AIE_INLINE auto zeros() {
  if constexpr (detail::is_accum_tag<T>) {
    host::count(host::unit::vector_alu, accum<T, Elems>::bits());
    return accum<T, Elems>();
  } else {
    host::count(host::unit::vector_alu, vector<T, Elems>::bits());
    return vector<T, Elems>();
  }
}
template <typename T>
requires detail::is_vector_elem<T> XDNA_AIE_INLINE auto zeros() {
  return zeros<T, native_vector_length_v<T>>();
}

// broadcast<T, N>(x): every lane = x (an accumulator tag broadcasts into accumulator lanes).
template <typename T, unsigned Elems, typename U>
XDNA_AIE_INLINE auto broadcast(U x) {
  if constexpr (detail::is_accum_tag<T>) {
    accum<T, Elems> out;
    for (unsigned i = 0; i < Elems; ++i)
      out.data()[i] = static_cast<typename accum<T, Elems>::value_type>(x);
    host::count(host::unit::shuffle, accum<T, Elems>::bits());
    return out;
  } else {
    host::count(host::unit::shuffle, vector<T, Elems>::bits());
    return detail::splat<T, Elems>(static_cast<T>(x));
  }
}
template <typename T, typename U>
requires detail::is_vector_elem<T> XDNA_AIE_INLINE auto broadcast(U x) {
  return broadcast<T, native_vector_length_v<T>>(x);
}

// ---- add / sub ------------------------------------------------------------------------------

template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> add(const vector<T, N>& a, const vector<T, N>& b) {
  if constexpr (detail::is_float_elem<T>) {
    return detail::float_through_accum(a, b, [](float x, float y) { return x + y; });
  } else {
    host::count(host::unit::vector_alu, vector<T, N>::bits());
    return detail::map2(a, b, [](T x, T y) { return detail::wrap_add(x, y); });
  }
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> add(const vector<T, N>& a, std::type_identity_t<T> b) {
  return add(a, detail::splat<T, N>(b));
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> add(std::type_identity_t<T> a, const vector<T, N>& b) {
  return add(detail::splat<T, N>(a), b);
}

template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> sub(const vector<T, N>& a, const vector<T, N>& b) {
  if constexpr (detail::is_float_elem<T>) {
    return detail::float_through_accum(a, b, [](float x, float y) { return x - y; });
  } else {
    host::count(host::unit::vector_alu, vector<T, N>::bits());
    return detail::map2(a, b, [](T x, T y) { return detail::wrap_sub(x, y); });
  }
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> sub(const vector<T, N>& a, std::type_identity_t<T> b) {
  return sub(a, detail::splat<T, N>(b));
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> sub(std::type_identity_t<T> a, const vector<T, N>& b) {
  return sub(detail::splat<T, N>(a), b);
}

// ---- neg / abs ------------------------------------------------------------------------------

// Integer: 0 - x, wrapping (neg of the most negative value is itself). Float: sign flip, exact,
// NaN payload kept (a bit operation; it does not go through the fp datapath).
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> neg(const vector<T, N>& a) {
  host::count(host::unit::vector_alu, vector<T, N>::bits());
  if constexpr (std::is_same_v<T, bfloat16>) {
    return detail::map1(a, [](std::uint16_t x) { return static_cast<std::uint16_t>(x ^ 0x8000u); });
  } else if constexpr (std::is_same_v<T, float>) {
    return detail::map1(a, [](T x) { return -x; });
  } else {
    return detail::map1(a, [](T x) { return detail::wrap_sub(T{0}, x); });
  }
}

// Integer: |x|, wrapping (abs of the most negative value is itself); unsigned: identity.
// Float: clears the sign bit.
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> abs(const vector<T, N>& a) {
  host::count(host::unit::vector_alu, vector<T, N>::bits());
  if constexpr (std::is_same_v<T, bfloat16>) {
    return detail::map1(a, [](std::uint16_t x) { return static_cast<std::uint16_t>(x & 0x7fffu); });
  } else if constexpr (std::is_same_v<T, float>) {
    return detail::map1(
        a, [](T x) { return std::bit_cast<float>(std::bit_cast<std::uint32_t>(x) & 0x7fffffffu); });
  } else if constexpr (std::is_unsigned_v<T>) {
    return a;
  } else {
    return detail::map1(a, [](T x) { return x < 0 ? detail::wrap_sub(T{0}, x) : x; });
  }
}

// ---- max / min ------------------------------------------------------------------------------

// max(a, b) lane i = a[i] >= b[i] ? a[i] : b[i] (ties and -0/+0 keep a; a NaN in either lane
// gives b[i], since every comparison with NaN is false). min symmetric with <=.
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> max(const vector<T, N>& a, const vector<T, N>& b) {
  host::count(host::unit::vector_alu, vector<T, N>::bits());
  return detail::map2(a, b, [](auto x, auto y) { return detail::max_lane<T>(x, y); });
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> max(const vector<T, N>& a, std::type_identity_t<T> b) {
  return max(a, detail::splat<T, N>(b));
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> max(std::type_identity_t<T> a, const vector<T, N>& b) {
  return max(detail::splat<T, N>(a), b);
}

template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> min(const vector<T, N>& a, const vector<T, N>& b) {
  host::count(host::unit::vector_alu, vector<T, N>::bits());
  return detail::map2(a, b, [](auto x, auto y) { return detail::min_lane<T>(x, y); });
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> min(const vector<T, N>& a, std::type_identity_t<T> b) {
  return min(a, detail::splat<T, N>(b));
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> min(std::type_identity_t<T> a, const vector<T, N>& b) {
  return min(detail::splat<T, N>(a), b);
}

// ---- bitwise --------------------------------------------------------------------------------

namespace detail {
template <typename T>
XDNA_AIE_INLINE auto unsigned_of(T x) {
  return static_cast<std::make_unsigned_t<T>>(x);
}
template <typename T, unsigned N, typename F>
XDNA_AIE_INLINE vector<T, N> bitwise2(const vector<T, N>& a, const vector<T, N>& b, F f) {
  static_assert(is_integral_elem<T>, "aie bitwise operations need integer lanes");
  host::count(host::unit::vector_alu, vector<T, N>::bits());
  return map2(a, b, [f](T x, T y) { return static_cast<T>(f(unsigned_of(x), unsigned_of(y))); });
}
}  // namespace detail

#define XDNA_AIE_BITWISE(name, expr)                                                    \
  template <typename T, unsigned N>                                                     \
  XDNA_AIE_INLINE vector<T, N> name(const vector<T, N>& a, const vector<T, N>& b) {     \
    return detail::bitwise2(a, b, [](auto x, auto y) { return expr; });                 \
  }                                                                                     \
  template <typename T, unsigned N>                                                     \
  XDNA_AIE_INLINE vector<T, N> name(const vector<T, N>& a, std::type_identity_t<T> b) { \
    return name(a, detail::splat<T, N>(b));                                             \
  }                                                                                     \
  template <typename T, unsigned N>                                                     \
  XDNA_AIE_INLINE vector<T, N> name(std::type_identity_t<T> a, const vector<T, N>& b) { \
    return name(detail::splat<T, N>(a), b);                                             \
  }
XDNA_AIE_BITWISE(bit_and, x& y)
XDNA_AIE_BITWISE(bit_or, x | y)
XDNA_AIE_BITWISE(bit_xor, x ^ y)
#undef XDNA_AIE_BITWISE

template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> bit_not(const vector<T, N>& a) {
  static_assert(detail::is_integral_elem<T>, "aie::bit_not needs integer lanes");
  host::count(host::unit::vector_alu, vector<T, N>::bits());
  return detail::map1(a, [](T x) { return static_cast<T>(~detail::unsigned_of(x)); });
}

// upshift(v, s): lanes shifted left by s (bits shifted out are lost). downshift(v, s): signed
// lanes shift arithmetically, unsigned lanes logically. logical_downshift: always logical.
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> upshift(const vector<T, N>& a, unsigned s) {
  static_assert(detail::is_integral_elem<T>, "aie::upshift needs integer lanes");
  host::count(host::unit::vector_alu, vector<T, N>::bits());
  return detail::map1(
      a, [s](T x) { return static_cast<T>(s >= sizeof(T) * 8 ? 0 : detail::unsigned_of(x) << s); });
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> downshift(const vector<T, N>& a, unsigned s) {
  static_assert(detail::is_integral_elem<T>, "aie::downshift needs integer lanes");
  host::count(host::unit::vector_alu, vector<T, N>::bits());
  const unsigned c = s >= sizeof(T) * 8 ? sizeof(T) * 8 - 1 : s;
  if constexpr (std::is_signed_v<T>) {
    return detail::map1(a, [c](T x) { return static_cast<T>(x >> c); });
  } else {
    return detail::map1(a, [s, c](T x) { return static_cast<T>(s >= sizeof(T) * 8 ? 0 : x >> c); });
  }
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> logical_downshift(const vector<T, N>& a, unsigned s) {
  static_assert(detail::is_integral_elem<T>, "aie::logical_downshift needs integer lanes");
  host::count(host::unit::vector_alu, vector<T, N>::bits());
  return detail::map1(
      a, [s](T x) { return static_cast<T>(s >= sizeof(T) * 8 ? 0 : detail::unsigned_of(x) >> s); });
}

}  // namespace aie
