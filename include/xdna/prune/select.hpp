// Selection policies: which channels / keys survive, decided by the operator library's collapse
// family (ops/selection.hpp) so that the same decision can run on the CPU or on the emulated NPU.
//
// Importances are fp32; the NPU selects on bf16 with thresholds that travel as Q8 integers
// (q = round(t * 256)). We bridge the two like this:
// 1. Every importance is multiplied by one power of two 2^k and rounded to bf16 (round to
//    nearest, ties to even). Scaling by 2^k is exact, so it changes no ordering; it only moves
//    the threshold into [64, 128), where Q8 resolves it to 1/256 (relative error <= 2^-15)
//    instead of losing small thresholds to zero.
// 2. The bf16 rounding keeps 8 significant bits. Importances that differ in fp32 but round to
//    the same bf16 value become ties, and ties at the threshold are all kept (x >= t). A
//    selection can therefore keep slightly more than asked (about 0.4% of a bucket's width per
//    octave); the survivors returned are the ones actually used, so every reported sparsity or
//    skipped-work number is measured, not the nominal target.
// 3. Values that overflow bf16 after scaling become +inf and are kept (they are above any finite
//    threshold); values that underflow become 0 and are dropped unless the threshold is 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "xdna/ops/backend.hpp"

namespace xdna::prune {

struct Survivors {
  std::vector<std::uint32_t> indices;  // ascending
  float threshold = 0;                 // applied threshold, in importance units
};

// Keep importance >= tau. Importances must be finite (InputError otherwise).
Survivors select_at_least(std::span<const float> importance, float tau, ops::Backend backend);

// Keep the `count` largest importances (more when bf16 ties straddle the threshold); count = 0
// keeps nothing, count >= size keeps everything.
Survivors select_top_count(std::span<const float> importance, std::size_t count,
                           ops::Backend backend);

// Keep the largest fraction `keep` in [0, 1] of the importances: count = round(keep * size).
Survivors select_top_fraction(std::span<const float> importance, double keep, ops::Backend backend);

// The seed's dynamic threshold: keep importance >= frac * max(importance) (pse_collapse).
Survivors select_fraction_of_peak(std::span<const float> importance, float frac,
                                  ops::Backend backend);

// Per-token magnitude: keep |x[i]| >= tau (TEAL-style, tau calibrated per layer).
Survivors select_magnitude_at_least(std::span<const float> x, float tau, ops::Backend backend);

// Same, writing into a reusable buffer (decode loops call this once per projection per token).
void select_magnitude_at_least(std::span<const float> x, float tau, ops::Backend backend,
                               std::vector<std::uint32_t>& indices);

// Per-token magnitude top-k: the `count` largest |x[i]|.
void select_magnitude_top_count(std::span<const float> x, std::size_t count, ops::Backend backend,
                                std::vector<std::uint32_t>& indices);

}  // namespace xdna::prune
