// The designs behind FACTS §4's measurements, as timelines: the timing model's calibration
// workloads (tests/timing) and the NPU-projected rows of `xdna bench`. Each mirrors the dataflow
// of the mlir-aie design the seed ran (tiles, fifos and their depths, runtime sequence); kernel op
// counts are passed in, so a caller can use the counts the host AIE API reports for this project's
// kernels or the analytic counts of analytic_counts.hpp.
#pragma once

#include <cstdint>

#include "xdna/timing/design_timeline.hpp"

namespace xdna::timing::reference {

// shim -> core -> shim, one element each way, a copy kernel in the middle (2 host buffers).
DesignTimeline passthrough(std::uint64_t bytes, const KernelProfile& copy, const DeviceRates& rates,
                           const TimingParams& params);

// One kernel call on one core between a shim input and a shim output, with `host_buffers` host
// buffers (e.g. 3 for collapse_fused: input, output, the Q8 runtime parameter).
DesignTimeline single_tile(std::uint64_t in_bytes, std::uint64_t out_bytes,
                           const KernelProfile& kernel, int host_buffers, const DeviceRates& rates,
                           const TimingParams& params);

// mlir-aie single_core GEMM: C (M x N) = A (M x K) * B (K x N), int16 in, int32 out, tiles
// m x k x n. A and B tiles stream shim -> mem tile -> core through 2-deep fifos (one channel
// each); per C tile the core zeroes C, then calls the micro-kernel once per K tile; C leaves
// core -> mem tile -> shim through 2-deep fifos. M, K, N must be multiples of the tile.
struct GemmShape {
  int M = 512, K = 512, N = 512;
  int m = 32, k = 32, n = 32;
  int in_bytes = 2, out_bytes = 4;  // int16 in, int32 out
};
DesignTimeline gemm_single_core(const GemmShape& shape, const KernelProfile& matmul,
                                const KernelProfile& zero, const DeviceRates& rates,
                                const TimingParams& params);

// mlir-aie edge_detect on one column, line by line: RGBA lines shim -> mem tile, broadcast to
// core 2 (rgba2gray, 2-deep) and core 5 (7-deep); core 3 filter2d over a 3-line window (4-deep),
// core 4 threshold, core 5 gray2rgba then addWeighted; out core 5 -> mem tile -> shim (2-deep).
struct EdgeDetectKernels {
  KernelProfile rgba2gray, filter2d, threshold, gray2rgba, add_weighted;
};
EdgeDetectKernels analytic_edge_detect_kernels(int width);
DesignTimeline edge_detect(int width, int height, const EdgeDetectKernels& kernels,
                           const DeviceRates& rates, const TimingParams& params);

}  // namespace xdna::timing::reference
