// shuffle_demo: reverse the lanes of each 32-lane bf16 vector (FACTS §3). Contract in kernels.h.
#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

#include "kernels.h"

extern "C" {

void reverse_bf16(const bfloat16* restrict in, bfloat16* restrict out) {
  event0();
  constexpr int32_t kN = 1024;
  constexpr int32_t kLanes = 32;
  AIE_PREPARE_FOR_PIPELINING
  AIE_LOOP_RANGE(32, 32)
  for (int32_t i = 0; i < kN; i += kLanes) {
    aie::store_v(out + i, aie::reverse(aie::load_v<kLanes>(in + i)));
  }
  event1();
}

}  // extern "C"
