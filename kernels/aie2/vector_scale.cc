// Vector scale: out[i] = srs(in[i] * factor, shift) on int16 lanes. The multiply is exact in the
// 32-bit accumulator; the shift-round-saturate obeys the core's rounding and saturation
// registers (so the design's prologue decides how halves round and whether results clamp).
#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

extern "C" {

// n a positive multiple of 32; factor in int16 range; shift 0..31.
void vector_scale_i16(const int16_t* restrict in, int16_t* restrict out, int32_t factor,
                      int32_t shift, int32_t n) {
  event0();
  constexpr int32_t kLanes = 32;
  const int16_t f = static_cast<int16_t>(factor);
  AIE_PREPARE_FOR_PIPELINING
  AIE_LOOP_MIN_ITERATION_COUNT(1)
  for (int32_t i = 0; i < n; i += kLanes) {
    const aie::vector<int16_t, kLanes> x = aie::load_v<kLanes>(in + i);
    aie::store_v(out + i, aie::mul(x, f).template to_vector<int16_t>(shift));
  }
  event1();
}

}  // extern "C"
