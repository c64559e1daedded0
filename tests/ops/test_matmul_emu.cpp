// matmul on the emulator (kernels/aie2 GEMM kernels on the npu1 core array, host-blocked and
// zero-padded) against the CPU backend and the scalar reference, bit for bit.
#include <gtest/gtest.h>

#include <random>

#include "matmul_reference.hpp"
#include "xdna/ops/matmul.hpp"
#include "xdna/ops/mlp.hpp"
#include "xdna/ops/patch_embed.hpp"
#include "xdna/ops/synthetic.hpp"

namespace {

using xdna::ops::Backend;
using xdna::ops::MatmulShape;

std::vector<bfloat16> with_specials(std::vector<bfloat16> v, std::uint32_t seed) {
  const std::uint16_t pool[] = {0x0001, 0x8001, 0x0000, 0x8000, 0x1f80, 0x9f80, 0x7f80, 0x7fc0};
  std::mt19937 rng(seed);
  for (std::size_t i = 0; i < v.size(); i += 7) v[i] = bfloat16::from_bits(pool[rng() % 8]);
  return v;
}

std::vector<std::uint32_t> float_bits(const std::vector<float>& v) {
  std::vector<std::uint32_t> out;
  for (float f : v) out.push_back(std::isnan(f) ? 0x7fc00000u : std::bit_cast<std::uint32_t>(f));
  return out;
}

const MatmulShape kShapes[] = {{1, 1, 1}, {7, 3, 5}, {64, 64, 64}, {100, 70, 130}, {300, 200, 260}};

TEST(MatmulEmu, Int16MatchesCpuAndReference) {
  std::uint64_t seed = 1;
  for (MatmulShape s : kShapes) {
    const auto a = xdna::ops::synthetic_i16(s.m * s.k, seed++, -32768, 32767);
    const auto b = xdna::ops::synthetic_i16(s.k * s.n, seed++, -32768, 32767);
    const auto emu = xdna::ops::matmul_i16(a, b, s, Backend::emu);
    ASSERT_EQ(emu, xdna::ops::matmul_i16(a, b, s, Backend::cpu)) << s.m << "x" << s.k << "x" << s.n;
    for (std::size_t i = 0; i < s.m; i += 1 + s.m / 5) {
      for (std::size_t j = 0; j < s.n; j += 1 + s.n / 5) {
        ASSERT_EQ(emu[i * s.n + j], ref::dot_i16(a, b, s.k, s.n, i, j));
      }
    }
  }
}

TEST(MatmulEmu, Bf16MatchesCpuAndReference) {
  std::uint64_t seed = 50;
  for (MatmulShape s : kShapes) {
    const auto a = with_specials(xdna::ops::synthetic_bf16(s.m * s.k, seed++), 1);
    const auto b = with_specials(xdna::ops::synthetic_bf16(s.k * s.n, seed++), 2);
    const auto emu = xdna::ops::matmul_bf16(a, b, s, Backend::emu);
    ASSERT_EQ(float_bits(emu), float_bits(xdna::ops::matmul_bf16(a, b, s, Backend::cpu)))
        << s.m << "x" << s.k << "x" << s.n;
    for (std::size_t i = 0; i < s.m; i += 1 + s.m / 5) {
      for (std::size_t j = 0; j < s.n; j += 1 + s.n / 5) {
        float want = ref::dot_bf16(a, b, s.k, s.n, i, j);
        if (want == 0.0f) want = 0.0f;  // the contract's +0
        ASSERT_EQ(float_bits({emu[i * s.n + j]}), float_bits({want})) << i << "," << j;
      }
    }
  }
}

// A cancellation that ends in -0: the contract reports +0 on both backends (the emulator's
// K padding adds a +0 product; K = 3 is padded to 32).
TEST(MatmulEmu, NegativeZeroSumsAreReportedAsPositiveZero) {
  const std::vector<bfloat16> a = {bfloat16(-1.0f), bfloat16(1.0f), bfloat16(-0.0f)};
  const std::vector<bfloat16> b = {bfloat16(0.0f), bfloat16(-0.0f), bfloat16(1.0f)};
  for (Backend be : {Backend::cpu, Backend::emu}) {
    const auto c = xdna::ops::matmul_bf16(a, b, {1, 3, 1}, be);
    EXPECT_EQ(std::bit_cast<std::uint32_t>(c[0]), 0u) << xdna::ops::to_string(be);
  }
}

// The FFN shape class scaled down for CI (the full 512 x 4096 x 4096 runs in the CPU test and
// through `xdna run matmul --backend emu`, docs/ops/matmul.md): N wider than one host piece, so
// the host blocking is exercised (3 pieces of 2048 columns on 32-wide tiles).
TEST(MatmulEmu, ScaledFfnShapeInt16) {
  const MatmulShape s{128, 256, 4352};
  const auto a = xdna::ops::synthetic_i16(s.m * s.k, 7, -2000, 2000);
  const auto b = xdna::ops::synthetic_i16(s.k * s.n, 8, -2000, 2000);
  const auto emu = xdna::ops::matmul_i16(a, b, s, Backend::emu);
  EXPECT_EQ(xdna::ops::last_emulator_run().runs, 3u);
  EXPECT_EQ(xdna::ops::last_emulator_run().cores, 16u);
  ASSERT_EQ(emu, xdna::ops::matmul_i16(a, b, s, Backend::cpu));
}

TEST(MatmulEmu, Mlp2AndPatchEmbedRunOnTheEmulator) {
  const xdna::ops::Mlp2Shape shape{64, 512, 512, 512};
  const auto x = xdna::ops::synthetic_i16(64 * 512, 1, -64, 64);
  const auto w1 = xdna::ops::synthetic_i16(512 * 512, 2, -64, 64);
  const auto w2 = xdna::ops::synthetic_i16(512 * 512, 3, -64, 64);
  const auto emu = xdna::ops::mlp2(x, w1, w2, shape, Backend::emu);
  const auto cpu = xdna::ops::mlp2(x, w1, w2, shape, Backend::cpu);
  EXPECT_TRUE(emu.scaled);
  EXPECT_EQ(emu.h, cpu.h);
  EXPECT_EQ(emu.y, cpu.y);

  const auto img = xdna::ops::synthetic_i16(224 * 224 * 3, 4, 0, 255);
  const auto w = xdna::ops::synthetic_i16(768 * 768, 5, -128, 127);
  EXPECT_EQ(xdna::ops::patch_embed(std::span<const std::int16_t>(img), w, Backend::emu),
            xdna::ops::patch_embed(std::span<const std::int16_t>(img), w, Backend::cpu));
}

}  // namespace
