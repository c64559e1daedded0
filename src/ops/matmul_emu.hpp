// Emulator paths of matmul (internal to ops/): the GEMM kernels of kernels/aie2 on the tile-array
// emulator, the problem blocked on the host into tile-sized pieces.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "xdna/ops/matmul.hpp"

namespace xdna::ops::emu {

std::vector<std::int32_t> matmul_i16(std::span<const std::int16_t> a,
                                     std::span<const std::int16_t> b, MatmulShape s);
std::vector<float> matmul_bf16(std::span<const bfloat16> a, std::span<const bfloat16> b,
                               MatmulShape s);

}  // namespace xdna::ops::emu
