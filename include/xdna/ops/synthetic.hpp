// Deterministic inputs for `xdna run` without --input and for benchmarks: the same seed gives the
// same bytes on every platform (own generator, no std:: distributions, whose output is
// implementation-defined).
#pragma once

#include <cstdint>
#include <vector>

#include "aie_api/detail/bfloat16.hpp"
#include "xdna/ops/image.hpp"

namespace xdna::ops {

// bf16 values ~ N(0, 1) (Box-Muller over splitmix64).
std::vector<bfloat16> synthetic_bf16(std::size_t n, std::uint64_t seed);

// int16 values uniform in [lo, hi].
std::vector<std::int16_t> synthetic_i16(std::size_t n, std::uint64_t seed, int lo, int hi);

// A smooth scene (gradient sky, hills, soft discs) with mild noise: edges where a photo has them.
ImageRgba synthetic_image(std::size_t width, std::size_t height, std::uint64_t seed);

}  // namespace xdna::ops
