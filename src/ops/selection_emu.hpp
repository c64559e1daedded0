// Emulator paths of the selection operators (internal to ops/): the NPU kernels in dataflow
// designs on the tile-array emulator. Inputs are already validated and quantised.
#pragma once

#include <cstdint>
#include <span>

#include "xdna/ops/selection.hpp"

namespace xdna::ops::emu {

CollapseResult collapse(std::span<const bfloat16> x, std::int32_t tau_q8);
CollapseResult collapse_fused(std::span<const bfloat16> x, std::int32_t frac_q8);
CompactResult compact(std::span<const bfloat16> x, std::int32_t tau_q8);
CompactResult pse_collapse(std::span<const bfloat16> x, std::int32_t frac_q8);
bfloat16 reduce_max(std::span<const bfloat16> x);
bfloat16 topk_threshold(std::span<const bfloat16> x, std::size_t count);

}  // namespace xdna::ops::emu
