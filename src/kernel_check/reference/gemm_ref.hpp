// Scalar references for the GEMM micro-kernels, on ordinary row-major matrices (convert with
// gemm_layout.hpp). Each models one kernel call: C is read, the K-long products are added, C is
// written once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "reference/bf16_bits.hpp"

namespace xdna::kref {

struct GemmShape {
  std::size_t m, k, n;
};

// int16 x int16 -> int32, C += A * B. The sum is exact (int64); the store to int32 keeps the
// low 32 bits (saturation mode none, the reset default) or clamps to the int32 range
// (`saturate`).
void matmul_i16_i32(std::span<const std::int16_t> a, std::span<const std::int16_t> b,
                    std::span<std::int32_t> c, GemmShape shape, bool saturate = false);

// bf16 x bf16 with fp32 accumulation, C += A * B: every product is exact in fp32 and is added
// to the running fp32 sum one at a time, k ascending, starting from C (the host mmul's order).
void matmul_bf16_f32(std::span<const bf16_bits> a, std::span<const bf16_bits> b, std::span<float> c,
                     GemmShape shape);

// As matmul_bf16_f32 on float(C), then one narrowing to bf16 under `rounding`.
void matmul_bf16_bf16(std::span<const bf16_bits> a, std::span<const bf16_bits> b,
                      std::span<bf16_bits> c, GemmShape shape, Bf16Rounding rounding);

}  // namespace xdna::kref
