// Scalar references for the collapse family. Each function is the FACTS §3 sentence, per lane.
#include "reference/collapse_ref.hpp"

namespace xdna::kref {

namespace {
constexpr bf16_bits kPositiveZero = 0x0000;

std::vector<bf16_bits> keep_at_or_above(std::span<const bf16_bits> x, float tau) {
  std::vector<bf16_bits> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = to_float(x[i]) >= tau ? x[i] : kPositiveZero;
  return out;
}
}  // namespace

std::vector<bf16_bits> collapse(std::span<const bf16_bits> x) {
  return keep_at_or_above(x, to_float(to_bf16(0.5f)));
}

std::vector<bf16_bits> collapse_rt(std::span<const bf16_bits> x, std::int32_t tau_q8,
                                   Bf16Rounding sub_rounding) {
  const float tau = to_float(to_bf16(q8_value(tau_q8)));
  std::vector<bf16_bits> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const bf16_bits d = to_bf16(to_float(x[i]) - tau, sub_rounding);
    out[i] = to_float(d) >= 0.0f ? x[i] : kPositiveZero;
  }
  return out;
}

bf16_bits pass1_peak(std::span<const bf16_bits> x) {
  bf16_bits peak = to_bf16(-1e30f);
  for (bf16_bits v : x)
    if (to_float(v) > to_float(peak)) peak = v;
  return peak;
}

std::vector<bf16_bits> collapse_with_peak(std::span<const bf16_bits> x, bf16_bits peak,
                                          std::int32_t frac_q8) {
  const bf16_bits tau = to_bf16(q8_value(frac_q8) * to_float(peak));
  return keep_at_or_above(x, to_float(tau));
}

std::vector<bf16_bits> collapse_fused(std::span<const bf16_bits> x, std::int32_t frac_q8) {
  return collapse_with_peak(x, pass1_peak(x), frac_q8);
}

Compacted compact_fp32(std::span<const bf16_bits> x, float tau) {
  Compacted r;
  r.out.assign(x.size(), kPositiveZero);
  r.indices.assign(x.size(), 0xFFFFFFFFu);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (to_float(x[i]) >= tau) {
      r.out[static_cast<std::size_t>(r.count)] = x[i];
      r.indices[static_cast<std::size_t>(r.count)] = static_cast<std::uint32_t>(i);
      ++r.count;
    }
  }
  return r;
}

Compacted compact(std::span<const bf16_bits> x, std::int32_t tau_q8) {
  return compact_fp32(x, q8_value(tau_q8));
}

Compacted pse_collapse(std::span<const bf16_bits> x, std::int32_t frac_q8) {
  return compact_fp32(x, q8_value(frac_q8) * to_float(pass1_peak(x)));
}

}  // namespace xdna::kref
