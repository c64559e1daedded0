// addWeighted line kernel (contract in vision_kernels.h): 32 bytes per step, Q14 weights in
// int16 lanes times uint8 bytes into 32-bit accumulator lanes that start at gamma.
#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

#include "vision_kernels.h"

extern "C" {

void add_weighted_line_u8(const uint8_t* restrict a, const uint8_t* restrict b,
                          uint8_t* restrict out, int32_t bytes, int16_t alpha, int16_t beta,
                          uint8_t gamma) {
  constexpr int32_t kLanes = 32;
  constexpr unsigned kShift = 14;  // Q14 weights
  event0();
  const aie::vector<int16_t, kLanes> al = aie::broadcast<int16_t, kLanes>(alpha);
  const aie::vector<int16_t, kLanes> be = aie::broadcast<int16_t, kLanes>(beta);
  const aie::vector<int32_t, kLanes> ga = aie::broadcast<int32_t, kLanes>(gamma);
  int32_t i = 0;
  AIE_PREPARE_FOR_PIPELINING
  for (; i + kLanes <= bytes; i += kLanes) {
    aie::accum<acc32, kLanes> acc(ga);
    acc = aie::mac(acc, al, aie::load_v<kLanes>(a + i));
    acc = aie::mac(acc, be, aie::load_v<kLanes>(b + i));
    aie::store_v(out + i, xdna_kernels::vision::floor_shift_clamp_u8<kLanes>(acc, kShift));
  }
  for (; i < bytes; ++i) {  // tail of fewer than 32 bytes
    const int32_t v = a[i] * alpha + b[i] * beta + gamma;
    out[i] = xdna_kernels::vision::floor_shift_clamp_u8(v, kShift);
  }
  event1();
}

}  // extern "C"
