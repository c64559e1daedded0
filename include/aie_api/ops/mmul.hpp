// aie::mmul<M, K, N, TypeA, TypeB, AccumTag>: the AIE2 matrix-multiply unit.
//
// Operand layout (aie_api, "Matrix Multiplication"): A is an M x K matrix held row-major in a
// vector of M*K lanes, B is K x N row-major in K*N lanes, C is M x N row-major in an accumulator
// of M*N lanes. mul computes C = A * B, mac computes C += A * B; to_vector<T>(shift) applies
// the current core's shift-round-saturate to C. Which shapes exist and which accumulator each
// uses is in mmul_shapes.hpp; anything else fails to compile with a static_assert.
//
// Integer lanes accumulate exactly and wrap modulo 2^32 (acc32) or 2^64 (acc64). bf16 lanes:
// every product is exact in fp32; C[m][n] is updated by adding the K products one at a time in
// k order, each addition rounded to nearest-even in binary32 (our choice: AMD does not document
// the adder tree; see docs/AIE_API.md).
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>

#include "../accum.hpp"
#include "../detail/core_state.hpp"
#include "../vector.hpp"
#include "accumulate.hpp"  // mac_kind_of, macs_per_product (cost-hook classes)
#include "mmul_shapes.hpp"
#include "mul_lanes.hpp"

namespace aie {

namespace detail {

// detail::flush_subnormal without a data-dependent branch: keep every bit when the exponent
// field is non-zero, only the sign bit when it is zero.
XDNA_AIE_INLINE float flush_subnormal_branchless(float f) {
  const std::uint32_t u = std::bit_cast<std::uint32_t>(f);
  // Bit 31 of (exponent field + 0x7fffffff) is set exactly when the exponent field is non-zero.
  const std::uint32_t nonzero_exp = ((u & 0x7f800000u) + 0x7fffffffu) >> 31;
  const std::uint32_t keep = 0x80000000u | (0u - nonzero_exp);
  return std::bit_cast<float>(u & keep);
}

// C[M x N] (+)= A[M x K] * B[K x N], all row-major. The fixed trip counts let the compiler unroll
// and vectorise the n loop (contiguous in B and C).
template <unsigned M, unsigned K, unsigned N, typename S, typename A, typename B>
XDNA_AIE_INLINE void mmul_accumulate(S* __restrict c, const A* __restrict a,
                                     const B* __restrict b) {
  if constexpr (std::is_floating_point_v<S>) {
    // bf16: spread the operands so that step k is one straight pass over the M*N lanes of C
    // (a[m][k] and b[k][n] at lane m*N+n), which the compiler turns into whole-register
    // operations; the additions per lane stay in k order. The flush is the branch-free form
    // of detail::flush_subnormal (same result), so that the unrolled code stays vectorised.
    alignas(64) float a_spread[K][M * N];
    alignas(64) float b_spread[K][M * N];
    for (unsigned k = 0; k < K; ++k)
      for (unsigned m = 0; m < M; ++m)
        for (unsigned n = 0; n < N; ++n) {
          a_spread[k][m * N + n] = flush_subnormal_branchless(static_cast<float>(a[m * K + k]));
          b_spread[k][m * N + n] = flush_subnormal_branchless(static_cast<float>(b[k * N + n]));
        }
    for (unsigned k = 0; k < K; ++k)
#pragma GCC unroll 1  // one vector loop per k; full unrolling vectorises worse
      for (unsigned i = 0; i < M * N; ++i)
        c[i] = flush_subnormal_branchless(
            c[i] + flush_subnormal_branchless(a_spread[k][i] * b_spread[k][i]));
  } else {
    for (unsigned m = 0; m < M; ++m) {
      for (unsigned k = 0; k < K; ++k) {
        const A a_mk = a[m * K + k];
        for (unsigned n = 0; n < N; ++n)
          c[m * N + n] = add_product(c[m * N + n], lane_product(a_mk, b[k * N + n]));
      }
    }
  }
}

}  // namespace detail

template <unsigned M, unsigned K, unsigned N, typename TypeA, typename TypeB,
          typename AccumTag = accauto>
class mmul {
  using traits = detail::mmul_traits<M, K, N, TypeA, TypeB, AccumTag>;
  static_assert(traits::operands_supported,
                "aie::mmul: operand types not supported on AIE2 (integer 8/16/32-bit x 8/16/32-bit "
                "or bfloat16 x bfloat16)");
  static_assert(!traits::operands_supported || traits::shape_supported,
                "aie::mmul<M, K, N, TypeA, TypeB>: this M x K x N shape does not exist on AIE2 "
                "for these operand types (int8 x int8: 4x8x4 4x16x4 8x8x4 2x8x8 4x8x8 8x8x8 1x16x8 "
                "2x16x8 4x16x8; int16 x int16: 4x4x4 2x4x8 4x4x8 4x2x8 8x2x8 8x1x8; bfloat16: "
                "4x8x4 8x8x4; full table in docs/AIE_API.md)");
  static_assert(!traits::operands_supported || !traits::shape_supported || traits::accum_supported,
                "aie::mmul: accumulator tag not available for this shape on AIE2 (this mode "
                "takes a request of at most 32 bits: use acc32, accfloat or accauto)");

  // Keeps the member types legal when a static_assert above has already fired, so that the
  // first error a kernel author sees is the readable one.
  static constexpr unsigned kLanesC = traits::valid ? M * N : 16;
  static constexpr unsigned kLanesA = traits::valid ? M * K : 16;
  static constexpr unsigned kLanesB = traits::valid ? K * N : 16;
  using elem_A = std::conditional_t<traits::valid, TypeA, int16>;
  using elem_B = std::conditional_t<traits::valid, TypeB, int16>;

 public:
  static constexpr unsigned rows_A = M, cols_A = K, rows_B = K, cols_B = N, rows_C = M, cols_C = N;
  static constexpr unsigned size_A = M * K;
  static constexpr unsigned size_B = K * N;
  static constexpr unsigned size_C = M * N;

  using type_A = TypeA;
  using type_B = TypeB;
  using accum_tag = typename traits::accum_tag;
  using value_type = accum_tag;
  using accum_type = accum<accum_tag, kLanesC>;
  using vector_A_type = vector<elem_A, kLanesA>;
  using vector_B_type = vector<elem_B, kLanesB>;

  // C starts at zero (on the chip the first mac after construction ignores the register).
  mmul() = default;

  mmul(const accum_type& acc, bool to_zero = false)  // NOLINT: implicit as in the real API
      : data_(to_zero ? accum_type() : acc) {}

  // C from a vector of M*N values, shifted left by `shift` (integer accumulators).
  template <typename T>
  mmul(const vector<T, kLanesC>& v, int shift = 0)  // NOLINT: implicit as in the real API
      : data_(v, shift) {}

  // C = A * B.
  XDNA_AIE_INLINE void mul(const vector_A_type& a, const vector_B_type& b) {
    data_ = accum_type();
    detail::mmul_accumulate<M, K, N>(data_.data(), a.data(), b.data());
    report();
  }

  // C += A * B.
  XDNA_AIE_INLINE void mac(const vector_A_type& a, const vector_B_type& b) {
    detail::mmul_accumulate<M, K, N>(data_.data(), a.data(), b.data());
    report();
  }

  accum_type to_accum() const { return data_; }
  operator accum_type() const { return data_; }  // NOLINT: implicit as in the real API

  // Shift-round-saturate of C into lanes of T, under the current core's rounding and saturation
  // modes (the accumulator's own conversion; bf16/float outputs round as accum does).
  template <typename T>
  vector<T, kLanesC> to_vector(int shift = 0) const {
    return data_.template to_vector<T>(shift);
  }

 private:
  XDNA_AIE_INLINE static void report() {
    host::count_macs(
        detail::mac_kind_of<TypeA, TypeB>,
        std::uint64_t{M} * K * N * detail::macs_per_product<TypeA, TypeB>,
        std::uint64_t{size_A} * sizeof(TypeA) * 8 + std::uint64_t{size_B} * sizeof(TypeB) * 8);
  }

  accum_type data_;
};

}  // namespace aie
