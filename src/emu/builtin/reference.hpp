// Host references for the built-in designs: plain scalar code written from the documented
// semantics (FACTS §2-§3, kernels/aie2/kernels.h), sharing nothing with the AIE API or kernels.
#pragma once

#include <cstdint>
#include <vector>

namespace xdna::emu::reference {

// bf16 as raw bits; round-to-nearest-even from float, exact widening to float.
std::uint16_t bf16_from_float(float f);
float bf16_to_float(std::uint16_t bits);

// srs with positive_inf rounding (halves toward +inf) and saturation to int16.
std::vector<std::int16_t> vector_scale(const std::vector<std::int16_t>& in, std::int32_t factor,
                                       std::int32_t shift);

// collapse_fused over the whole vector (one tile or many: the cross-tile design gives the same
// bits).
std::vector<std::uint16_t> collapse_fused(const std::vector<std::uint16_t>& in,
                                          std::int32_t frac_q8);

// C = A * B with int32 wrap-around (the kernel's acc32 lanes wrap modulo 2^32).
std::vector<std::int32_t> matmul_i16(const std::vector<std::int16_t>& a,
                                     const std::vector<std::int16_t>& b, std::int64_t M,
                                     std::int64_t K, std::int64_t N);
// C = A * B for bf16 inputs whose products and partial sums are exact in fp32 (small integers),
// so the result does not depend on the summation order.
std::vector<float> matmul_bf16_exact(const std::vector<std::uint16_t>& a,
                                     const std::vector<std::uint16_t>& b, std::int64_t M,
                                     std::int64_t K, std::int64_t N);

}  // namespace xdna::emu::reference
