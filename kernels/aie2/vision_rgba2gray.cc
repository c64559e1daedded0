// rgba2gray line kernel (contract in vision_kernels.h): 32 pixels per step, channels separated by
// even/odd filtering of the interleaved bytes, weights in int16 lanes times uint8 channels into
// 32-bit accumulator lanes.
#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

#include "vision_kernels.h"

namespace {

constexpr int16_t kWeightR = 9798;   // round(0.299 * 2^15)
constexpr int16_t kWeightG = 19235;  // round(0.587 * 2^15)
constexpr int16_t kWeightB = 3736;   // round(0.114 * 2^15)
constexpr int32_t kHalf = 1 << 14;   // rounds the >> 15 to nearest

}  // namespace

extern "C" {

void rgba2gray_line_u8(const uint8_t* restrict rgba, uint8_t* restrict gray, int32_t width) {
  constexpr int32_t kLanes = 32;
  event0();
  const aie::vector<int16_t, kLanes> wr = aie::broadcast<int16_t, kLanes>(kWeightR);
  const aie::vector<int16_t, kLanes> wg = aie::broadcast<int16_t, kLanes>(kWeightG);
  const aie::vector<int16_t, kLanes> wb = aie::broadcast<int16_t, kLanes>(kWeightB);
  const aie::vector<int32_t, kLanes> half = aie::broadcast<int32_t, kLanes>(kHalf);
  int32_t j = 0;
  AIE_PREPARE_FOR_PIPELINING
  for (; j + kLanes <= width; j += kLanes) {
    const aie::vector<uint8_t, 4 * kLanes> px = aie::load_v<4 * kLanes>(rgba + 4 * j);
    const aie::vector<uint8_t, 2 * kLanes> rb = aie::filter_even(px, 1);  // R B R B ...
    const aie::vector<uint8_t, 2 * kLanes> ga = aie::filter_odd(px, 1);   // G A G A ...
    aie::accum<acc32, kLanes> acc(half);
    acc = aie::mac(acc, wr, aie::filter_even(rb, 1));
    acc = aie::mac(acc, wg, aie::filter_even(ga, 1));
    acc = aie::mac(acc, wb, aie::filter_odd(rb, 1));
    aie::store_v(gray + j, xdna_kernels::vision::floor_shift_clamp_u8<kLanes>(acc, 15));
  }
  for (; j < width; ++j) {  // tail of fewer than 32 pixels
    const uint8_t* p = rgba + 4 * j;
    const int32_t y = p[0] * kWeightR + p[1] * kWeightG + p[2] * kWeightB + kHalf;
    gray[j] = xdna_kernels::vision::floor_shift_clamp_u8(y, 15);
  }
  event1();
}

}  // extern "C"
