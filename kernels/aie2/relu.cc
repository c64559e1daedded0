// ReLU on bf16 vectors. Written as compare + select rather than max(x, 0) so that -0 and NaN
// have a defined result (+0) whatever max does on equal or unordered lanes. Contract in
// kernels.h.
#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

#include "kernels.h"

extern "C" {

void relu_bf16(const bfloat16* restrict in, bfloat16* restrict out, int32_t n) {
  event0();
  constexpr int32_t kLanes = 32;
  const aie::vector<bfloat16, kLanes> zero_v = aie::zeros<bfloat16, kLanes>();
  AIE_PREPARE_FOR_PIPELINING
  AIE_LOOP_MIN_ITERATION_COUNT(1)
  for (int32_t i = 0; i < n; i += kLanes) {
    const aie::vector<bfloat16, kLanes> x = aie::load_v<kLanes>(in + i);
    aie::store_v(out + i, aie::select(zero_v, x, aie::lt(zero_v, x)));
  }
  event1();
}

}  // extern "C"
