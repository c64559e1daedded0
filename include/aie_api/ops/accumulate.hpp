// Accumulator arithmetic: add/sub/neg on accumulators, and the multiplier's mul/mac/msc
// (vector x vector, vector x scalar) that produce accumulators; to_float.
//
// Default accumulator of a product (the real API's choice on AIE2): 8x8, 16x8, 16x16 bits ->
// acc32; 32x16, 32x32 -> acc64; bfloat16 and float -> accfloat. mul<Tag>(a, b) picks another.
// Integer lanes wrap at the lane width; accfloat lanes are fp32 without subnormals. bfloat16
// products are exact in fp32, so mac rounds once (the add), as the hardware's fp32 adder does.
#pragma once

#include <cstdint>
#include <type_traits>

#include "../accum.hpp"
#include "../detail/core_state.hpp"
#include "../detail/lanes.hpp"
#include "../vector.hpp"

namespace aie {

namespace detail {

// Operand pairs the AIE2 multiplier accepts (either order for mixed integer widths).
template <typename A, typename B>
inline constexpr bool is_valid_mul_pair_ordered =
    (sizeof(B) == 1 && is_integral_elem<B> && is_integral_elem<A> && sizeof(A) <= 2) ||
    (sizeof(B) == 2 && is_integral_elem<B> && is_integral_elem<A>) ||
    (sizeof(B) == 4 && is_integral_elem<B> && is_integral_elem<A> && sizeof(A) >= 2) ||
    (std::is_same_v<A, bfloat16> && std::is_same_v<B, bfloat16>) ||
    (std::is_same_v<A, float> && std::is_same_v<B, float>);
template <typename A, typename B>
inline constexpr bool is_valid_mul_pair = is_valid_mul_pair_ordered<A, B>;

template <typename A, typename B>
using default_mul_tag_t =
    std::conditional_t<is_float_elem<A>, accfloat,
                       std::conditional_t<(sizeof(A) + sizeof(B) <= 4), acc32, acc64>>;

// MAC-rate class of an operand pair, and how many hardware MACs one lane product costs (32x32
// is built from two 32x16 passes).
template <typename A, typename B>
inline constexpr host::mac_kind mac_kind_of = std::is_same_v<A, bfloat16>
                                                  ? host::mac_kind::bf16_bf16
                                              : std::is_same_v<A, float> ? host::mac_kind::fp32
                                              : (sizeof(A) == 1 && sizeof(B) == 1)
                                                  ? host::mac_kind::i8_i8
                                              : (sizeof(A) + sizeof(B) == 3)
                                                  ? host::mac_kind::i16_i8
                                              : (sizeof(A) == 2 && sizeof(B) == 2)
                                                  ? host::mac_kind::i16_i16
                                                  : host::mac_kind::i32_i16;
template <typename A, typename B>
inline constexpr unsigned macs_per_product = (sizeof(A) == 4 && sizeof(B) == 4 && !is_float_elem<A>)
                                                 ? 2
                                                 : 1;

// One lane product in the accumulator's lane type: integers multiply modulo 2^64 (exact for
// every AIE2 operand pair except uint32 x uint32, whose 64-bit lane keeps the low 64 bits, as
// any 64-bit lane would) and then wrap to the lane width.
template <typename Tag, typename A, typename B>
XDNA_AIE_INLINE accum_storage_t<Tag> product(raw_t<A> a, raw_t<B> b) {
  using L = accum_storage_t<Tag>;
  if constexpr (std::is_same_v<Tag, accfloat>) {
    return fp_op(value_of<A>(a), value_of<B>(b), [](float x, float y) { return x * y; });
  } else {
    const std::uint64_t p = static_cast<std::uint64_t>(static_cast<std::int64_t>(a)) *
                            static_cast<std::uint64_t>(static_cast<std::int64_t>(b));
    return static_cast<L>(static_cast<std::make_unsigned_t<L>>(p));
  }
}

// Lane addition of accumulator values (wrapping, or fp32 without subnormals).
template <typename Tag>
XDNA_AIE_INLINE accum_storage_t<Tag> lane_add(accum_storage_t<Tag> x, accum_storage_t<Tag> y) {
  if constexpr (std::is_same_v<Tag, accfloat>) {
    return fp_op(x, y, [](float a, float b) { return a + b; });
  } else {
    return wrap_add(x, y);
  }
}
template <typename Tag>
XDNA_AIE_INLINE accum_storage_t<Tag> lane_sub(accum_storage_t<Tag> x, accum_storage_t<Tag> y) {
  if constexpr (std::is_same_v<Tag, accfloat>) {
    return fp_op(x, y, [](float a, float b) { return a - b; });
  } else {
    return wrap_sub(x, y);
  }
}

template <typename Tag, typename A, typename B, unsigned N>
XDNA_AIE_INLINE void count_mul(unsigned in_bits) {
  host::count_macs(mac_kind_of<A, B>, std::uint64_t{N} * macs_per_product<A, B>, in_bits);
}

// acc (op)= a * b lane-wise, op in {+1 mac, -1 msc, 0 mul}.
template <int Op, typename Tag, typename A, typename B, unsigned N>
XDNA_AIE_INLINE accum<Tag, N> mul_lanes(const accum<Tag, N>* acc, const A* a_lanes,
                                        const B* b_lanes, unsigned a_step, unsigned b_step) {
  static_assert(is_valid_mul_pair<A, B>,
                "aie::mul/mac/msc: this operand pair has no AIE2 multiplier mode (valid: 8/16-bit "
                "x 8/16-bit, 32 x 16/32-bit integers, bfloat16 x bfloat16, float x float)");
  static_assert(is_float_elem<A> == std::is_same_v<Tag, accfloat>,
                "aie::mul: float operands need accfloat, integer operands acc32/acc64");
  accum<Tag, N> out;
  auto* po = out.data();
  const raw_t<A>* a = raw(a_lanes);
  const raw_t<B>* b = raw(b_lanes);
  for (unsigned i = 0; i < N; ++i) {
    const auto p = product<Tag, A, B>(a[i * a_step], b[i * b_step]);
    if constexpr (Op == 0)
      po[i] = p;
    else if constexpr (Op > 0)
      po[i] = lane_add<Tag>(acc->data()[i], p);
    else
      po[i] = lane_sub<Tag>(acc->data()[i], p);
  }
  count_mul<Tag, A, B, N>(N * 8 * (sizeof(A) * (a_step ? 1 : 0) + sizeof(B) * (b_step ? 1 : 0)));
  return out;
}

}  // namespace detail

// ---- accumulator add / sub / neg ------------------------------------------------------------

template <typename Tag, unsigned N>
XDNA_AIE_INLINE accum<Tag, N> add(const accum<Tag, N>& a, const accum<Tag, N>& b) {
  accum<Tag, N> out;
  for (unsigned i = 0; i < N; ++i) out.data()[i] = detail::lane_add<Tag>(a.data()[i], b.data()[i]);
  host::count(host::unit::multiplier, accum<Tag, N>::bits());
  return out;
}
template <typename Tag, unsigned N>
XDNA_AIE_INLINE accum<Tag, N> sub(const accum<Tag, N>& a, const accum<Tag, N>& b) {
  accum<Tag, N> out;
  for (unsigned i = 0; i < N; ++i) out.data()[i] = detail::lane_sub<Tag>(a.data()[i], b.data()[i]);
  host::count(host::unit::multiplier, accum<Tag, N>::bits());
  return out;
}
// Accumulator plus/minus a vector (the vector enters the accumulator as from_vector(v, 0)).
template <typename Tag, typename T, unsigned N>
XDNA_AIE_INLINE accum<Tag, N> add(const accum<Tag, N>& a, const vector<T, N>& v) {
  return add(a, accum<Tag, N>(v));
}
template <typename Tag, typename T, unsigned N>
XDNA_AIE_INLINE accum<Tag, N> sub(const accum<Tag, N>& a, const vector<T, N>& v) {
  return sub(a, accum<Tag, N>(v));
}
template <typename Tag, unsigned N>
XDNA_AIE_INLINE accum<Tag, N> neg(const accum<Tag, N>& a) {
  return sub(accum<Tag, N>(), a);
}

// ---- mul / mac / msc ------------------------------------------------------------------------

// mul(a, b): lane-wise products into an accumulator (default tag for the operand pair, or the
// tag given first: aie::mul<acc64>(a, b)).
template <typename Tag = void, typename A, typename B, unsigned N>
XDNA_AIE_INLINE auto mul(const vector<A, N>& a, const vector<B, N>& b) {
  using T = std::conditional_t<std::is_void_v<Tag>, detail::default_mul_tag_t<A, B>, Tag>;
  return detail::mul_lanes<0, T, A, B, N>(nullptr, a.data(), b.data(), 1, 1);
}
template <typename Tag = void, typename A, unsigned N, typename B>
requires detail::is_vector_elem<B> XDNA_AIE_INLINE auto mul(const vector<A, N>& a, B b) {
  using T = std::conditional_t<std::is_void_v<Tag>, detail::default_mul_tag_t<A, B>, Tag>;
  return detail::mul_lanes<0, T, A, B, N>(nullptr, a.data(), &b, 1, 0);
}
template <typename Tag = void, typename A, typename B, unsigned N>
requires detail::is_vector_elem<A> XDNA_AIE_INLINE auto mul(A a, const vector<B, N>& b) {
  using T = std::conditional_t<std::is_void_v<Tag>, detail::default_mul_tag_t<A, B>, Tag>;
  return detail::mul_lanes<0, T, A, B, N>(nullptr, &a, b.data(), 0, 1);
}

// mac(acc, a, b) = acc + a * b; msc(acc, a, b) = acc - a * b (lane-wise, one rounding for
// accfloat since bfloat16 products are exact).
template <typename Tag, unsigned N, typename A, typename B>
XDNA_AIE_INLINE accum<Tag, N> mac(const accum<Tag, N>& acc, const vector<A, N>& a,
                                  const vector<B, N>& b) {
  return detail::mul_lanes<+1, Tag, A, B, N>(&acc, a.data(), b.data(), 1, 1);
}
template <typename Tag, unsigned N, typename A, typename B>
requires detail::is_vector_elem<B> XDNA_AIE_INLINE accum<Tag, N> mac(const accum<Tag, N>& acc,
                                                                     const vector<A, N>& a, B b) {
  return detail::mul_lanes<+1, Tag, A, B, N>(&acc, a.data(), &b, 1, 0);
}
template <typename Tag, unsigned N, typename A, typename B>
requires detail::is_vector_elem<A> XDNA_AIE_INLINE accum<Tag, N> mac(const accum<Tag, N>& acc, A a,
                                                                     const vector<B, N>& b) {
  return detail::mul_lanes<+1, Tag, A, B, N>(&acc, &a, b.data(), 0, 1);
}
template <typename Tag, unsigned N, typename A, typename B>
XDNA_AIE_INLINE accum<Tag, N> msc(const accum<Tag, N>& acc, const vector<A, N>& a,
                                  const vector<B, N>& b) {
  return detail::mul_lanes<-1, Tag, A, B, N>(&acc, a.data(), b.data(), 1, 1);
}
template <typename Tag, unsigned N, typename A, typename B>
requires detail::is_vector_elem<B> XDNA_AIE_INLINE accum<Tag, N> msc(const accum<Tag, N>& acc,
                                                                     const vector<A, N>& a, B b) {
  return detail::mul_lanes<-1, Tag, A, B, N>(&acc, a.data(), &b, 1, 0);
}
template <typename Tag, unsigned N, typename A, typename B>
requires detail::is_vector_elem<A> XDNA_AIE_INLINE accum<Tag, N> msc(const accum<Tag, N>& acc, A a,
                                                                     const vector<B, N>& b) {
  return detail::mul_lanes<-1, Tag, A, B, N>(&acc, &a, b.data(), 0, 1);
}

// negmul(a, b) = -(a * b).
template <typename Tag = void, typename A, typename B, unsigned N>
XDNA_AIE_INLINE auto negmul(const vector<A, N>& a, const vector<B, N>& b) {
  using T = std::conditional_t<std::is_void_v<Tag>, detail::default_mul_tag_t<A, B>, Tag>;
  const accum<T, N> zero;
  return detail::mul_lanes<-1, T, A, B, N>(&zero, a.data(), b.data(), 1, 1);
}

// ---- conversions ----------------------------------------------------------------------------

// to_float(v, shift): integer lanes as float, divided by 2^shift (int -> fp32 rounds to nearest
// even; the scaling is exact).
template <typename T, unsigned N>
requires detail::is_integral_elem<T> XDNA_AIE_INLINE vector<float, N> to_float(
    const vector<T, N>& v, int shift = 0) {
  static_assert(detail::is_legal_vector<float, N>,
                "aie::to_float: N float lanes is not a legal vector");
  vector<float, N> out;
  const float scale = 1.0f / static_cast<float>(std::uint64_t{1} << (shift < 0 ? 0 : shift));
  for (unsigned i = 0; i < N; ++i) out.data()[i] = static_cast<float>(v.data()[i]) * scale;
  host::count(host::unit::vector_alu, vector<float, N>::bits());
  return out;
}

}  // namespace aie
