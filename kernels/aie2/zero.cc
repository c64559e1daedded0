// Zeroes a GEMM C tile before the first matmul_* call of a K loop. Contract in kernels.h.
#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

#include "kernels.h"

namespace {

template <typename T, unsigned Elems>
void zero_tile(T* restrict c) {
  constexpr unsigned kLanes = 512 / (8 * sizeof(T));  // one native register
  static_assert(Elems % kLanes == 0, "zero_tile: the tile must be whole registers");
  const aie::vector<T, kLanes> zeros = aie::zeros<T, kLanes>();
  AIE_PREPARE_FOR_PIPELINING
  AIE_LOOP_MIN_ITERATION_COUNT(1)
  for (unsigned i = 0; i < Elems; i += kLanes) aie::store_v(c + i, zeros);
}

}  // namespace

extern "C" {

void zero_i32(int32_t* c) {
  zero_tile<int32, 64 * 64>(c);
}
void zero_f32(float* c) {
  zero_tile<float, 64 * 64>(c);
}
void zero_bf16(bfloat16* c) {
  zero_tile<bfloat16, 64 * 64>(c);
}
void zero_i32_32x32(int32_t* c) {
  zero_tile<int32, 32 * 32>(c);
}
void zero_f32_32x32(float* c) {
  zero_tile<float, 32 * 32>(c);
}
void zero_bf16_32x32(bfloat16* c) {
  zero_tile<bfloat16, 32 * 32>(c);
}

}  // extern "C"
