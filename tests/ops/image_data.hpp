// Procedural RGBA test images (no downloads): a smooth "natural-looking" scene and sharp
// synthetic patterns.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

#include "xdna/ops/image.hpp"

namespace testimages {

inline std::uint8_t to_u8(double v) {
  return static_cast<std::uint8_t>(std::lround(std::fmin(255.0, std::fmax(0.0, v))));
}

// Sky-like vertical gradient, rolling hills (low-frequency sinusoids), a few soft-edged discs
// ("objects"), fine texture and sensor-like noise. Deterministic for a given seed.
inline xdna::ops::ImageRgba natural(std::size_t w, std::size_t h, std::uint32_t seed = 1) {
  xdna::ops::ImageRgba img{w, h, std::vector<std::uint8_t>(w * h * 4)};
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 3.0);
  struct Disc {
    double x, y, r, cr, cg, cb;
  };
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Disc discs[6];
  for (auto& d : discs) {
    d = {u(rng) * w,   u(rng) * h,   (0.05 + 0.15 * u(rng)) * std::fmin(w, h),
         255 * u(rng), 255 * u(rng), 255 * u(rng)};
  }
  for (std::size_t y = 0; y < h; ++y) {
    for (std::size_t x = 0; x < w; ++x) {
      const double fy = double(y) / h, fx = double(x) / w;
      const double horizon = 0.55 + 0.08 * std::sin(6.0 * fx) + 0.03 * std::sin(17.0 * fx + 1.0);
      double r, g, b;
      if (fy < horizon) {  // sky
        r = 110 + 80 * fy;
        g = 150 + 60 * fy;
        b = 230 - 40 * fy;
      } else {  // ground with texture
        const double t = 20 * std::sin(40.0 * fx + 3 * std::sin(25.0 * fy)) * std::sin(31.0 * fy);
        r = 90 + t + 40 * fy;
        g = 120 + t;
        b = 60 + 0.5 * t;
      }
      for (const auto& d : discs) {
        const double dist = std::hypot(x - d.x, y - d.y);
        const double a = 1.0 / (1.0 + std::exp((dist - d.r) / 2.0));  // soft edge, ~2 px
        r = r * (1 - a) + d.cr * a;
        g = g * (1 - a) + d.cg * a;
        b = b * (1 - a) + d.cb * a;
      }
      std::uint8_t* p = img.pixels.data() + (y * w + x) * 4;
      p[0] = to_u8(r + noise(rng));
      p[1] = to_u8(g + noise(rng));
      p[2] = to_u8(b + noise(rng));
      p[3] = static_cast<std::uint8_t>(200 + (x + y) % 56);
    }
  }
  return img;
}

enum class Pattern { checker, stripes, random, white, black, ramp };

inline xdna::ops::ImageRgba pattern(std::size_t w, std::size_t h, Pattern kind,
                                    std::uint32_t seed = 2) {
  xdna::ops::ImageRgba img{w, h, std::vector<std::uint8_t>(w * h * 4)};
  std::mt19937 rng(seed);
  for (std::size_t y = 0; y < h; ++y) {
    for (std::size_t x = 0; x < w; ++x) {
      std::uint8_t* p = img.pixels.data() + (y * w + x) * 4;
      std::uint8_t v = 0;
      switch (kind) {
        case Pattern::checker:
          v = ((x / 8 + y / 8) % 2) ? 255 : 0;
          break;
        case Pattern::stripes:
          v = (x % 3 == 0) ? 200 : 20;
          break;
        case Pattern::random:
          v = static_cast<std::uint8_t>(rng());
          break;
        case Pattern::white:
          v = 255;
          break;
        case Pattern::black:
          v = 0;
          break;
        case Pattern::ramp:
          v = static_cast<std::uint8_t>((x * 7 + y * 3) & 0xff);
          break;
      }
      p[0] = v;
      p[1] = kind == Pattern::random ? static_cast<std::uint8_t>(rng()) : v;
      p[2] = kind == Pattern::random ? static_cast<std::uint8_t>(rng()) : v;
      p[3] = static_cast<std::uint8_t>(rng());
    }
  }
  return img;
}

}  // namespace testimages
