// The edge-detect pipeline's stages on single lines (internal to ops/), in the integer
// arithmetic documented in include/xdna/ops/vision.hpp. Each is a plain loop over a line that
// the compiler vectorises; the CPU path chains them line by line as the NPU design streams.
#pragma once

#include <cstddef>
#include <cstdint>

namespace xdna::ops::vision {

// Y = (R*9798 + G*19235 + B*3736 + 2^14) >> 15 for `width` RGBA pixels.
void rgba2gray_line(const std::uint8_t* rgba, std::uint8_t* gray, std::size_t width);

// 3x3 filter of three gray lines (above, centre, below) with int8 taps k[row*3 + col]:
// clamp((sum of taps * pixels) >> 4, 0, 255), left/right borders replicated. `acc` and `acc16`
// are scratch of `width` elements each.
void filter2d_line(const std::uint8_t* above, const std::uint8_t* centre, const std::uint8_t* below,
                   std::uint8_t* out, std::size_t width, const std::int8_t taps[9],
                   std::int32_t* acc, std::int16_t* acc16);

// out = in > thresh ? maxval : 0
void threshold_binary_line(const std::uint8_t* in, std::uint8_t* out, std::size_t width,
                           std::uint8_t thresh, std::uint8_t maxval);

// (g, g, g, 255) per pixel
void gray2rgba_line(const std::uint8_t* gray, std::uint8_t* rgba, std::size_t width);

// clamp((a*alpha + b*beta + gamma) >> 14, 0, 255) over `bytes` bytes
void add_weighted_line(const std::uint8_t* a, const std::uint8_t* b, std::uint8_t* out,
                       std::size_t bytes, std::int16_t alpha, std::int16_t beta,
                       std::uint8_t gamma);

}  // namespace xdna::ops::vision
