// reverse (shuffle_demo), relu and threshold against scalar references; threshold also against
// OpenCV's cv::threshold, the semantics it promises.
#include <gtest/gtest.h>

#include <aie_api/aie.hpp>
#include <opencv2/imgproc.hpp>

#include <random>

#include "aie2/kernels.h"
#include "kernel_test_support.hpp"
#include "reference/elementwise_ref.hpp"

namespace xdna::kernel_test {
namespace {

using kref::to_bf16;

TEST(Reverse, Within32LaneVectors) {
  const auto x = random_bf16(1024, -10.0f, 10.0f, 41);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(1024);
  reverse_bf16(in.data(), out.data());
  const auto got = from_kernel(out);
  EXPECT_EQ(first_mismatch<bf16_bits>(got, kref::reverse32(x)), -1);
  EXPECT_EQ(got[0], x[31]);
  EXPECT_EQ(got[32], x[63]);
  EXPECT_EQ(got[1023], x[992]);
}

class Relu : public ::testing::TestWithParam<int> {};

TEST_P(Relu, MatchesReference) {
  auto x = random_bf16(static_cast<std::size_t>(GetParam()), -4.0f, 4.0f, 42);
  x[0] = 0x8000;  // -0 -> +0
  x[1] = 0x0000;
  x[2] = 0x0001;  // smallest positive subnormal: > 0, kept
  x[3] = 0xFF80;  // -inf
  x[4] = 0x7F80;  // +inf
  x[5] = 0x7FC0;  // NaN -> +0
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(x.size());
  relu_bf16(in.data(), out.data(), GetParam());
  const auto got = from_kernel(out);
  EXPECT_EQ(first_mismatch<bf16_bits>(got, kref::relu(x)), -1);
  EXPECT_EQ(got[0], 0x0000);
  EXPECT_EQ(got[2], 0x0001);
  EXPECT_EQ(got[5], 0x0000);
}

INSTANTIATE_TEST_SUITE_P(Sizes, Relu, ::testing::Values(32, 1024, 4096),
                         [](const auto& p) { return cat("N", p.param); });

struct ThresholdCase {
  int n;
  int type;
};

class Threshold : public ::testing::TestWithParam<ThresholdCase> {};

TEST_P(Threshold, MatchesReferenceAndOpenCv) {
  const auto [n, type] = GetParam();
  std::mt19937 rng(43);
  kref::aligned_vector<std::uint8_t> in(static_cast<std::size_t>(n)), out(in.size());
  for (auto& v : in) v = static_cast<std::uint8_t>(rng() & 0xff);
  for (std::size_t i = 0; i < in.size(); i += 17) in[i] = 10;  // ties at the threshold
  in[1] = 0;
  in[2] = 255;
  for (const auto& [thresh, maxval] :
       {std::pair<int, int>{10, 255}, {0, 200}, {254, 1}, {255, 255}, {128, 0}}) {
    const auto t = static_cast<std::uint8_t>(thresh), m = static_cast<std::uint8_t>(maxval);
    threshold_u8(in.data(), out.data(), n, t, m, type);
    const auto want = kref::threshold_u8(in, t, m, type);
    ASSERT_TRUE(want.has_value());
    const std::vector<std::uint8_t> got(out.begin(), out.end());
    EXPECT_EQ(first_mismatch<std::uint8_t>(got, *want), -1) << "thresh " << thresh;

    cv::Mat src(1, n, CV_8UC1, in.data()), dst;
    cv::threshold(src, dst, thresh, maxval, type);
    const std::vector<std::uint8_t> cv_out(dst.data, dst.data + n);
    EXPECT_EQ(first_mismatch<std::uint8_t>(got, cv_out), -1) << "OpenCV, thresh " << thresh;
  }
}

INSTANTIATE_TEST_SUITE_P(TypesAndWidths, Threshold,
                         ::testing::Values(ThresholdCase{32, 0}, ThresholdCase{640, 0},
                                           ThresholdCase{1920, 0}, ThresholdCase{96, 1},
                                           ThresholdCase{640, 1}, ThresholdCase{640, 2},
                                           ThresholdCase{96, 2}, ThresholdCase{640, 3},
                                           ThresholdCase{32, 3}, ThresholdCase{640, 4},
                                           ThresholdCase{4096, 4}),
                         [](const auto& p) { return cat("N", p.param.n, "_type", p.param.type); });

TEST(ThresholdBadType, WritesNothing) {
  kref::aligned_vector<std::uint8_t> in(64, 100), out(64, 7);
  threshold_u8(in.data(), out.data(), 64, 10, 255, 5);
  threshold_u8(in.data(), out.data(), 64, 10, 255, -1);
  for (const auto v : out) ASSERT_EQ(v, 7);
  EXPECT_FALSE(kref::threshold_u8(in, 10, 255, 5).has_value());
}

}  // namespace
}  // namespace xdna::kernel_test
