// Deterministic synthetic inputs (see synthetic.hpp).
#include "xdna/ops/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "xdna/common/error.hpp"

namespace xdna::ops {

namespace {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Uniform in (0, 1]: 53 random bits.
  double unit() { return (static_cast<double>(next() >> 11) + 1.0) * 0x1p-53; }

 private:
  std::uint64_t state_;
};

std::uint8_t to_u8(double v) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 255.0)));
}

}  // namespace

std::vector<bfloat16> synthetic_bf16(std::size_t n, std::uint64_t seed) {
  SplitMix64 rng(seed);
  std::vector<bfloat16> v(n);
  for (std::size_t i = 0; i < n; i += 2) {
    const double r = std::sqrt(-2.0 * std::log(rng.unit())), t = 2.0 * M_PI * rng.unit();
    v[i] = bfloat16(static_cast<float>(r * std::cos(t)));
    if (i + 1 < n) v[i + 1] = bfloat16(static_cast<float>(r * std::sin(t)));
  }
  return v;
}

std::vector<std::int16_t> synthetic_i16(std::size_t n, std::uint64_t seed, int lo, int hi) {
  SplitMix64 rng(seed);
  const std::uint64_t span = static_cast<std::uint64_t>(hi - lo) + 1;
  std::vector<std::int16_t> v(n);
  for (auto& e : v) e = static_cast<std::int16_t>(lo + static_cast<int>(rng.next() % span));
  return v;
}

ImageRgba synthetic_image(std::size_t width, std::size_t height, std::uint64_t seed) {
  // Divide rather than multiply: width * height can wrap around for command-line sizes.
  if (width != 0 && height > kMaxImagePixels / width) {
    throw InputError("generated image " + std::to_string(width) + "x" + std::to_string(height) +
                     " is larger than the 2^28 pixels the vision operators take; use smaller "
                     "--width/--height");
  }
  SplitMix64 rng(seed);
  ImageRgba img{width, height, std::vector<std::uint8_t>(width * height * 4)};
  struct Disc {
    double x, y, r, c[3];
  };
  Disc discs[5];
  for (auto& d : discs) {
    d = {rng.unit() * width,
         rng.unit() * height,
         (0.05 + 0.15 * rng.unit()) * static_cast<double>(std::min(width, height)),
         {255 * rng.unit(), 255 * rng.unit(), 255 * rng.unit()}};
  }
  for (std::size_t y = 0; y < height; ++y) {
    for (std::size_t x = 0; x < width; ++x) {
      const double fy = double(y) / height, fx = double(x) / width;
      const double horizon = 0.55 + 0.08 * std::sin(6.0 * fx) + 0.03 * std::sin(17.0 * fx + 1.0);
      double c[3];
      if (fy < horizon) {
        c[0] = 110 + 80 * fy;
        c[1] = 150 + 60 * fy;
        c[2] = 230 - 40 * fy;
      } else {
        const double t = 20 * std::sin(40.0 * fx + 3 * std::sin(25.0 * fy)) * std::sin(31.0 * fy);
        c[0] = 90 + t + 40 * fy;
        c[1] = 120 + t;
        c[2] = 60 + 0.5 * t;
      }
      for (const auto& d : discs) {
        const double a = 1.0 / (1.0 + std::exp((std::hypot(x - d.x, y - d.y) - d.r) / 2.0));
        for (int k = 0; k < 3; ++k) c[k] = c[k] * (1 - a) + d.c[k] * a;
      }
      std::uint8_t* p = img.pixels.data() + (y * width + x) * 4;
      for (int k = 0; k < 3; ++k) p[k] = to_u8(c[k] + 4.0 * (rng.unit() - 0.5));
      p[3] = 255;
    }
  }
  return img;
}

}  // namespace xdna::ops
