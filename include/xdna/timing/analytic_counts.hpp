// Op counts of kernels written down from their algorithm, for calibration workloads whose kernels
// this project does not (yet) have, and to cross-check the counts the host AIE API reports for
// the ones it has (tests/timing compares them). Each function documents the loop it counts; the
// shapes follow mlir-aie's AIE2 kernels that FACTS §4's measurements ran.
#pragma once

#include <cstdint>

#include "xdna/timing/design_timeline.hpp"

namespace xdna::timing::analytic {

// A vectorised copy of `bytes` (the passthrough kernel): one 256-bit load and one 256-bit store
// per 32 bytes.
KernelProfile copy(std::uint64_t bytes);

// C(m x n, int32) += A(m x k, int16) * B(k x n, int16) with 4x4x4 mmuls in 2x2 groups: per group
// of four C blocks, load the four accumulators (4 x 512 bits), then per k/4 step load two A and two
// B blocks (4 x 256 bits) and issue four mmuls (64 MACs each), then store the four accumulators;
// moving C into and out of the accumulators is one vector-ALU op per block each way.
KernelProfile gemm_i16_i32(int m, int k, int n);
// Zeroing an m x n int32 C tile: 256-bit stores.
KernelProfile zero_i32(int m, int n);

// Edge-detect line kernels (mlir-aie's vectorised AIE2 vision kernels), per line of `width` pixels:
// rgba2gray: per 32 pixels 4 loads (128 B RGBA), 4 shuffles (de-interleave), 3 multiplies (one per
//   channel, 32 int16 x uint8 MACs each), 1 shift-round-saturate, 1 store (32 B).
KernelProfile rgba2gray(int width);
// filter2d 3x3: per 32 pixels 6 loads (two halves of three lines), 3 shuffles (window shift),
//   3 sliding multiplies (32 lanes x 8 points int8 x uint8), 1 SRS, 1 store.
KernelProfile filter2d(int width);
// threshold (uint8, 64 lanes): per 64 pixels 1 load (512 bits), compare + select, 1 store.
KernelProfile threshold(int width);
// gray2rgba: per 32 pixels 1 load, 4 shuffles (interleave), 2 stores of 512 bits.
KernelProfile gray2rgba(int width);
// addWeighted on RGBA bytes: per 32 bytes 2 loads, 1 multiply (2 x 32 int16 x uint8 MACs), 1 SRS,
//   1 store.
KernelProfile add_weighted(int width);

}  // namespace xdna::timing::analytic
