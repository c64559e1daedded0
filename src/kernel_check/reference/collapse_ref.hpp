// Scalar references for the collapse-family kernels, written from FACTS §3 (and kernels.h), one
// lane at a time, with no use of the host AIE API they check.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "reference/bf16_bits.hpp"

namespace xdna::kref {

// x >= bf16(0.5) ? x : +0
std::vector<bf16_bits> collapse(std::span<const bf16_bits> x);

// tau = bf16(q/256) (nearest even); d = narrow(float(x) - float(tau)) under `sub_rounding`;
// keep when float(d) >= 0.
std::vector<bf16_bits> collapse_rt(std::span<const bf16_bits> x, std::int32_t tau_q8,
                                   Bf16Rounding sub_rounding);

// max(bf16(-1e30), x...): the pass-1 peak of collapse_fused and pse_collapse.
bf16_bits pass1_peak(std::span<const bf16_bits> x);

// tau = bf16((q/256) * float(peak)) nearest even; x >= tau ? x : +0.
std::vector<bf16_bits> collapse_with_peak(std::span<const bf16_bits> x, bf16_bits peak,
                                          std::int32_t frac_q8);
std::vector<bf16_bits> collapse_fused(std::span<const bf16_bits> x, std::int32_t frac_q8);

struct Compacted {
  std::vector<bf16_bits> out;          // survivors in order, then +0
  std::vector<std::uint32_t> indices;  // survivor positions, then 0xFFFFFFFF
  std::int32_t count = 0;
};

// keep float(x) >= tau (fp32), stable pack, zero fill.
Compacted compact_fp32(std::span<const bf16_bits> x, float tau);
Compacted compact(std::span<const bf16_bits> x, std::int32_t tau_q8);
// tau = (q/256) * float(pass1_peak(x)) in fp32, then compact.
Compacted pse_collapse(std::span<const bf16_bits> x, std::int32_t frac_q8);

}  // namespace xdna::kref
