// Entry points of the edge-detect pipeline's line kernels (kernels/aie2/vision_*.cc), FACTS §6:
// one call transforms one image line, in the exact integer arithmetic documented in
// include/xdna/ops/vision.hpp. The threshold stage is threshold_u8 (kernels.h, type 0 = binary).
//
// Conventions
//   - `width` counts pixels (gray lines hold `width` bytes, RGBA lines 4 * `width`); any
//     width >= 1 works (filter2d: >= 3). Whole 32-pixel groups run as vectors, the rest of the
//     line as a short tail, so no caller has to pad lines.
//   - Buffers start 32-byte aligned (the design's line buffers are); in and out never overlap.
//   - No result depends on the core's rounding or saturation registers: every shift is an exact
//     floor (an arithmetic downshift of the 32-bit sum) and every clamp is explicit, so the
//     kernels give the same bits whatever prologue the design chose.
#ifndef XDNA_KERNELS_AIE2_VISION_KERNELS_H
#define XDNA_KERNELS_AIE2_VISION_KERNELS_H

#include <stdint.h>

#include <aie_api/aie.hpp>

extern "C" {

// gray = (R*9798 + G*19235 + B*3736 + 2^14) >> 15 for each RGBA pixel (alpha ignored).
void rgba2gray_line_u8(const uint8_t* rgba, uint8_t* gray, int32_t width);

// out[j] = clamp((sum over r, c of taps[3r + c] * row_r[j - 1 + c]) >> 4, 0, 255) with rows
// (above, centre, below); a column outside the line replicates the edge pixel. The top/bottom
// border is the caller's: it passes the first (last) line again as `above` (`below`).
void filter2d_3x3_line_u8(const uint8_t* above, const uint8_t* centre, const uint8_t* below,
                          uint8_t* out, int32_t width, const int8_t* taps);

// rgba[4j..4j+3] = (gray[j], gray[j], gray[j], 255).
void gray2rgba_line_u8(const uint8_t* gray, uint8_t* rgba, int32_t width);

// out[i] = clamp((a[i]*alpha + b[i]*beta + gamma) >> 14, 0, 255) over `bytes` bytes (alpha and
// beta in Q14; gamma enters before the shift).
void add_weighted_line_u8(const uint8_t* a, const uint8_t* b, uint8_t* out, int32_t bytes,
                          int16_t alpha, int16_t beta, uint8_t gamma);

}  // extern "C"

namespace xdna_kernels::vision {

// Exact 32-bit lane sums to bytes: floor shift, clamp to [0, 255], then through the SRS unit
// with shift 0 (no rounding; the values already fit, so saturation cannot act).
template <unsigned Lanes>
inline aie::vector<uint8_t, Lanes> floor_shift_clamp_u8(const aie::accum<acc32, Lanes>& sum,
                                                        unsigned shift) {
  aie::vector<int32_t, Lanes> v = aie::downshift(sum.template to_vector<int32_t>(0), shift);
  v = aie::min(aie::max(v, 0), 255);
  return aie::accum<acc32, Lanes>(v).template to_vector<uint8_t>(0);
}

// The same for one scalar (line tails).
inline uint8_t floor_shift_clamp_u8(int32_t sum, unsigned shift) {
  const int32_t v = sum >> shift;  // arithmetic shift: floor
  return static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
}

}  // namespace xdna_kernels::vision

#endif  // XDNA_KERNELS_AIE2_VISION_KERNELS_H
