// Parameterised dataflow designs that ship with the emulator, as plain builders: operators
// (ops/) and benchmarks build them with their own sizes, run them with emu::run() and read the
// outputs. Each builder checks its parameters (InputError naming the parameter) and documents
// its runtime buffers in order. The designs bind kernels from kernels/aie2.
#pragma once

#include <cstdint>

#include "xdna/arch/device.hpp"
#include "xdna/design/design.hpp"

namespace xdna::emu::designs {

// shim(0) -> core(0,2) passthrough_i32 -> shim(0). Buffers: in i32[n], out i32[n].
// n a multiple of `chunk`, chunk a multiple of 16.
design::Design passthrough(const arch::Device& dev, std::int64_t n, std::int64_t chunk = 1024);

// out = srs(in * factor, shift) on int16 with the integer prologue (positive_inf rounding,
// saturation). Buffers: in i16[n], out i16[n]. chunk a multiple of 32.
design::Design vector_scale(const arch::Device& dev, std::int64_t n, std::int64_t chunk,
                            std::int32_t factor, std::int32_t shift);

// Single tile collapse_fused_bf16 with its Q8 fraction as a runtime parameter (bf16 prologue:
// conv_even). Buffers: in bf16[n], out bf16[n]; n <= 4096, a multiple of 32.
design::Design collapse_fused(const arch::Device& dev, std::int64_t n, std::int32_t frac_q8);

// Cross-tile reduce-then-collapse over `columns` columns: each core (c,2) takes n/columns
// elements, computes its partial max (reduce_max_running_bf16), the partials are joined on mem
// tile (0,1) and combined on core (0,3) (max_combine_bf16), the peak is broadcast back and each
// core runs collapse_peak_bf16 on its slice. Same bits as one collapse_fused over all n.
// Buffers: in bf16[n], out bf16[n].
design::Design reduce_collapse(const arch::Device& dev, std::int64_t n, int columns,
                               std::int32_t frac_q8);

enum class MatmulType { i16_i32, bf16_f32 };

// C = A * B, A M x K, B K x N row-major on the host; tiles m = k = n = `tile` (32 or 64) are
// streamed from the host through mem tile (0,1), which rearranges them into the kernel's
// blocked layout and back. Single core (0,2). Buffers: A, B, C (i32 or f32).
design::Design matmul_single(const arch::Device& dev, std::int64_t M, std::int64_t K,
                             std::int64_t N, int tile, MatmulType type);

// The same product on rows x cols cores (default the whole npu1 array, 4 x 4): A row-blocks are
// broadcast along core rows from mem tile (r,1), B column-blocks along core columns from mem tile
// (c,1), the four C tiles of a column are joined on mem tile (c,1). M a multiple of rows*tile,
// N of cols*tile.
design::Design matmul_array(const arch::Device& dev, std::int64_t M, std::int64_t K, std::int64_t N,
                            int tile, MatmulType type, int rows = 4, int cols = 4);

// Two cores that each wait for the other's output before producing their own: deadlocks on
// purpose so the diagnosis can be seen. No buffers.
design::Design deadlock_ring(const arch::Device& dev);

}  // namespace xdna::emu::designs
