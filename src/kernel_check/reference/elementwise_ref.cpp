// Scalar references for reverse, reduce_max, relu and threshold.
#include "reference/elementwise_ref.hpp"

namespace xdna::kref {

std::vector<bf16_bits> reverse32(std::span<const bf16_bits> x) {
  std::vector<bf16_bits> out(x.size());
  for (std::size_t i = 0; i + 32 <= x.size(); i += 32)
    for (std::size_t j = 0; j < 32; ++j) out[i + j] = x[i + 31 - j];
  return out;
}

bf16_bits max_of(std::span<const bf16_bits> x, bf16_bits seed) {
  bf16_bits best = seed;
  for (bf16_bits v : x)
    if (to_float(v) > to_float(best)) best = v;
  return best;
}

std::vector<bf16_bits> relu(std::span<const bf16_bits> x) {
  std::vector<bf16_bits> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = to_float(x[i]) > 0.0f ? x[i] : 0;
  return out;
}

std::optional<std::vector<std::uint8_t>> threshold_u8(std::span<const std::uint8_t> x,
                                                      std::uint8_t thresh, std::uint8_t maxval,
                                                      int type) {
  if (type < 0 || type > 4) return std::nullopt;
  std::vector<std::uint8_t> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::uint8_t v = x[i];
    const bool above = v > thresh;
    switch (type) {
      case 0:
        out[i] = above ? maxval : 0;
        break;
      case 1:
        out[i] = above ? 0 : maxval;
        break;
      case 2:
        out[i] = above ? thresh : v;
        break;
      case 3:
        out[i] = above ? v : 0;
        break;
      default:
        out[i] = above ? 0 : v;
        break;
    }
  }
  return out;
}

}  // namespace xdna::kref
