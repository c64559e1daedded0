// Passthrough: copies n int32 values with 512-bit vector loads and stores. The smallest kernel
// a design can bind, used by the emulator's passthrough design and its documentation.
#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

extern "C" {

// n a positive multiple of 16; in and out 32-byte aligned, not overlapping.
void passthrough_i32(const int32_t* restrict in, int32_t* restrict out, int32_t n) {
  event0();
  constexpr int32_t kLanes = 16;
  AIE_PREPARE_FOR_PIPELINING
  AIE_LOOP_MIN_ITERATION_COUNT(1)
  for (int32_t i = 0; i < n; i += kLanes) aie::store_v(out + i, aie::load_v<kLanes>(in + i));
  event1();
}

}  // extern "C"
