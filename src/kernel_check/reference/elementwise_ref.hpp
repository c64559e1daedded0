// Scalar references for the elementwise and reduction kernels (reverse, reduce_max, relu,
// threshold), written from kernels.h and OpenCV's documented threshold types.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "reference/bf16_bits.hpp"

namespace xdna::kref {

// out[i + j] = x[i + 31 - j] for each 32-lane group.
std::vector<bf16_bits> reverse32(std::span<const bf16_bits> x);

// max(seed, x...) by value; the earliest of equal values wins (so the sign of a zero maximum is
// the reference's own choice: compare values, not bits, when +0 and -0 both occur).
bf16_bits max_of(std::span<const bf16_bits> x, bf16_bits seed);
inline constexpr bf16_bits kLowestBf16 = 0xFF7F;  // -3.3895e38

// x > 0 ? x : +0
std::vector<bf16_bits> relu(std::span<const bf16_bits> x);

// cv::threshold on uint8 (0 binary, 1 binary_inv, 2 trunc, 3 tozero, 4 tozero_inv); nullopt for
// any other type.
std::optional<std::vector<std::uint8_t>> threshold_u8(std::span<const std::uint8_t> x,
                                                      std::uint8_t thresh, std::uint8_t maxval,
                                                      int type);

}  // namespace xdna::kref
