// Matrix multiply C = A * B (row-major A[M x K], B[K x N], C[M x N]) for any M, K, N >= 1, on
// the CPU fast path or the emulator (the NPU GEMM kernels, host-blocked into tile-sized pieces).
//
// Arithmetic contract (identical on every backend; docs/ops/matmul.md):
//  - int16 x int16 -> int32: the exact sum of products modulo 2^32 (two's complement wrap on
//    overflow, as the kernel's accumulator stored with the core's reset saturation mode "none").
//  - bf16 x bf16 -> fp32: C[i][j] = fold over k = 0..K-1 in increasing order of
//    acc = flush(acc + flush(a[i][k] * b[k][j])), starting from acc = +0, with every fp32
//    addition rounded to nearest even and flush() turning subnormals into a signed zero (the AIE2
//    float datapath has no subnormals; bf16 subnormal inputs count as zero). Products of two
//    bf16 are exact in fp32 unless they fall below the normal range. A zero result is reported
//    as +0 (the emulator pads K to whole tiles with +0 products, which turns a -0 sum into +0;
//    the CPU canonicalises the same way). NaN results are NaN on every backend, but their
//    sign/payload bits are not part of the contract.
//  - bf16 out: the fp32 result above, rounded once to bf16 on the host (nearest even; NaN stays
//    NaN). The emulator runs the fp32-output kernel: the bf16-output kernel rounds once per
//    64-deep K block, which would make the result depend on the blocking.
//  - emu: the npu1 array (4 x 4 cores, 32- or 64-wide tiles), the problem cut on the host into
//    pieces of at most 8 row blocks x 16 column blocks of the array, each padded with zeros.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "aie_api/detail/bfloat16.hpp"
#include "xdna/ops/backend.hpp"

namespace xdna::ops {

struct MatmulShape {
  std::size_t m = 0, k = 0, n = 0;
};

// Throws InputError if a dimension is 0, a product overflows, or a/b do not hold m*k / k*n.
void check_matmul_operands(std::size_t a_size, std::size_t b_size, MatmulShape s);

std::vector<std::int32_t> matmul_i16(std::span<const std::int16_t> a,
                                     std::span<const std::int16_t> b, MatmulShape s,
                                     Backend backend);

std::vector<float> matmul_bf16(std::span<const bfloat16> a, std::span<const bfloat16> b,
                               MatmulShape s, Backend backend);

std::vector<bfloat16> matmul_bf16_out(std::span<const bfloat16> a, std::span<const bfloat16> b,
                                      MatmulShape s, Backend backend);

}  // namespace xdna::ops
