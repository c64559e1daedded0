// edge_detect (CPU) against the same pipeline built from OpenCV primitives: differing pixels
// and mean absolute error are printed for every image; the expectation is zero differences.
// OpenCV reproduces the default parameters only; other parameters are checked against the scalar
// reference (scalar_edge_reference.hpp), which is itself checked against OpenCV here.
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "image_data.hpp"
#include "opencv_edge_reference.hpp"
#include "scalar_edge_reference.hpp"
#include "xdna/common/error.hpp"
#include "xdna/ops/vision.hpp"

namespace {

using xdna::ops::Backend;

struct Diff {
  std::size_t pixels = 0;  // pixels with any differing channel
  double mean_abs = 0;     // mean |a - b| over all channel bytes
};

Diff compare(const xdna::ops::ImageRgba& ours, const cv::Mat& theirs) {
  Diff d;
  std::size_t total = 0;
  const std::uint8_t* t = theirs.ptr<std::uint8_t>(0);
  for (std::size_t i = 0; i < ours.width * ours.height; ++i) {
    bool differs = false;
    for (int c = 0; c < 4; ++c) {
      const int delta = int(ours.pixels[i * 4 + c]) - int(t[i * 4 + c]);
      total += static_cast<std::size_t>(std::abs(delta));
      differs |= delta != 0;
    }
    d.pixels += differs;
  }
  d.mean_abs = double(total) / double(ours.pixels.size());
  return d;
}

// Pixels the pipeline turned white (so a test on an image without edges is not vacuous).
std::size_t edge_pixels(const xdna::ops::ImageRgba& out) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < out.width * out.height; ++i) {
    const std::uint8_t* p = out.pixels.data() + i * 4;
    n += p[0] == 255 && p[1] == 255 && p[2] == 255;
  }
  return n;
}

std::size_t check_against_opencv(const xdna::ops::ImageRgba& img, const char* name) {
  const xdna::ops::EdgeDetectParams params;
  const auto ours = xdna::ops::edge_detect(img, Backend::cpu, params);
  const cv::Mat theirs = ref::opencv_edge_detect(ref::as_mat(img), params);
  EXPECT_TRUE(theirs.isContinuous());
  EXPECT_EQ(theirs.type(), CV_8UC4);
  if (!theirs.isContinuous() || theirs.type() != CV_8UC4) return 0;
  const Diff d = compare(ours, theirs);
  const std::size_t edges = edge_pixels(ours);
  std::printf(
      "edge-detect vs OpenCV, %-8s %4zux%-4zu: %zu differing pixels, mean abs error %.4f "
      "(%zu white pixels)\n",
      name, img.width, img.height, d.pixels, d.mean_abs, edges);
  EXPECT_EQ(d.pixels, 0u) << name;
  return edges;
}

TEST(EdgeDetectCpu, NaturalImagesMatchOpenCv) {
  for (const auto& img : {testimages::natural(512, 512, 1), testimages::natural(333, 217, 2),
                          testimages::natural(640, 480, 3)}) {
    const std::size_t edges = check_against_opencv(img, "natural");
    EXPECT_GT(edges, img.width) << "the scene should have edges";
    EXPECT_LT(edges, img.width * img.height / 2);
  }
}

TEST(EdgeDetectCpu, SyntheticPatternsMatchOpenCv) {
  using testimages::Pattern;
  const std::pair<Pattern, const char*> kinds[] = {
      {Pattern::checker, "checker"}, {Pattern::stripes, "stripes"}, {Pattern::random, "random"},
      {Pattern::white, "white"},     {Pattern::black, "black"},     {Pattern::ramp, "ramp"}};
  for (const auto& [kind, name] : kinds) {
    check_against_opencv(testimages::pattern(256, 128, kind), name);
  }
  // Smallest legal sizes and odd widths exercise the replicated borders.
  for (std::size_t w : {3u, 4u, 5u, 33u}) {
    for (std::size_t h : {3u, 4u, 7u}) {
      check_against_opencv(testimages::pattern(w, h, Pattern::random, unsigned(w * 10 + h)),
                           "tiny");
    }
  }
}

// The pipeline's visible meaning: an edge pixel turns white, a flat pixel keeps its colour and
// gets alpha 255.
TEST(EdgeDetectCpu, EdgesWhitenAndAlphaSaturates) {
  auto img = testimages::pattern(8, 8, testimages::Pattern::black);
  for (std::size_t i = 0; i < 64; ++i) img.pixels[i * 4 + 3] = 7;
  img.pixels[(3 * 8 + 3) * 4 + 0] = 255;  // one red dot: gray 76, Laplacian of neighbours 76
  const auto out = xdna::ops::edge_detect(img, Backend::cpu);
  const std::uint8_t* n = out.pixels.data() + (3 * 8 + 4) * 4;  // right neighbour
  EXPECT_EQ(n[0], 255);
  EXPECT_EQ(n[1], 255);
  const std::uint8_t* far = out.pixels.data() + (0 * 8 + 0) * 4;
  EXPECT_EQ(far[0], 0);
  EXPECT_EQ(far[3], 255);
  // The dot itself: Laplacian = 4 * 0 - 4 * 76 < 0 saturates to 0, so it keeps its colour.
  const std::uint8_t* dot = out.pixels.data() + (3 * 8 + 3) * 4;
  EXPECT_EQ(dot[0], 255);
  EXPECT_EQ(dot[1], 0);
}

// Parameter sets OpenCV's float filter and addWeighted cannot reproduce bit for bit: taps whose
// sums are not multiples of 16 (the floor shift matters), sums beyond int16 (the CPU path's 32-bit
// branch), and blends with other weights, a negative weight and a gamma (which enters before the
// shift).
std::vector<xdna::ops::EdgeDetectParams> other_parameters() {
  std::vector<xdna::ops::EdgeDetectParams> sets(4);
  sets[0].kernel_q12 = {-256, -512, -256, 0, 0, 0, 256, 512, 256};  // a Sobel-like gradient
  sets[0].threshold = 40;
  sets[0].max_value = 200;
  sets[0].alpha_q14 = 8192;
  sets[0].beta_q14 = 12000;
  sets[0].gamma = 9;
  sets[1].kernel_q12 = {32767, -32768, 32767, -32768, 32767, -32768, 32767, -32768, 32767};
  sets[1].threshold = 0;
  sets[2].kernel_q12 = {-768, 1280, -1792, 2816, 256, -3328, 512, 2304, -1024};  // odd sums
  sets[2].threshold = 3;
  sets[2].max_value = 77;
  sets[2].alpha_q14 = -5000;
  sets[2].beta_q14 = 16384;
  sets[2].gamma = 200;
  sets[3].kernel_q12 = {4095, 4097, 300, -1, 0, 255, -257, 12345, -4000};  // low bits dropped
  sets[3].alpha_q14 = 9000;
  sets[3].beta_q14 = 20000;
  sets[3].gamma = 255;
  return sets;
}

// The scalar reference is itself anchored to OpenCV where OpenCV applies (default parameters).
TEST(EdgeDetectScalarReference, AgreesWithOpenCvOnTheDefaultParameters) {
  for (const auto& img : {testimages::natural(97, 61, 8),
                          testimages::pattern(33, 7, testimages::Pattern::random, 9)}) {
    const auto ours = scalar_ref::edge_detect(img, {});
    const Diff d = compare(ours, ref::opencv_edge_detect(ref::as_mat(img), {}));
    EXPECT_EQ(d.pixels, 0u) << img.width << "x" << img.height;
  }
}

TEST(EdgeDetectCpu, OtherParametersMatchTheScalarReference) {
  const auto sets = other_parameters();
  for (std::size_t k = 0; k < sets.size(); ++k) {
    for (const auto& img : {testimages::natural(131, 37, 10),
                            testimages::pattern(5, 4, testimages::Pattern::random, 12),
                            testimages::pattern(64, 9, testimages::Pattern::checker)}) {
      const auto ours = xdna::ops::edge_detect(img, Backend::cpu, sets[k]);
      const auto want = scalar_ref::edge_detect(img, sets[k]);
      std::size_t differing = 0;
      for (std::size_t i = 0; i < want.pixels.size(); ++i)
        differing += ours.pixels[i] != want.pixels[i];
      EXPECT_EQ(differing, 0u) << "parameter set " << k << ", " << img.width << "x" << img.height;
    }
  }
}

TEST(EdgeDetectCpu, RefusesBadImages) {
  xdna::ops::ImageRgba small{2, 10, std::vector<std::uint8_t>(2 * 10 * 4)};
  EXPECT_THROW(xdna::ops::edge_detect(small, Backend::cpu), xdna::InputError);
  xdna::ops::ImageRgba wrong{10, 10, std::vector<std::uint8_t>(10 * 10 * 3)};
  EXPECT_THROW(xdna::ops::edge_detect(wrong, Backend::cpu), xdna::InputError);
  const auto ok = testimages::pattern(4, 4, testimages::Pattern::ramp);
  EXPECT_THROW(xdna::ops::edge_detect(ok, Backend::npu), xdna::Error);
}

}  // namespace
