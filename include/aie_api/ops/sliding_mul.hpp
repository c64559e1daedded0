// aie::sliding_mul_ops and its x / y / xy forms: the AIE2 multiplier's sliding-window pattern
// used by FIR and 2-D filter kernels. With L = Lanes, P = Points, CS = CoeffStep, DSX/DSY the
// data steps, c_s = coeff_start and d_s = data_start, lane l of the result is
//
//   out[l] = sum over p < P of coeff[c_s + p * CS] * data[d_s + l * DSY + p * DSX]
//
// (aie_api sliding_mul.hpp). Indices wrap around the vector they select from ("coeff_start and
// data_start wrap around if greater than the number of values"). mac adds to an accumulator,
// negmul negates. Integer lanes are exact and wrap like the accumulator; bf16 lanes add the P
// products one at a time in p order, each addition rounded in binary32 (our choice, as mmul).
//
// AIE2 parameter rules enforced at compile time (aie_api table, AIE-ML/XDNA 1 rows):
//   8b x 8b -> acc32; 16b x 16b -> acc32 or acc64; with a 32-bit operand -> acc64;
//   bfloat16 x bfloat16 -> accfloat. CoeffStep 1 or 2 (only 1 with acc64), DataStepX 1 or 2,
//   DataStepY equal to DataStepX. Coefficients at most 512 bits, data at most 1024 bits.
// float x float is emulated with bf16 products on AIE2 and is not modelled; sliding_mul_sym_*
// exist on the first-generation AIE only.
#pragma once

#include <cstdint>
#include <type_traits>

#include "../accum.hpp"
#include "../detail/core_state.hpp"
#include "../vector.hpp"
#include "accumulate.hpp"  // mac_kind_of, macs_per_product (cost-hook classes)
#include "mul_lanes.hpp"

namespace aie {

namespace detail {

template <typename C, typename D>
constexpr bool sliding_operands_supported() {
  if constexpr (std::is_same_v<C, bfloat16> || std::is_same_v<D, bfloat16>) {
    return std::is_same_v<C, bfloat16> && std::is_same_v<D, bfloat16>;
  } else if constexpr (is_int_mul_operand<C> && is_int_mul_operand<D>) {
    constexpr unsigned c = mul_operand_bits<C>, d = mul_operand_bits<D>;
    return (c == 8 && d == 8) || (c >= 16 && d >= 16);
  } else {
    return false;
  }
}

// Accumulator lane bits of the default tag (aie_api's default accumulation on AIE-ML).
template <typename C, typename D>
constexpr unsigned sliding_default_bits() {
  if constexpr (std::is_same_v<C, bfloat16>)
    return 32;
  else
    return (mul_operand_bits<C> == 32 || mul_operand_bits<D> == 32) ? 64 : 32;
}

template <typename C, typename D, typename Tag>
using sliding_accum_tag_t =
    std::conditional_t<!std::is_same_v<Tag, accauto>, Tag,
                       std::conditional_t<std::is_same_v<C, bfloat16>, accfloat,
                                          int_accum_tag_for_bits<sliding_default_bits<C, D>()>>>;

template <typename C, typename D, typename Tag>
constexpr bool sliding_accum_supported() {
  using T = sliding_accum_tag_t<C, D, Tag>;
  if constexpr (!is_accum_tag<T>) {
    return false;
  } else if constexpr (std::is_same_v<C, bfloat16>) {
    return std::is_same_v<T, accfloat>;
  } else if constexpr (std::is_same_v<T, accfloat>) {
    return false;
  } else {
    constexpr unsigned bits = accum_lane_bits<T>;
    constexpr unsigned c = mul_operand_bits<C>, d = mul_operand_bits<D>;
    if constexpr (c == 8)
      return bits == 32;
    else if constexpr (c == 16 && d == 16)
      return true;
    else
      return bits == 64;
  }
}

}  // namespace detail

template <unsigned Lanes, unsigned Points, int CoeffStep, int DataStepX, int DataStepY,
          typename CoeffType, typename DataType, typename AccumTag = accauto>
struct sliding_mul_ops {
  static_assert(detail::sliding_operands_supported<CoeffType, DataType>(),
                "aie::sliding_mul_ops: coefficient x data types not supported on AIE2 (8b x 8b, "
                "16b x 16b, 16b/32b x 16b/32b integers, or bfloat16 x bfloat16)");
  static_assert(!detail::sliding_operands_supported<CoeffType, DataType>() ||
                    detail::sliding_accum_supported<CoeffType, DataType, AccumTag>(),
                "aie::sliding_mul_ops: accumulator tag not available on AIE2 for these types (8b x "
                "8b: acc32; 16b x 16b: acc32/acc64; 32-bit operands: acc64; bfloat16: accfloat)");
  static_assert(Points >= 1, "aie::sliding_mul_ops: Points must be at least 1");
  static_assert(CoeffStep == 1 || CoeffStep == 2,
                "aie::sliding_mul_ops: CoeffStep must be 1 or 2 on AIE2");
  static_assert(DataStepX == 1 || DataStepX == 2,
                "aie::sliding_mul_ops: DataStepX must be 1 or 2 on AIE2");
  static_assert(DataStepY == DataStepX,
                "aie::sliding_mul_ops: DataStepY must equal DataStepX on AIE2");

  using coeff_type = CoeffType;
  using data_type = DataType;
  using accum_tag = detail::sliding_accum_tag_t<CoeffType, DataType, AccumTag>;
  static_assert(!detail::sliding_accum_supported<CoeffType, DataType, AccumTag>() ||
                    detail::accum_lane_bits<accum_tag> != 64 || CoeffStep == 1,
                "aie::sliding_mul_ops: with 64-bit accumulation AIE2 supports CoeffStep 1 only");
  using accum_type = accum<accum_tag, Lanes>;

  static constexpr unsigned lanes = Lanes;
  static constexpr unsigned points = Points;
  static constexpr unsigned max_coeff_bits = 512;
  static constexpr unsigned max_data_bits = 1024;

  template <unsigned NC, unsigned ND>
  static accum_type mul(const vector<CoeffType, NC>& coeff, unsigned coeff_start,
                        const vector<DataType, ND>& data, unsigned data_start) {
    accum_type acc;
    run<false>(acc, coeff, coeff_start, data, data_start);
    return acc;
  }

  template <unsigned NC, unsigned ND>
  static accum_type mac(const accum_type& acc, const vector<CoeffType, NC>& coeff,
                        unsigned coeff_start, const vector<DataType, ND>& data,
                        unsigned data_start) {
    accum_type out = acc;
    run<false>(out, coeff, coeff_start, data, data_start);
    return out;
  }

  template <unsigned NC, unsigned ND>
  static accum_type negmul(const vector<CoeffType, NC>& coeff, unsigned coeff_start,
                           const vector<DataType, ND>& data, unsigned data_start) {
    accum_type acc;
    run<true>(acc, coeff, coeff_start, data, data_start);
    return acc;
  }

 private:
  template <bool Negate, unsigned NC, unsigned ND>
  XDNA_AIE_INLINE static void run(accum_type& acc, const vector<CoeffType, NC>& coeff,
                                  unsigned coeff_start, const vector<DataType, ND>& data,
                                  unsigned data_start) {
    static_assert(NC * sizeof(CoeffType) * 8 <= max_coeff_bits,
                  "aie::sliding_mul_ops: the coefficient vector may be at most 512 bits on AIE2");
    static_assert(ND * sizeof(DataType) * 8 <= max_data_bits,
                  "aie::sliding_mul_ops: the data vector may be at most 1024 bits on AIE2");
    auto* out = acc.data();
    const CoeffType* c = coeff.data();
    const DataType* d = data.data();
    // Indices wrap modulo the vector sizes (powers of two), so unsigned arithmetic is exact.
    const unsigned d0 = data_start % ND;
    constexpr unsigned span = (Lanes - 1) * DataStepY + (Points - 1) * DataStepX;
    for (unsigned p = 0; p < Points; ++p) {
      const CoeffType cp = c[(coeff_start + p * CoeffStep) % NC];
      const unsigned base = d0 + p * DataStepX;
      if (d0 + span < ND) {  // no wrap-around: straight indexing the compiler vectorises
        for (unsigned l = 0; l < Lanes; ++l)
          accumulate<Negate>(out[l], cp, d[base + l * DataStepY]);
      } else {
        for (unsigned l = 0; l < Lanes; ++l)
          accumulate<Negate>(out[l], cp, d[(base + l * DataStepY) % ND]);
      }
    }
    host::count_macs(
        detail::mac_kind_of<CoeffType, DataType>,
        std::uint64_t{Lanes} * Points * detail::macs_per_product<CoeffType, DataType>,
        std::uint64_t{NC} * sizeof(CoeffType) * 8 + std::uint64_t{ND} * sizeof(DataType) * 8);
  }

  template <bool Negate, typename S>
  XDNA_AIE_INLINE static void accumulate(S& lane, CoeffType c, DataType d) {
    if constexpr (Negate)
      lane = detail::sub_product(lane, detail::lane_product(c, d));
    else
      lane = detail::add_product(lane, detail::lane_product(c, d));
  }
};

template <unsigned Lanes, unsigned Points, int CoeffStep, int DataStepX, typename CoeffType,
          typename DataType, typename AccumTag = accauto>
using sliding_mul_x_ops =
    sliding_mul_ops<Lanes, Points, CoeffStep, DataStepX, 1, CoeffType, DataType, AccumTag>;

template <unsigned Lanes, unsigned Points, int CoeffStep, int DataStepY, typename CoeffType,
          typename DataType, typename AccumTag = accauto>
using sliding_mul_y_ops =
    sliding_mul_ops<Lanes, Points, CoeffStep, 1, DataStepY, CoeffType, DataType, AccumTag>;

template <unsigned Lanes, unsigned Points, int CoeffStep, int DataStepXY, typename CoeffType,
          typename DataType, typename AccumTag = accauto>
using sliding_mul_xy_ops = sliding_mul_ops<Lanes, Points, CoeffStep, DataStepXY, DataStepXY,
                                           CoeffType, DataType, AccumTag>;

// Free-function forms: aie::sliding_mul<Lanes, Points, CoeffStep, DataStepX, DataStepY>(...).
template <unsigned Lanes, unsigned Points, int CoeffStep = 1, int DataStepX = 1,
          int DataStepY = DataStepX, typename AccumTag = accauto, typename C, unsigned NC,
          typename D, unsigned ND>
auto sliding_mul(const vector<C, NC>& coeff, unsigned coeff_start, const vector<D, ND>& data,
                 unsigned data_start) {
  return sliding_mul_ops<Lanes, Points, CoeffStep, DataStepX, DataStepY, C, D, AccumTag>::mul(
      coeff, coeff_start, data, data_start);
}

template <unsigned Lanes, unsigned Points, int CoeffStep = 1, int DataStepX = 1,
          int DataStepY = DataStepX, typename Tag, typename C, unsigned NC, typename D, unsigned ND>
auto sliding_mac(const accum<Tag, Lanes>& acc, const vector<C, NC>& coeff, unsigned coeff_start,
                 const vector<D, ND>& data, unsigned data_start) {
  return sliding_mul_ops<Lanes, Points, CoeffStep, DataStepX, DataStepY, C, D, Tag>::mac(
      acc, coeff, coeff_start, data, data_start);
}

// Symmetric / antisymmetric sliding multiplies (coeff * (data[x] +/- data[mirror])) exist on the
// first-generation AIE only; AIE2 has no such multiplier mode and the real API does not offer
// them there. They are declared so that a kernel using one gets this message, not "no member".
template <typename... Params>
inline constexpr bool aie1_only_always_false = false;

template <unsigned Lanes, unsigned Points, int CoeffStep, int DataStepX, int DataStepY,
          typename CoeffType, typename DataType, typename AccumTag = accauto>
struct sliding_mul_sym_ops {
  static_assert(aie1_only_always_false<CoeffType, DataType, AccumTag>,
                "aie::sliding_mul_sym_ops: symmetric sliding multiplies exist on the first-"
                "generation AIE only, not on AIE2; add the mirrored samples and use "
                "sliding_mul_ops");
};
template <unsigned Lanes, unsigned Points, int CoeffStep, int DataStepX, int DataStepY,
          typename CoeffType, typename DataType, typename AccumTag = accauto>
struct sliding_mul_antisym_ops {
  static_assert(aie1_only_always_false<CoeffType, DataType, AccumTag>,
                "aie::sliding_mul_antisym_ops: antisymmetric sliding multiplies exist on the "
                "first-generation AIE only, not on AIE2; subtract the mirrored samples and use "
                "sliding_mul_ops");
};
template <unsigned Lanes, unsigned Points, int CoeffStep, int DataStepXY, typename CoeffType,
          typename DataType, typename AccumTag = accauto>
using sliding_mul_sym_xy_ops = sliding_mul_sym_ops<Lanes, Points, CoeffStep, DataStepXY, DataStepXY,
                                                   CoeffType, DataType, AccumTag>;
template <unsigned Lanes, unsigned Points, int CoeffStep, int DataStepXY, typename CoeffType,
          typename DataType, typename AccumTag = accauto>
using sliding_mul_antisym_xy_ops =
    sliding_mul_antisym_ops<Lanes, Points, CoeffStep, DataStepXY, DataStepXY, CoeffType, DataType,
                            AccumTag>;

}  // namespace aie
