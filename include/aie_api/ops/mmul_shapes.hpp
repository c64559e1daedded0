// Which aie::mmul shapes exist on AIE2 (AIE-ML / XDNA1), and which accumulator each one uses.
//
// Source: the AIE-ML row of the "Matrix multiplication modes for real types" table of AMD's
// aie_api (detail/mmul.hpp) and the per-shape implementations under detail/aie2/. Several
// shapes accumulate in 64-bit lanes whatever tag the kernel asks for (the hardware mode is
// 64-bit); for those the mmul's accum_type is acc64 and to_vector shifts from 64 bits. Shapes
// whose A, B or C register would be wider than our 1024-bit vectors or 32 fp32 lanes (bf16
// 4x16x8 and 8x8x8, int32 8x1x8) and the float x float modes (emulated on AIE2 with bf16
// products, not modelled bit-exactly) are left out and fail to compile.
#pragma once

#include <type_traits>

#include "../types.hpp"
#include "mul_lanes.hpp"

namespace aie::detail {

// How a supported shape picks its accumulator.
enum class mmul_acc_rule : unsigned {
  unsupported,  // shape not available for these operand types
  acc32_only,   // 32-bit integer lanes; a 64-bit request is not available
  always64,     // 64-bit integer lanes whatever is requested
  wide64,       // 64-bit integer lanes, but the API only accepts a request of up to 32 bits
  accfloat,     // fp32 lanes (bf16 operands)
};

struct mmul_shape_entry {
  unsigned m, k, n;
  mmul_acc_rule rule;
};

// Operand classes by bit width (signedness does not change the shape table).
enum class mmul_operands : unsigned {
  i8_i8,
  i16_i8,
  i8_i16,
  i16_i16,
  i32_i16,
  i16_i32,
  i32_i32,
  bf16_bf16,
  other
};

template <typename A, typename B>
constexpr mmul_operands mmul_operands_of() {
  if constexpr (std::is_same_v<A, bfloat16> && std::is_same_v<B, bfloat16>) {
    return mmul_operands::bf16_bf16;
  } else if constexpr (is_int_mul_operand<A> && is_int_mul_operand<B>) {
    constexpr unsigned a = mul_operand_bits<A>, b = mul_operand_bits<B>;
    if constexpr (a == 8 && b == 8)
      return mmul_operands::i8_i8;
    else if constexpr (a == 16 && b == 8)
      return mmul_operands::i16_i8;
    else if constexpr (a == 8 && b == 16)
      return mmul_operands::i8_i16;
    else if constexpr (a == 16 && b == 16)
      return mmul_operands::i16_i16;
    else if constexpr (a == 32 && b == 16)
      return mmul_operands::i32_i16;
    else if constexpr (a == 16 && b == 32)
      return mmul_operands::i16_i32;
    else if constexpr (a == 32 && b == 32)
      return mmul_operands::i32_i32;
    else
      return mmul_operands::other;
  } else {
    return mmul_operands::other;
  }
}

inline constexpr mmul_shape_entry kMmulI8I8[] = {
    {4, 8, 4, mmul_acc_rule::acc32_only},  {4, 16, 4, mmul_acc_rule::acc32_only},
    {8, 8, 4, mmul_acc_rule::acc32_only},  {2, 8, 8, mmul_acc_rule::acc32_only},
    {4, 8, 8, mmul_acc_rule::acc32_only},  {8, 8, 8, mmul_acc_rule::acc32_only},
    {1, 16, 8, mmul_acc_rule::acc32_only}, {2, 16, 8, mmul_acc_rule::acc32_only},
    {4, 16, 8, mmul_acc_rule::acc32_only}};
inline constexpr mmul_shape_entry kMmulI16I8[] = {
    {4, 8, 4, mmul_acc_rule::wide64},     {4, 4, 8, mmul_acc_rule::acc32_only},
    {8, 4, 4, mmul_acc_rule::acc32_only}, {8, 4, 8, mmul_acc_rule::acc32_only},
    {4, 4, 4, mmul_acc_rule::acc32_only}, {2, 8, 8, mmul_acc_rule::wide64}};
inline constexpr mmul_shape_entry kMmulI8I16[] = {{4, 4, 8, mmul_acc_rule::wide64},
                                                  {4, 4, 4, mmul_acc_rule::wide64}};
inline constexpr mmul_shape_entry kMmulI16I16[] = {
    {4, 4, 4, mmul_acc_rule::always64},   {2, 4, 8, mmul_acc_rule::always64},
    {4, 4, 8, mmul_acc_rule::always64},   {4, 2, 8, mmul_acc_rule::acc32_only},
    {8, 2, 8, mmul_acc_rule::acc32_only}, {8, 1, 8, mmul_acc_rule::acc32_only}};
inline constexpr mmul_shape_entry kMmulI32I16[] = {{2, 4, 8, mmul_acc_rule::always64},
                                                   {4, 4, 8, mmul_acc_rule::always64},
                                                   {4, 4, 4, mmul_acc_rule::always64},
                                                   {4, 2, 4, mmul_acc_rule::always64},
                                                   {4, 1, 8, mmul_acc_rule::always64}};
inline constexpr mmul_shape_entry kMmulI16I32[] = {{2, 4, 8, mmul_acc_rule::always64},
                                                   {4, 4, 4, mmul_acc_rule::always64}};
inline constexpr mmul_shape_entry kMmulI32I32[] = {{4, 2, 4, mmul_acc_rule::always64},
                                                   {4, 4, 4, mmul_acc_rule::always64},
                                                   {8, 2, 4, mmul_acc_rule::always64},
                                                   {4, 1, 8, mmul_acc_rule::always64}};
inline constexpr mmul_shape_entry kMmulBf16[] = {{4, 8, 4, mmul_acc_rule::accfloat},
                                                 {8, 8, 4, mmul_acc_rule::accfloat}};

template <unsigned Size>
constexpr mmul_acc_rule find_mmul_rule(const mmul_shape_entry (&table)[Size], unsigned m,
                                       unsigned k, unsigned n) {
  for (const mmul_shape_entry& e : table)
    if (e.m == m && e.k == k && e.n == n) return e.rule;
  return mmul_acc_rule::unsupported;
}

constexpr mmul_acc_rule mmul_rule(mmul_operands ops, unsigned m, unsigned k, unsigned n) {
  switch (ops) {
    case mmul_operands::i8_i8:
      return find_mmul_rule(kMmulI8I8, m, k, n);
    case mmul_operands::i16_i8:
      return find_mmul_rule(kMmulI16I8, m, k, n);
    case mmul_operands::i8_i16:
      return find_mmul_rule(kMmulI8I16, m, k, n);
    case mmul_operands::i16_i16:
      return find_mmul_rule(kMmulI16I16, m, k, n);
    case mmul_operands::i32_i16:
      return find_mmul_rule(kMmulI32I16, m, k, n);
    case mmul_operands::i16_i32:
      return find_mmul_rule(kMmulI16I32, m, k, n);
    case mmul_operands::i32_i32:
      return find_mmul_rule(kMmulI32I32, m, k, n);
    case mmul_operands::bf16_bf16:
      return find_mmul_rule(kMmulBf16, m, k, n);
    default:
      return mmul_acc_rule::unsupported;
  }
}

// Everything aie::mmul needs to know about one instantiation.
template <unsigned M, unsigned K, unsigned N, typename A, typename B, typename AccumTag>
struct mmul_traits {
  static constexpr mmul_operands operands = mmul_operands_of<A, B>();
  static constexpr mmul_acc_rule rule = mmul_rule(operands, M, K, N);
  static constexpr bool operands_supported = operands != mmul_operands::other;
  static constexpr bool shape_supported = rule != mmul_acc_rule::unsupported;

  static constexpr bool tag_known = std::is_same_v<AccumTag, accauto> || is_accum_tag<AccumTag>;
  static constexpr unsigned requested = tag_known ? requested_accum_bits<AccumTag> : 0;
  // acc32_only and wide64 shapes take a tag of up to 32 bits (the real API instantiates the
  // 16b x 8b and 8b x 16b modes for 32-bit requests only); bf16 shapes take accfloat or a
  // 32-bit tag; always64 shapes take any tag.
  static constexpr bool accum_supported = !tag_known ? false
                                          : rule == mmul_acc_rule::acc32_only ||
                                                  rule == mmul_acc_rule::accfloat ||
                                                  rule == mmul_acc_rule::wide64
                                              ? (requested == 0 || requested == 32)
                                              : true;

  using accum_tag = std::conditional_t<
      rule == mmul_acc_rule::accfloat, accfloat,
      std::conditional_t<rule == mmul_acc_rule::always64 || rule == mmul_acc_rule::wide64, acc64,
                         acc32>>;
  static constexpr bool valid = operands_supported && shape_supported && accum_supported;
};

}  // namespace aie::detail
