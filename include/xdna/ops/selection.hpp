// Selection operators (the collapse family, FACTS §3) on bf16 vectors of any length.
//
// Runtime scalars travel to the NPU as one int32 in Q8 (value = q / 256). The ops take a float
// and quantise it once, q = round(x * 256), so that every backend sees the same threshold; the
// quantised value is reported back in the result.
//
// Special values (the same on every backend; docs/ops/selection.md has the table):
//  - NaN never survives any threshold.
//  - +inf survives every finite threshold; -inf never survives (thresholds from to_q8 are
//    finite). A threshold derived from the peak can be +inf or NaN (peak +inf and frac 0 gives
//    0 * inf = NaN): then only +inf survives, or nothing.
//  - collapse subtracts on the NPU's float datapath, which flushes subnormals: with tau = 0 a
//    negative subnormal x counts as -0 and is kept (compact compares exactly and drops it).
//  - The peak (collapse_fused, pse_collapse, reduce_max) is defined by how the NPU designs
//    compute it (lane-wise running max with aie::max's rule, a halving tree, chunks of the
//    vector on up to 4 tiles, partials combined in order; src/ops/selection_plan.hpp). For
//    NaN-free input that is the maximum of the start value and the elements; NaNs follow the
//    lane rule (a NaN lane is replaced by the next element of that lane), identically on every
//    backend.
//  - The fused peak starts at bf16(-1e30) as the kernels' running max does, so a vector whose
//    values are all below -1e30 has peak bf16(-1e30); reduce_max starts at the lowest finite
//    bf16 (-3.39e38), so an all -inf vector reports -3.39e38, as the kernel does.
//  - Empty input is refused (InputError). Any N is accepted; the NPU layout pads to whole
//    chunks of 32-lane vectors with -inf, which can never survive.
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
  std::int32_t q8 = 0;        // the runtime parameter as sent to the kernel (tau or frac, Q8)
  float peak = 0;             // collapse_fused: the running max the threshold came from
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
  std::int32_t q8 = 0;  // the runtime parameter as sent to the kernel (tau or frac, Q8)
  float peak = 0;       // pse_collapse: the running max the threshold came from
};

// keep float(x[i]) >= tauq/256 (fp32, no bf16 rounding), packed (compact semantics)
CompactResult compact(std::span<const bfloat16> x, float tau, Backend backend);

// tau = frac * peak in fp32, then compact (pse_collapse semantics)
CompactResult pse_collapse(std::span<const bfloat16> x, float frac, Backend backend);

// collapse, collapse_fused, compact and pse_collapse also come in a form writing into `into`,
// whose vectors are reused: every field ends as the value-returning call would set it, but on the
// CPU backend storage that is already large enough is overwritten instead of allocated and
// initialised again (for compact, up to 6 bytes per element). For calls in a loop. Returns `into`.
// collapse and collapse_fused may take x = into.out (in place); for compact and pse_collapse x
// must not lie in into's vectors (InputError). If a call throws, `into` is left valid but its
// contents are unspecified.
CollapseResult& collapse(std::span<const bfloat16> x, float tau, Backend backend,
                         CollapseResult& into);
CollapseResult& collapse_fused(std::span<const bfloat16> x, float frac, Backend backend,
                               CollapseResult& into);
CompactResult& compact(std::span<const bfloat16> x, float tau, Backend backend,
                       CompactResult& into);
CompactResult& pse_collapse(std::span<const bfloat16> x, float frac, Backend backend,
                            CompactResult& into);

// The threshold that keeps exactly `count` survivors under x >= tau when values are distinct
// (ties at the threshold are all kept and reported by collapse's survivor count).
// It is the count-th largest non-NaN element (a zero reported as +0); 1 <= count <= (non-NaN
// elements), else InputError. On the emulator the host bisects over the bf16 values and each
// probe counts survivors with the compaction kernel (about 16 emulator runs).
bfloat16 topk_threshold(std::span<const bfloat16> x, std::size_t count, Backend backend);

// max(lowest finite bf16, x...) as reduce_max_bf16 computes it (see "The peak" above).
bfloat16 reduce_max(std::span<const bfloat16> x, Backend backend);

// The fused kernels' starting peak, bf16(-1e30).
inline constexpr std::uint16_t kPeakFloorBits = bfloat16::round_from_float(-1e30f);

}  // namespace xdna::ops
