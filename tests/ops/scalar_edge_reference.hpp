// Scalar reference of the edge-detect pipeline for any parameters, one output pixel at a time,
// written from the semantics in include/xdna/ops/vision.hpp (no shared code with src/ops/ or
// the kernels). OpenCV's primitives (opencv_edge_reference.hpp) only reproduce the default
// parameters exactly; this covers the others: filter taps whose sums are not multiples of 16,
// sums beyond int16, and a blend with weights other than 1 and a gamma.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "xdna/ops/image.hpp"
#include "xdna/ops/vision.hpp"

namespace scalar_ref {

inline std::uint8_t saturate_u8(std::int64_t v) {
  return static_cast<std::uint8_t>(std::clamp<std::int64_t>(v, 0, 255));
}

// floor(v / 2^shift) for negative v too, without relying on >> of a negative number.
inline std::int64_t floor_shift(std::int64_t v, int shift) {
  const std::int64_t d = std::int64_t{1} << shift;
  return v >= 0 ? v / d : -((-v + d - 1) / d);
}

inline std::uint8_t gray_of(const std::uint8_t* px) {
  return saturate_u8(floor_shift(9798 * px[0] + 19235 * px[1] + 3736 * px[2] + 16384, 15));
}

// One 3x3 tap: the Q12 coefficient's top byte, c >> 8 as int8 (floor division by 256).
inline std::int64_t tap(std::int16_t q12) {
  return floor_shift(q12, 8);
}

inline std::uint8_t filter_at(const std::vector<std::uint8_t>& gray, std::size_t w, std::size_t h,
                              std::size_t x, std::size_t y, const std::array<std::int16_t, 9>& k) {
  std::int64_t sum = 0;
  for (int r = -1; r <= 1; ++r) {
    for (int c = -1; c <= 1; ++c) {
      // Replicated borders: the missing neighbour is the edge pixel.
      const auto yy = static_cast<std::size_t>(
          std::clamp<std::int64_t>(static_cast<std::int64_t>(y) + r, 0, std::int64_t(h) - 1));
      const auto xx = static_cast<std::size_t>(
          std::clamp<std::int64_t>(static_cast<std::int64_t>(x) + c, 0, std::int64_t(w) - 1));
      sum += tap(k[static_cast<std::size_t>((r + 1) * 3 + (c + 1))]) * gray[yy * w + xx];
    }
  }
  return saturate_u8(floor_shift(sum, 4));
}

inline std::uint8_t blend(std::uint8_t a, std::uint8_t b, const xdna::ops::EdgeDetectParams& p) {
  // gamma enters before the shift, in the Q14 sum (vision.hpp).
  return saturate_u8(
      floor_shift(std::int64_t{a} * p.alpha_q14 + std::int64_t{b} * p.beta_q14 + p.gamma, 14));
}

inline xdna::ops::ImageRgba edge_detect(const xdna::ops::ImageRgba& img,
                                        const xdna::ops::EdgeDetectParams& p) {
  const std::size_t w = img.width, h = img.height;
  std::vector<std::uint8_t> gray(w * h);
  for (std::size_t i = 0; i < w * h; ++i) gray[i] = gray_of(img.pixels.data() + 4 * i);
  xdna::ops::ImageRgba out{w, h, std::vector<std::uint8_t>(w * h * 4)};
  for (std::size_t y = 0; y < h; ++y) {
    for (std::size_t x = 0; x < w; ++x) {
      const std::uint8_t lap = filter_at(gray, w, h, x, y, p.kernel_q12);
      const std::uint8_t edge = lap > p.threshold ? p.max_value : 0;
      const std::uint8_t edge4[4] = {edge, edge, edge, 255};
      const std::size_t i = 4 * (y * w + x);
      for (std::size_t c = 0; c < 4; ++c) out.pixels[i + c] = blend(img.pixels[i + c], edge4[c], p);
    }
  }
  return out;
}

}  // namespace scalar_ref
