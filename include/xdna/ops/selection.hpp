// Selection operators (the collapse family, FACTS §3) on bf16 vectors of any length.
//
// Runtime scalars travel to the NPU as one int32 in Q8 (value = q / 256). The ops take a float
// and quantise it once, q = round(x * 256), so that every backend sees the same threshold; the
// quantised value is reported back in the result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "aie_api/detail/bfloat16.hpp"
#include "xdna/ops/backend.hpp"

namespace xdna::ops {

// q = round(x * 256) as the host encodes runtime parameters; throws InputError if out of range.
std::int32_t to_q8(float x);

struct CollapseResult {
  std::vector<bfloat16> out;  // x[i] where kept, +0 elsewhere (positional)
  std::size_t survivors = 0;  // kept lanes
  float tau = 0;              // the threshold actually applied
};

// out[i] = x[i] >= bf16(tauq/256) ? x[i] : 0  (collapse_rt semantics)
CollapseResult collapse(std::span<const bfloat16> x, float tau, Backend backend);

// tau = bf16(frac * peak) with peak = max(x); then as collapse (collapse_fused semantics)
CollapseResult collapse_fused(std::span<const bfloat16> x, float frac, Backend backend);

struct CompactResult {
  std::vector<bfloat16> out;           // survivors packed in order, then zeros
  std::size_t count = 0;               // survivors
  std::vector<std::uint32_t> indices;  // index in x of each survivor, in order
  float tau = 0;
};

// keep float(x[i]) >= tauq/256 (fp32, no bf16 rounding), packed (compact semantics)
CompactResult compact(std::span<const bfloat16> x, float tau, Backend backend);

// tau = frac * peak in fp32, then compact (pse_collapse semantics)
CompactResult pse_collapse(std::span<const bfloat16> x, float frac, Backend backend);

// The threshold that keeps exactly `count` survivors under x >= tau when values are distinct
// (ties at the threshold are all kept and reported by collapse's survivor count).
bfloat16 topk_threshold(std::span<const bfloat16> x, std::size_t count, Backend backend);

bfloat16 reduce_max(std::span<const bfloat16> x, Backend backend);

}  // namespace xdna::ops
