// filter2d 3x3 line kernel (contract in vision_kernels.h): interior columns 32 at a time, one
// int8-tap x uint8-pixel mac per nonzero tap into 32-bit lanes; the two border columns (and a
// tail shorter than a vector) are computed one pixel at a time with replicated neighbours.
#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

#include "vision_kernels.h"

namespace {

// Output column j (0 <= j < width) with neighbour columns clamped into the line.
int32_t filter_sum_at(const uint8_t* const rows[3], int32_t width, int32_t j, const int8_t* taps) {
  int32_t sum = 0;
  for (int32_t r = 0; r < 3; ++r) {
    for (int32_t c = 0; c < 3; ++c) {
      int32_t col = j + c - 1;
      col = col < 0 ? 0 : col >= width ? width - 1 : col;
      sum += taps[3 * r + c] * rows[r][col];
    }
  }
  return sum;
}

}  // namespace

extern "C" {

void filter2d_3x3_line_u8(const uint8_t* restrict above, const uint8_t* restrict centre,
                          const uint8_t* restrict below, uint8_t* restrict out, int32_t width,
                          const int8_t* restrict taps) {
  constexpr int32_t kLanes = 32;
  constexpr unsigned kShift = 4;  // Q12 coefficients used as (c >> 8): 12 - 8 fraction bits left
  event0();
  const uint8_t* const rows[3] = {above, centre, below};
  // Interior vectors: output columns [j, j + 32) read columns j - 1 .. j + 32, all inside the line.
  int32_t j = 1;
  AIE_PREPARE_FOR_PIPELINING
  for (; j + kLanes + 1 <= width; j += kLanes) {
    aie::accum<acc32, kLanes> acc = aie::zeros<acc32, kLanes>();
    for (int32_t r = 0; r < 3; ++r) {
      for (int32_t c = 0; c < 3; ++c) {
        const int8_t k = taps[3 * r + c];
        if (k == 0) continue;  // the Laplacian has four zero taps
        acc = aie::mac(acc, aie::broadcast<int8_t, kLanes>(k),
                       aie::load_unaligned_v<kLanes>(rows[r] + j - 1 + c));
      }
    }
    aie::store_unaligned_v(out + j,
                           xdna_kernels::vision::floor_shift_clamp_u8<kLanes>(acc, kShift));
  }
  for (; j < width; ++j) {  // interior tail and the right border column
    out[j] =
        xdna_kernels::vision::floor_shift_clamp_u8(filter_sum_at(rows, width, j, taps), kShift);
  }
  out[0] = xdna_kernels::vision::floor_shift_clamp_u8(filter_sum_at(rows, width, 0, taps), kShift);
  event1();
}

}  // extern "C"
