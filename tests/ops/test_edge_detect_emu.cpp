// edge-detect on the emulator: each vision line kernel (kernels/aie2/vision_*.cc, threshold_u8)
// against the CPU path's line function of the same stage, and the whole emulated design against
// the CPU path (itself checked against OpenCV in test_edge_detect.cpp), bit for bit. Where OpenCV
// cannot vouch (filter taps other than the Laplacian, blend weights other than 1, a gamma), the
// kernels and the design are also checked against scalar_edge_reference.hpp. The stripe layout
// over several cores has its own tests in test_edge_detect_stripes.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "../../src/ops/vision_lines.hpp"
#include "aie2/kernels.h"
#include "aie2/vision_kernels.h"
#include "image_data.hpp"
#include "scalar_edge_reference.hpp"
#include "xdna/common/error.hpp"
#include "xdna/ops/backend.hpp"
#include "xdna/ops/vision.hpp"

namespace {

using xdna::ops::Backend;
using xdna::ops::EdgeDetectParams;
using xdna::ops::ImageRgba;

// A 64-byte aligned byte buffer (the kernels' vector loads need 32-byte aligned lines), filled
// with random bytes so that a kernel skipping a byte cannot match by luck.
class Line {
 public:
  explicit Line(std::size_t bytes, std::uint32_t seed = 0) : store_(bytes + 64) {
    void* p = store_.data();
    std::size_t space = store_.size();
    data_ = static_cast<std::uint8_t*>(std::align(64, bytes, p, space));
    std::mt19937 rng(seed);
    for (auto& b : store_) b = static_cast<std::uint8_t>(rng());
  }
  std::uint8_t* data() { return data_; }

 private:
  std::vector<std::uint8_t> store_;
  std::uint8_t* data_ = nullptr;
};

std::vector<std::uint8_t> bytes_of(std::uint8_t* p, std::size_t n) {
  return std::vector<std::uint8_t>(p, p + n);
}

const std::size_t kWidths[] = {3, 4, 31, 32, 33, 34, 63, 64, 65, 97, 1920};

TEST(VisionKernels, Rgba2GrayMatchesCpuLine) {
  for (std::size_t w : kWidths) {
    Line rgba(4 * w, 1), got(w, 2), want(w, 3);
    rgba2gray_line_u8(rgba.data(), got.data(), static_cast<int32_t>(w));
    xdna::ops::vision::rgba2gray_line(rgba.data(), want.data(), w);
    EXPECT_EQ(bytes_of(got.data(), w), bytes_of(want.data(), w)) << "width " << w;
  }
}

TEST(VisionKernels, Rgba2GrayExtremes) {
  // White is 255 ((9798 + 19235 + 3736) * 255 + 2^14) >> 15 = 255 and black 0, alpha ignored.
  Line rgba(4 * 40), gray(40);
  for (int j = 0; j < 40; ++j) {
    const std::uint8_t v = j % 2 ? 255 : 0;
    for (int k = 0; k < 3; ++k) rgba.data()[4 * j + k] = v;
    rgba.data()[4 * j + 3] = static_cast<std::uint8_t>(255 - v);
  }
  rgba2gray_line_u8(rgba.data(), gray.data(), 40);
  for (int j = 0; j < 40; ++j) EXPECT_EQ(gray.data()[j], j % 2 ? 255 : 0) << j;
}

TEST(VisionKernels, Filter2dMatchesCpuLine) {
  const std::array<std::array<std::int8_t, 9>, 3> tap_sets = {{
      {0, 16, 0, 16, -64, 16, 0, 16, 0},                  // FACTS §6 Laplacian (Q12 >> 8)
      {127, -128, 127, -128, 127, -128, 127, -128, 127},  // 32-bit sums, both saturations
      {-3, 5, -7, 11, 1, -13, 2, 9, -4},
  }};
  for (const auto& taps : tap_sets) {
    for (std::size_t w : kWidths) {
      Line above(w, 4), centre(w, 5), below(w, 6), got(w, 7), want(w, 8);
      std::vector<std::int32_t> acc(w);
      std::vector<std::int16_t> acc16(w);
      filter2d_3x3_line_u8(above.data(), centre.data(), below.data(), got.data(),
                           static_cast<int32_t>(w), taps.data());
      xdna::ops::vision::filter2d_line(above.data(), centre.data(), below.data(), want.data(), w,
                                       taps.data(), acc.data(), acc16.data());
      EXPECT_EQ(bytes_of(got.data(), w), bytes_of(want.data(), w))
          << "width " << w << " taps[0] " << int{taps[0]};
      // Both against the semantics, pixel by pixel (OpenCV only covers the Laplacian taps).
      const std::uint8_t* rows[3] = {above.data(), centre.data(), below.data()};
      std::vector<std::uint8_t> scalar(w);
      for (std::size_t j = 0; j < w; ++j) {
        std::int64_t sum = 0;
        for (std::size_t r = 0; r < 3; ++r) {
          for (std::size_t c = 0; c < 3; ++c) {
            const std::size_t x = std::clamp<std::size_t>(j + c, 1, w) - 1;  // replicated edge
            sum += std::int64_t{taps[r * 3 + c]} * rows[r][x];
          }
        }
        scalar[j] = scalar_ref::saturate_u8(scalar_ref::floor_shift(sum, 4));
      }
      EXPECT_EQ(bytes_of(got.data(), w), scalar) << "width " << w << " taps[0] " << int{taps[0]};
    }
  }
}

TEST(VisionKernels, ThresholdBinaryMatchesCpuLine) {
  for (std::size_t w : {32u, 64u, 96u, 1920u}) {
    Line in(w, 9), got(w, 10), want(w, 11);
    threshold_u8(in.data(), got.data(), static_cast<int32_t>(w), 10, 255, 0);
    xdna::ops::vision::threshold_binary_line(in.data(), want.data(), w, 10, 255);
    EXPECT_EQ(bytes_of(got.data(), w), bytes_of(want.data(), w)) << "width " << w;
  }
}

TEST(VisionKernels, Gray2RgbaMatchesCpuLine) {
  for (std::size_t w : kWidths) {
    Line gray(w, 12), got(4 * w, 13), want(4 * w, 14);
    gray2rgba_line_u8(gray.data(), got.data(), static_cast<int32_t>(w));
    xdna::ops::vision::gray2rgba_line(gray.data(), want.data(), w);
    EXPECT_EQ(bytes_of(got.data(), 4 * w), bytes_of(want.data(), 4 * w)) << "width " << w;
  }
}

TEST(VisionKernels, AddWeightedMatchesCpuLine) {
  struct Weights {
    std::int16_t alpha, beta;
    std::uint8_t gamma;
  };
  const Weights sets[] = {{16384, 16384, 0}, {9000, 20000, 7}, {-5000, 16384, 200}, {0, 0, 255}};
  for (const auto& s : sets) {
    for (std::size_t n : {1u, 31u, 32u, 33u, 100u, 7680u}) {
      Line a(n, 15), b(n, 16), got(n, 17), want(n, 18);
      add_weighted_line_u8(a.data(), b.data(), got.data(), static_cast<int32_t>(n), s.alpha, s.beta,
                           s.gamma);
      xdna::ops::vision::add_weighted_line(a.data(), b.data(), want.data(), n, s.alpha, s.beta,
                                           s.gamma);
      EXPECT_EQ(bytes_of(got.data(), n), bytes_of(want.data(), n))
          << "bytes " << n << " alpha " << s.alpha;
      xdna::ops::EdgeDetectParams p;
      p.alpha_q14 = s.alpha;
      p.beta_q14 = s.beta;
      p.gamma = s.gamma;
      std::vector<std::uint8_t> scalar(n);
      for (std::size_t i = 0; i < n; ++i)
        scalar[i] = scalar_ref::blend(a.data()[i], b.data()[i], p);
      EXPECT_EQ(bytes_of(got.data(), n), scalar) << "bytes " << n << " alpha " << s.alpha;
    }
  }
}

void expect_emu_matches_cpu(const ImageRgba& img, const EdgeDetectParams& p = {}) {
  const ImageRgba cpu = xdna::ops::edge_detect(img, Backend::cpu, p);
  const ImageRgba emu = xdna::ops::edge_detect(img, Backend::emu, p);
  ASSERT_EQ(emu.width, img.width);
  ASSERT_EQ(emu.height, img.height);
  std::size_t differing = 0;
  for (std::size_t i = 0; i < cpu.pixels.size(); ++i) differing += cpu.pixels[i] != emu.pixels[i];
  EXPECT_EQ(differing, 0u) << img.width << "x" << img.height;
}

TEST(EdgeDetectEmu, SmallImagesMatchCpuBitForBit) {
  expect_emu_matches_cpu(testimages::natural(64, 48, 3));
  expect_emu_matches_cpu(testimages::natural(33, 17, 4));
  expect_emu_matches_cpu(testimages::pattern(3, 3, testimages::Pattern::random));
  expect_emu_matches_cpu(testimages::pattern(40, 5, testimages::Pattern::checker));
  expect_emu_matches_cpu(testimages::pattern(35, 4, testimages::Pattern::stripes));
}

TEST(EdgeDetectEmu, VgaImageMatchesCpuAndReportsFigures) {
  // 640 pixels over the 16 cores: stripes of 64 pixels (whole vectors), 10 cores, one run.
  const ImageRgba img = testimages::natural(640, 480, 5);
  expect_emu_matches_cpu(img);
  const auto& run = xdna::ops::last_emulator_run();
  ASSERT_EQ(run.designs.size(), 1u);
  EXPECT_EQ(run.designs[0], "ops_edge_detect");
  EXPECT_EQ(run.runs, 1u);
  EXPECT_EQ(run.cores, 10u);
  EXPECT_EQ(run.kernel_calls, 5u * 480u * 10u);     // five stages per line per stripe
  EXPECT_GE(run.dma_bytes, 4u * 640u * 480u * 4u);  // in and out, through the mem tiles
  EXPECT_TRUE(run.projected);
  EXPECT_GT(run.projected_us, 0.0);
}

TEST(EdgeDetectEmu, FullHdLine) {
  expect_emu_matches_cpu(testimages::natural(1920, 4, 6));
}

TEST(EdgeDetectEmu, OtherParametersMatchCpu) {
  EdgeDetectParams p;
  p.kernel_q12 = {-256, -512, -256, 0, 0, 0, 256, 512, 256};  // a Sobel-like vertical gradient
  p.threshold = 40;
  p.max_value = 200;
  p.alpha_q14 = 8192;
  p.beta_q14 = 12000;
  p.gamma = 9;
  const ImageRgba img = testimages::natural(70, 20, 7);
  expect_emu_matches_cpu(img, p);
  // The CPU path is checked against OpenCV only for the default parameters: these are checked
  // against the scalar reference written from the semantics.
  EXPECT_EQ(xdna::ops::edge_detect(img, Backend::emu, p).pixels,
            scalar_ref::edge_detect(img, p).pixels);
}

TEST(EdgeDetectEmu, LinesWiderThanACoreTileRunInStripes) {
  // The one-core design refused this width (its line buffers needed 103424 B of a 64 KiB core
  // tile); striped over cores it runs (more in test_edge_detect_stripes.cpp).
  expect_emu_matches_cpu(testimages::pattern(4096, 3, testimages::Pattern::ramp));
}

TEST(EdgeDetectEmu, RefusesBadImages) {
  ImageRgba small{2, 10, std::vector<std::uint8_t>(2 * 10 * 4)};
  EXPECT_THROW(xdna::ops::edge_detect(small, Backend::emu), xdna::InputError);
}

}  // namespace
