// The edge-detect vision pipeline (FACTS §6, mlir-aie's edge_detect as the seed ran it), as the
// NPU streams it: line by line, each stage on whole lines, in exact integer arithmetic.
//
//   gray  = rgba2gray(rgba)        Y = (R*9798 + G*19235 + B*3736 + 2^14) >> 15
//                                  (weights round(0.299, 0.587, 0.114 * 2^15))
//   lap   = filter2d(gray)         3x3, Q12 coefficients c; the kernel multiplies by (c >> 8)
//                                  as int8, sums in 32 bits, shifts right by 12 - 8 = 4 (floor)
//                                  and saturates to [0, 255]; borders replicate the edge pixel
//   edge  = threshold(lap)         binary: lap > 10 ? 255 : 0
//   edge4 = gray2rgba(edge)        (e, e, e, 255)
//   out   = addWeighted(rgba, edge4)  per byte: clamp((a*alpha + b*beta + gamma) >> 14, 0, 255)
//                                  (floor shift; gamma enters before the shift as in the kernel)
// With the §6 parameters (Laplacian [[0,1,0],[1,-4,1],[0,1,0]] * 4096, alpha = beta = 16384,
// gamma = 0) the filter sum is a multiple of 16 and the blend is a saturating add, so no
// rounding mode matters anywhere in the pipeline.
#pragma once

#include <array>
#include <cstdint>

#include "xdna/ops/backend.hpp"
#include "xdna/ops/image.hpp"

namespace xdna::ops {

struct EdgeDetectParams {
  std::array<std::int16_t, 9> kernel_q12 = {0, 4096, 0, 4096, -16384, 4096, 0, 4096, 0};
  std::uint8_t threshold = 10;
  std::uint8_t max_value = 255;
  std::int16_t alpha_q14 = 16384;
  std::int16_t beta_q14 = 16384;
  std::uint8_t gamma = 0;
};

// Throws InputError for an image smaller than 3 x 3 or whose pixel buffer size is wrong.
ImageRgba edge_detect(const ImageRgba& image, Backend backend, const EdgeDetectParams& params = {});

// The same into `out`, reusing its pixel buffer (for frame loops). `out` must not be `image`.
void edge_detect(const ImageRgba& image, ImageRgba& out, Backend backend,
                 const EdgeDetectParams& params = {});

}  // namespace xdna::ops
