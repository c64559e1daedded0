// mlp2 and patch_embed on the CPU backend against scalar references written from their
// documented contracts (no shared code with src/ops/).
#include <gtest/gtest.h>

#include <random>

#include "matmul_reference.hpp"
#include "xdna/common/error.hpp"
#include "xdna/ops/mlp.hpp"
#include "xdna/ops/patch_embed.hpp"

namespace {

using xdna::ops::Backend;

std::vector<std::int16_t> random_i16(std::size_t n, std::uint32_t seed, int lo, int hi) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(lo, hi);
  std::vector<std::int16_t> v(n);
  for (auto& e : v) e = static_cast<std::int16_t>(d(rng));
  return v;
}

// requant by its definition: the largest h with h * peak <= r * 32767 (peak > 32767), else r.
std::int16_t requant_ref(std::int64_t v, std::int64_t peak) {
  const std::int64_t r = v < 0 ? 0 : v;
  if (peak <= 32767) return static_cast<std::int16_t>(r);
  std::int64_t h = (r * 32767) / peak;
  while ((h + 1) * peak <= r * 32767) ++h;  // guards the division's rounding by construction
  while (h * peak > r * 32767) --h;
  return static_cast<std::int16_t>(h);
}

struct MlpRef {
  std::vector<std::int16_t> h;
  std::vector<std::int32_t> y;
  std::int64_t peak = 0;
};

MlpRef mlp_ref(const std::vector<std::int16_t>& x, const std::vector<std::int16_t>& w1,
               const std::vector<std::int16_t>& w2, const xdna::ops::Mlp2Shape& s) {
  MlpRef r;
  std::vector<std::int32_t> h32(s.rows * s.hidden);
  for (std::size_t i = 0; i < s.rows; ++i)
    for (std::size_t j = 0; j < s.hidden; ++j)
      h32[i * s.hidden + j] = ref::dot_i16(x, w1, s.in, s.hidden, i, j);
  for (std::int32_t v : h32) r.peak = std::max<std::int64_t>(r.peak, v);
  for (std::int32_t v : h32) r.h.push_back(requant_ref(v, r.peak));
  for (std::size_t i = 0; i < s.rows; ++i)
    for (std::size_t j = 0; j < s.out; ++j)
      r.y.push_back(ref::dot_i16(r.h, w2, s.hidden, s.out, i, j));
  return r;
}

void check_mlp(int lo, int hi, std::uint32_t seed, const xdna::ops::Mlp2Shape& s,
               bool expect_scaled) {
  const auto x = random_i16(s.rows * s.in, seed, lo, hi);
  const auto w1 = random_i16(s.in * s.hidden, seed + 1, lo, hi);
  const auto w2 = random_i16(s.hidden * s.out, seed + 2, lo, hi);
  const auto got = xdna::ops::mlp2(x, w1, w2, s, Backend::cpu);
  const auto want = mlp_ref(x, w1, w2, s);
  EXPECT_EQ(got.hidden_peak, want.peak);
  EXPECT_EQ(got.scaled, expect_scaled);
  ASSERT_EQ(got.h, want.h);
  ASSERT_EQ(got.y, want.y);
}

TEST(Mlp2Cpu, UnscaledWhenPeakFits) {
  check_mlp(-3, 3, 1, {16, 64, 48, 40}, false);
}

TEST(Mlp2Cpu, ScaledWhenPeakExceedsInt16) {
  check_mlp(-300, 300, 2, {16, 64, 48, 40}, true);
}

TEST(Mlp2Cpu, SeedWidth512) {
  check_mlp(-100, 100, 3, {8, 512, 512, 512}, true);
}

TEST(Mlp2Cpu, RequantEdges) {
  std::int32_t peak = 0;
  EXPECT_EQ(xdna::ops::relu_requant(std::vector<std::int32_t>{-5, -1}, &peak),
            (std::vector<std::int16_t>{0, 0}));
  EXPECT_EQ(peak, 0);
  EXPECT_EQ(xdna::ops::relu_requant(std::vector<std::int32_t>{32767, -1, 7}, &peak),
            (std::vector<std::int16_t>{32767, 0, 7}));
  // peak 32768: 32768 -> 32767, 1 -> 0 (truncation), 32767 -> 32766.
  EXPECT_EQ(xdna::ops::relu_requant(std::vector<std::int32_t>{32768, 1, 32767}, &peak),
            (std::vector<std::int16_t>{32767, 0, 32766}));
  EXPECT_EQ(xdna::ops::relu_requant(std::vector<std::int32_t>{INT32_MAX, INT32_MAX / 2}, &peak),
            (std::vector<std::int16_t>{32767, 16383}));
}

TEST(Mlp2Cpu, ShapeMismatchNamesTheLayer) {
  const std::vector<std::int16_t> x(4 * 8), w1(8 * 8), w2(7 * 8);
  try {
    xdna::ops::mlp2(x, w1, w2, {4, 8, 8, 8}, Backend::cpu);
    FAIL();
  } catch (const xdna::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("second layer"), std::string::npos) << e.what();
  }
}

// out[p][o] straight from the image coordinates.
template <typename T, typename Dot>
void for_sampled_outputs(std::uint32_t seed, Dot dot) {
  std::mt19937 rng(seed);
  for (int t = 0; t < 200; ++t) dot(rng() % 256, rng() % 768);
}

std::size_t image_index(std::size_t p, std::size_t e) {
  const std::size_t py = p / 14, px = p % 14, c = e / 256, dy = (e / 16) % 16, dx = e % 16;
  return ((py * 16 + dy) * 224 + px * 16 + dx) * 3 + c;
}

TEST(PatchEmbedCpu, Int16MatchesDirectSum) {
  const auto img = random_i16(224 * 224 * 3, 4, -255, 255);
  const auto w = random_i16(768 * 768, 5, -1000, 1000);
  const auto out = xdna::ops::patch_embed(std::span<const std::int16_t>(img), w, Backend::cpu);
  ASSERT_EQ(out.size(), 256u * 768u);
  for_sampled_outputs<std::int16_t>(6, [&](std::size_t p, std::size_t o) {
    std::int64_t sum = 0;
    if (p < 196) {
      for (std::size_t e = 0; e < 768; ++e)
        sum += std::int64_t{img[image_index(p, e)]} * w[e * 768 + o];
    }
    ASSERT_EQ(out[p * 768 + o], static_cast<std::int32_t>(sum)) << p << "," << o;
  });
  for (std::size_t i = 196 * 768; i < out.size(); ++i) ASSERT_EQ(out[i], 0);
}

TEST(PatchEmbedCpu, Bf16MatchesOrderedSum) {
  std::mt19937 rng(7);
  std::normal_distribution<float> d(0.0f, 1.0f);
  std::vector<bfloat16> img(224 * 224 * 3), w(768 * 768);
  for (auto& e : img) e = bfloat16(d(rng));
  for (auto& e : w) e = bfloat16(d(rng) * 0.05f);
  const auto out = xdna::ops::patch_embed(std::span<const bfloat16>(img), w, Backend::cpu);
  for_sampled_outputs<bfloat16>(8, [&](std::size_t p, std::size_t o) {
    float acc = 0.0f;
    if (p < 196) {
      for (std::size_t e = 0; e < 768; ++e) {
        acc = ref::ftz(acc + ref::ftz(float(img[image_index(p, e)]) * float(w[e * 768 + o])));
      }
    }
    ASSERT_EQ(std::bit_cast<std::uint32_t>(out[p * 768 + o]), std::bit_cast<std::uint32_t>(acc))
        << p << "," << o;
  });
}

TEST(PatchEmbedCpu, RefusesWrongSizes) {
  const std::vector<std::int16_t> img(224 * 224 * 3), small(100), w(768 * 768);
  EXPECT_THROW(xdna::ops::patch_embed(std::span<const std::int16_t>(small), w, Backend::cpu),
               xdna::InputError);
  EXPECT_THROW(xdna::ops::patch_embed(std::span<const std::int16_t>(img), small, Backend::cpu),
               xdna::InputError);
}

}  // namespace
