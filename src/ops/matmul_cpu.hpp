// CPU fast paths of matmul (internal to ops/): packed panels, an AVX-512 register-blocked
// micro-kernel and row blocks spread over threads. The portable forms are plain loops with the
// same arithmetic; the tests check both against an independent reference.
#pragma once

#include <cstddef>
#include <cstdint>

namespace xdna::ops::cpu {

// c[m x n] = a[m x k] * b[k x n], row-major, int32 wrap-around accumulation.
void matmul_i16_i32(const std::int16_t* a, const std::int16_t* b, std::int32_t* c, std::size_t m,
                    std::size_t k, std::size_t n);

// c[m x n] = a * b over bf16 bits with the flush-to-zero, k-ordered fp32 contract of matmul.hpp.
void matmul_bf16_f32(const std::uint16_t* a, const std::uint16_t* b, float* c, std::size_t m,
                     std::size_t k, std::size_t n);

namespace portable {
void matmul_i16_i32(const std::int16_t* a, const std::int16_t* b, std::int32_t* c, std::size_t m,
                    std::size_t k, std::size_t n);
void matmul_bf16_f32(const std::uint16_t* a, const std::uint16_t* b, float* c, std::size_t m,
                     std::size_t k, std::size_t n);
}  // namespace portable

bool matmul_simd_enabled();

// Subnormal fp32 -> signed zero (the AIE2 float datapath's rule).
float flush_subnormal(float f);

}  // namespace xdna::ops::cpu
