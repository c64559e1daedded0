// bf16 as raw bits, for the scalar references of the kernels (src/kernel_check/reference/).
//
// The references must not lean on the host AIE API they check, so they carry their own bf16:
// a uint16_t holding the upper half of an IEEE binary32, with conversions written here from the
// IEEE definitions.
#pragma once

#include <cstdint>

namespace xdna::kref {

using bf16_bits = std::uint16_t;

// The AIE2 shift-round-saturate rounding modes a float -> bf16 narrowing can use, as the
// aie_api documents them (FACTS §2), restricted to the ones the kernels' tests exercise.
enum class Bf16Rounding {
  floor,            // toward -inf (the core's reset default)
  ceil,             // toward +inf
  nearest_even,     // conv_even; also what the compiler's scalar float -> bf16 does
  half_toward_pos,  // positive_inf: nearest, ties toward +inf
};

float to_float(bf16_bits b);
bf16_bits to_bf16(float f, Bf16Rounding mode = Bf16Rounding::nearest_even);

// Q8 runtime scalar as the kernels decode it: q / 256 in fp32.
float q8_value(std::int32_t q);

bool is_nan(bf16_bits b);

}  // namespace xdna::kref
