// GEMM micro-kernels on one tile: C += A * B with aie::mmul, on the blocked layout described in
// kernels.h (blocks of the mmul shape, row-major inside and across blocks, as mlir-aie's
// single_core design delivers them by DMA).
#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

#include "kernels.h"

namespace {

// Computes a 2 x 2 group of C blocks per step so that each loaded A block feeds two macs and
// each B block two: four accumulators live at once, which is what keeps the AIE multiplier busy.
template <typename TIn, typename TOut, typename AccTag, unsigned r, unsigned s, unsigned t,
          unsigned M, unsigned K, unsigned N>
void matmul_blocked(const TIn* restrict a, const TIn* restrict b, TOut* restrict c) {
  using MMUL = aie::mmul<r, s, t, TIn, TIn, AccTag>;
  constexpr unsigned kRowBlocks = M / r;
  constexpr unsigned kDepthBlocks = K / s;
  constexpr unsigned kColBlocks = N / t;
  static_assert(M % (2 * r) == 0 && N % (2 * t) == 0 && K % s == 0,
                "matmul_blocked: M and N must hold an even number of blocks, K whole blocks");

  event0();
  AIE_PREPARE_FOR_PIPELINING
  AIE_LOOP_MIN_ITERATION_COUNT(2)
  for (unsigned rb = 0; rb < kRowBlocks; rb += 2) {
    for (unsigned cb = 0; cb < kColBlocks; cb += 2) {
      TOut* restrict c0 = c + (rb * kColBlocks + cb) * MMUL::size_C;
      TOut* restrict c1 = c0 + kColBlocks * MMUL::size_C;  // next block row
      const TIn* restrict a0 = a + rb * kDepthBlocks * MMUL::size_A;
      const TIn* restrict a1 = a0 + kDepthBlocks * MMUL::size_A;
      const TIn* restrict b0 = b + cb * MMUL::size_B;
      const TIn* restrict b1 = b0 + MMUL::size_B;

      // The running C enters the accumulators exactly (the kernel accumulates across calls).
      MMUL c00(aie::load_v<MMUL::size_C>(c0));
      MMUL c01(aie::load_v<MMUL::size_C>(c0 + MMUL::size_C));
      MMUL c10(aie::load_v<MMUL::size_C>(c1));
      MMUL c11(aie::load_v<MMUL::size_C>(c1 + MMUL::size_C));

      AIE_PREPARE_FOR_PIPELINING
      AIE_LOOP_MIN_ITERATION_COUNT(1)
      for (unsigned kb = 0; kb < kDepthBlocks; ++kb) {
        const aie::vector<TIn, MMUL::size_A> av0 = aie::load_v<MMUL::size_A>(a0);
        const aie::vector<TIn, MMUL::size_A> av1 = aie::load_v<MMUL::size_A>(a1);
        const aie::vector<TIn, MMUL::size_B> bv0 = aie::load_v<MMUL::size_B>(b0);
        const aie::vector<TIn, MMUL::size_B> bv1 = aie::load_v<MMUL::size_B>(b1);
        a0 += MMUL::size_A;
        a1 += MMUL::size_A;
        b0 += kColBlocks * MMUL::size_B;  // next block row of B
        b1 += kColBlocks * MMUL::size_B;
        c00.mac(av0, bv0);
        c01.mac(av0, bv1);
        c10.mac(av1, bv0);
        c11.mac(av1, bv1);
      }

      aie::store_v(c0, c00.template to_vector<TOut>());
      aie::store_v(c0 + MMUL::size_C, c01.template to_vector<TOut>());
      aie::store_v(c1, c10.template to_vector<TOut>());
      aie::store_v(c1 + MMUL::size_C, c11.template to_vector<TOut>());
    }
  }
  event1();
}

template <unsigned M, unsigned K, unsigned N>
void matmul_i16_i32_tile(const int16_t* a, const int16_t* b, int32_t* c) {
  matmul_blocked<int16, int32, acc32, 4, 4, 4, M, K, N>(a, b, c);
}

template <unsigned M, unsigned K, unsigned N>
void matmul_bf16_f32_tile(const bfloat16* a, const bfloat16* b, float* c) {
  matmul_blocked<bfloat16, float, accfloat, 4, 8, 4, M, K, N>(a, b, c);
}

template <unsigned M, unsigned K, unsigned N>
void matmul_bf16_bf16_tile(const bfloat16* a, const bfloat16* b, bfloat16* c) {
  matmul_blocked<bfloat16, bfloat16, accfloat, 4, 8, 4, M, K, N>(a, b, c);
}

}  // namespace

extern "C" {

void matmul_i16_i32(const int16_t* a, const int16_t* b, int32_t* c) {
  matmul_i16_i32_tile<64, 64, 64>(a, b, c);
}
void matmul_i16_i32_32x32x32(const int16_t* a, const int16_t* b, int32_t* c) {
  matmul_i16_i32_tile<32, 32, 32>(a, b, c);
}
void matmul_bf16_f32(const bfloat16* a, const bfloat16* b, float* c) {
  matmul_bf16_f32_tile<64, 64, 64>(a, b, c);
}
void matmul_bf16_f32_32x32x32(const bfloat16* a, const bfloat16* b, float* c) {
  matmul_bf16_f32_tile<32, 32, 32>(a, b, c);
}
void matmul_bf16_bf16(const bfloat16* a, const bfloat16* b, bfloat16* c) {
  matmul_bf16_bf16_tile<64, 64, 64>(a, b, c);
}
void matmul_bf16_bf16_32x32x32(const bfloat16* a, const bfloat16* b, bfloat16* c) {
  matmul_bf16_bf16_tile<32, 32, 32>(a, b, c);
}

}  // extern "C"
