// Line stages of the edge-detect pipeline (see vision_lines.hpp).
#include "vision_lines.hpp"

#include <algorithm>
#include <cstring>

namespace xdna::ops::vision {

void rgba2gray_line(const std::uint8_t* rgba, std::uint8_t* gray, std::size_t width) {
  // One 32-bit word per pixel (little-endian: R in the low byte), so the loop vectorises.
  for (std::size_t j = 0; j < width; ++j) {
    std::uint32_t p;
    std::memcpy(&p, rgba + 4 * j, 4);
    const std::uint32_t y = (p & 0xffu) * 9798u + ((p >> 8) & 0xffu) * 19235u +
                            ((p >> 16) & 0xffu) * 3736u + (1u << 14);
    gray[j] = static_cast<std::uint8_t>(y >> 15);  // at most 255: no saturation
  }
}

void filter2d_line(const std::uint8_t* above, const std::uint8_t* centre, const std::uint8_t* below,
                   std::uint8_t* out, std::size_t width, const std::int8_t taps[9],
                   std::int32_t* acc, std::int16_t* acc16) {
  const std::uint8_t* rows[3] = {above, centre, below};
  // Interior columns 1..width-2, one tap at a time over the whole line (zero taps skipped).
  // When no sum can leave int16 (sum of |taps| * 255 < 2^15, true of the Laplacian) the
  // interior accumulates in 16-bit lanes, twice as many per vector.
  const std::size_t inner = width - 2;
  int magnitude = 0;
  for (int i = 0; i < 9; ++i) magnitude += taps[i] < 0 ? -taps[i] : taps[i];
  if (magnitude * 255 < 32768) {
    std::fill(acc16, acc16 + inner, std::int16_t{0});
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c) {
        const auto k = static_cast<std::int16_t>(taps[r * 3 + c]);
        if (k == 0) continue;
        const std::uint8_t* src = rows[r] + c;
        for (std::size_t j = 0; j < inner; ++j) {
          acc16[j] = static_cast<std::int16_t>(acc16[j] + k * src[j]);
        }
      }
    }
    for (std::size_t j = 0; j < inner; ++j) {
      out[j + 1] = static_cast<std::uint8_t>(std::clamp(acc16[j] >> 4, 0, 255));  // floor shift
    }
  } else {
    std::fill(acc, acc + width, 0);
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c) {
        const std::int32_t k = taps[r * 3 + c];
        if (k == 0) continue;
        const std::uint8_t* src = rows[r] + c;  // column j-1+c for output j, j starting at 1
        std::int32_t* dst = acc + 1;
        for (std::size_t j = 0; j < inner; ++j) dst[j] += k * src[j];
      }
    }
    for (std::size_t j = 1; j + 1 < width; ++j) {
      out[j] = static_cast<std::uint8_t>(std::clamp(acc[j] >> 4, 0, 255));  // floor shift
    }
  }
  // Border columns: the missing neighbour replicates the edge pixel.
  for (std::size_t j : {std::size_t{0}, width - 1}) {
    std::int32_t sum = 0;
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c) {
        const std::ptrdiff_t col = std::clamp<std::ptrdiff_t>(
            static_cast<std::ptrdiff_t>(j) + c - 1, 0, static_cast<std::ptrdiff_t>(width) - 1);
        sum += taps[r * 3 + c] * rows[r][col];
      }
    }
    out[j] = static_cast<std::uint8_t>(std::clamp(sum >> 4, 0, 255));
  }
}

void threshold_binary_line(const std::uint8_t* in, std::uint8_t* out, std::size_t width,
                           std::uint8_t thresh, std::uint8_t maxval) {
  for (std::size_t j = 0; j < width; ++j) out[j] = in[j] > thresh ? maxval : std::uint8_t{0};
}

void gray2rgba_line(const std::uint8_t* gray, std::uint8_t* rgba, std::size_t width) {
  for (std::size_t j = 0; j < width; ++j) {
    const std::uint32_t p = gray[j] * 0x010101u | 0xff000000u;  // (g, g, g, 255) little-endian
    std::memcpy(rgba + 4 * j, &p, 4);
  }
}

void add_weighted_line(const std::uint8_t* a, const std::uint8_t* b, std::uint8_t* out,
                       std::size_t bytes, std::int16_t alpha, std::int16_t beta,
                       std::uint8_t gamma) {
  if (alpha == 16384 && beta == 16384 && gamma == 0) {
    // (a * 2^14 + b * 2^14) >> 14 = a + b exactly: a saturating byte add.
    for (std::size_t i = 0; i < bytes; ++i) {
      const unsigned sum = unsigned{a[i]} + unsigned{b[i]};
      out[i] = static_cast<std::uint8_t>(sum > 255u ? 255u : sum);
    }
    return;
  }
  const std::int32_t al = alpha, be = beta, ga = gamma;
  for (std::size_t i = 0; i < bytes; ++i) {
    const std::int32_t v = (a[i] * al + b[i] * be + ga) >> 14;  // arithmetic shift: floor
    out[i] = static_cast<std::uint8_t>(std::clamp(v, 0, 255));
  }
}

}  // namespace xdna::ops::vision
