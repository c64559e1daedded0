// Sparse and dense products against a double-precision reference; bit-identity of the sparse
// kernel over the full channel list with the dense channel-major kernel; thread invariance.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numeric>

#include "xdna/common/error.hpp"
#include "xdna/prune/random.hpp"
#include "xdna/prune/sparse_gemv.hpp"

namespace xdna::prune {
namespace {

std::vector<float> random_vector(Rng& rng, std::size_t n) {
  std::vector<float> v(n);
  for (auto& x : v) x = static_cast<float>(rng.normal());
  return v;
}

// Every 3rd channel and a few at the ends: irregular, includes 0 and n-1.
std::vector<std::uint32_t> some_channels(std::size_t n) {
  std::vector<std::uint32_t> s;
  for (std::uint32_t j = 0; j < n; ++j) {
    if (j % 3 == 0 || j + 2 >= n) s.push_back(j);
  }
  return s;
}

TEST(SparseGemv, RowMajorMatchesReference) {
  Rng rng(1);
  for (auto [rows, cols] : {std::pair<std::size_t, std::size_t>{7, 13}, {64, 172}, {300, 1031}}) {
    const auto w = random_vector(rng, rows * cols), x = random_vector(rng, cols);
    std::vector<float> y(rows);
    gemv_row_major(w.data(), rows, cols, x.data(), y.data());
    for (std::size_t r = 0; r < rows; ++r) {
      double ref = 0;
      for (std::size_t c = 0; c < cols; ++c) ref += static_cast<double>(w[r * cols + c]) * x[c];
      ASSERT_NEAR(y[r], ref, 1e-4 * std::sqrt(static_cast<double>(cols))) << rows << "x" << cols;
    }
  }
}

TEST(SparseGemv, ChannelSparseMatchesReference) {
  Rng rng(2);
  for (auto [channels, out] : {std::pair<std::size_t, std::size_t>{5, 3}, {172, 64}, {1031, 300}}) {
    const auto wt = random_vector(rng, channels * out), x = random_vector(rng, channels);
    const auto survivors = some_channels(channels);
    std::vector<float> y(out);
    gemv_channel_sparse(wt.data(), channels, out, x.data(), survivors, y.data());
    for (std::size_t o = 0; o < out; ++o) {
      double ref = 0;
      for (auto j : survivors) ref += static_cast<double>(x[j]) * wt[j * out + o];
      ASSERT_NEAR(y[o], ref, 1e-4 * std::sqrt(static_cast<double>(channels)));
    }
  }
}

TEST(SparseGemv, FullChannelListIsBitIdenticalToDenseAndThreadsDoNotMatter) {
  Rng rng(3);
  const std::size_t channels = 1100, out = 520;  // large enough to use the pool
  const auto wt = random_vector(rng, channels * out), x = random_vector(rng, channels);
  std::vector<std::uint32_t> all(channels);
  std::iota(all.begin(), all.end(), 0u);
  ThreadPool pool(3);
  std::vector<float> dense(out), sparse(out), dense_mt(out), sparse_mt(out);
  gemv_channel_major(wt.data(), channels, out, x.data(), dense.data());
  gemv_channel_sparse(wt.data(), channels, out, x.data(), all, sparse.data());
  gemv_channel_major(wt.data(), channels, out, x.data(), dense_mt.data(), &pool);
  gemv_channel_sparse(wt.data(), channels, out, x.data(), all, sparse_mt.data(), &pool);
  EXPECT_EQ(0, std::memcmp(dense.data(), sparse.data(), out * 4));
  EXPECT_EQ(0, std::memcmp(dense.data(), dense_mt.data(), out * 4));
  EXPECT_EQ(0, std::memcmp(dense.data(), sparse_mt.data(), out * 4));

  std::vector<float> rows(out), rows_mt(out);
  gemv_row_major(wt.data(), out, channels, x.data(), rows.data());
  gemv_row_major(wt.data(), out, channels, x.data(), rows_mt.data(), &pool);
  EXPECT_EQ(0, std::memcmp(rows.data(), rows_mt.data(), out * 4));
}

TEST(SparseGemv, EmptySurvivorListGivesZeros) {
  const std::vector<float> wt(12, 1.0f), x(4, 1.0f);
  std::vector<float> y(3, 5.0f);
  gemv_channel_sparse(wt.data(), 4, 3, x.data(), {}, y.data());
  EXPECT_EQ(y, std::vector<float>(3, 0.0f));
}

TEST(SparseGemv, OutOfRangeSurvivorIsAnError) {
  const std::vector<float> wt(12, 1.0f), x(4, 1.0f);
  std::vector<float> y(3);
  const std::vector<std::uint32_t> bad{0, 4};
  try {
    gemv_channel_sparse(wt.data(), 4, 3, x.data(), bad, y.data());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("channel 4"), std::string::npos) << e.what();
  }
  EXPECT_THROW(gemm_channel_sparse(x.data(), 1, wt.data(), 4, 3, bad, y.data()), InputError);
}

TEST(SparseGemm, MatchesReference) {
  Rng rng(4);
  const std::size_t tokens = 19, channels = 77, out = 45;
  const auto x = random_vector(rng, tokens * channels), wt = random_vector(rng, channels * out);
  const auto survivors = some_channels(channels);
  std::vector<float> y(tokens * out);
  ThreadPool pool(2);
  gemm_channel_sparse(x.data(), tokens, wt.data(), channels, out, survivors, y.data(), &pool);
  for (std::size_t t = 0; t < tokens; ++t) {
    for (std::size_t o = 0; o < out; ++o) {
      double ref = 0;
      for (auto j : survivors) ref += static_cast<double>(x[t * channels + j]) * wt[j * out + o];
      ASSERT_NEAR(y[t * out + o], ref, 1e-4);
    }
  }
}

TEST(SparseGemv, TransposeSwapsIndices) {
  std::vector<float> w(6 * 35), wt(6 * 35);
  std::iota(w.begin(), w.end(), 0.0f);
  transpose(w.data(), 6, 35, wt.data());  // [6 x 35] -> [35 x 6]
  for (std::size_t o = 0; o < 6; ++o) {
    for (std::size_t i = 0; i < 35; ++i) ASSERT_EQ(wt[i * 6 + o], w[o * 35 + i]);
  }
}

}  // namespace
}  // namespace xdna::prune
