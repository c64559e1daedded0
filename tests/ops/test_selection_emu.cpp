// Selection operators on the emulator (the kernels of kernels/aie2 in dataflow designs) against
// the CPU backend and the scalar reference, bit for bit: one tile (N <= one chunk), several
// tiles, several chunks per tile, lengths that need padding, and adversarial values (random bit
// patterns full of NaN/inf/subnormals, ties, all pruned, none pruned).
#include <gtest/gtest.h>

#include "selection_reference.hpp"
#include "test_data.hpp"
#include "xdna/common/error.hpp"
#include "xdna/ops/selection.hpp"

namespace {

using testdata::bits_of;
using xdna::ops::Backend;

struct Input {
  std::string name;
  std::vector<bfloat16> x;
};

std::vector<Input> inputs() {
  std::vector<Input> v;
  std::uint32_t seed = 300;
  // 32 (one vector), 100 (padded), 4096 (one full chunk), 5000 (two tiles, padded),
  // 20000 (4 tiles, several chunks each).
  for (std::size_t n : {32u, 100u, 4096u, 5000u, 20000u}) {
    v.push_back({"normal" + std::to_string(n), testdata::normal_bf16(n, seed++)});
    v.push_back({"bits" + std::to_string(n), testdata::random_bits_bf16(n, seed++)});
    v.push_back({"ties" + std::to_string(n), testdata::ties_bf16(n, seed++)});
  }
  v.push_back({"specials", testdata::specials_bf16()});
  return v;
}

const float kParams[] = {-1e6f, 0.0f, 0.5f, 1.0f, 1e6f};  // none pruned ... all pruned

TEST(SelectionEmu, CollapseMatchesCpuAndReference) {
  for (const auto& in : inputs()) {
    for (float tau : kParams) {
      const auto emu = xdna::ops::collapse(in.x, tau, Backend::emu);
      const auto cpu = xdna::ops::collapse(in.x, tau, Backend::cpu);
      const auto want = ref::collapse(in.x, xdna::ops::to_q8(tau));
      ASSERT_EQ(bits_of(emu.out), bits_of(cpu.out)) << in.name << " tau " << tau;
      ASSERT_EQ(bits_of(emu.out), bits_of(want.out)) << in.name << " tau " << tau;
      EXPECT_EQ(emu.survivors, want.survivors) << in.name << " tau " << tau;
      EXPECT_EQ(emu.survivors, cpu.survivors);
    }
  }
}

TEST(SelectionEmu, CollapseFusedMatchesCpuAndReference) {
  for (const auto& in : inputs()) {
    for (float frac : kParams) {
      const auto emu = xdna::ops::collapse_fused(in.x, frac, Backend::emu);
      const auto cpu = xdna::ops::collapse_fused(in.x, frac, Backend::cpu);
      const auto want = ref::collapse_fused(in.x, xdna::ops::to_q8(frac));
      ASSERT_EQ(bits_of(emu.out), bits_of(want.out)) << in.name << " frac " << frac;
      ASSERT_EQ(bits_of(cpu.out), bits_of(want.out)) << in.name << " frac " << frac;
      EXPECT_EQ(emu.survivors, want.survivors) << in.name;
      EXPECT_EQ(bfloat16(emu.peak).bits(), bfloat16(cpu.peak).bits()) << in.name;
      EXPECT_EQ(std::bit_cast<std::uint32_t>(emu.tau), std::bit_cast<std::uint32_t>(cpu.tau))
          << in.name;
    }
  }
}

TEST(SelectionEmu, CompactMatchesCpuAndReference) {
  for (const auto& in : inputs()) {
    for (float tau : kParams) {
      const auto emu = xdna::ops::compact(in.x, tau, Backend::emu);
      const auto want = ref::compact(in.x, xdna::ops::to_q8(tau));
      ASSERT_EQ(bits_of(emu.out), bits_of(want.out)) << in.name << " tau " << tau;
      ASSERT_EQ(emu.indices, want.indices) << in.name << " tau " << tau;
      EXPECT_EQ(emu.count, want.indices.size());
    }
  }
}

TEST(SelectionEmu, PseCollapseMatchesCpuAndReference) {
  for (const auto& in : inputs()) {
    for (float frac : kParams) {
      const auto emu = xdna::ops::pse_collapse(in.x, frac, Backend::emu);
      const auto cpu = xdna::ops::pse_collapse(in.x, frac, Backend::cpu);
      const auto want = ref::pse_collapse(in.x, xdna::ops::to_q8(frac));
      ASSERT_EQ(bits_of(emu.out), bits_of(want.out)) << in.name << " frac " << frac;
      ASSERT_EQ(emu.indices, want.indices) << in.name << " frac " << frac;
      EXPECT_EQ(bfloat16(emu.peak).bits(), bfloat16(cpu.peak).bits()) << in.name;
    }
  }
}

TEST(SelectionEmu, ReduceMaxMatchesCpuAndReference) {
  for (const auto& in : inputs()) {
    const auto emu = xdna::ops::reduce_max(in.x, Backend::emu);
    EXPECT_EQ(emu.bits(), xdna::ops::reduce_max(in.x, Backend::cpu).bits()) << in.name;
    EXPECT_EQ(emu.bits(), ref::reduce_max(in.x).bits()) << in.name;
  }
}

// The documented NaN-position rule holds on the emulated kernels too.
TEST(SelectionEmu, NanInTheLastLanePoisonsThePeak) {
  std::vector<bfloat16> x(32, bfloat16(1.0f));
  x[31] = bfloat16::from_bits(0x7fc0);
  const auto r = xdna::ops::collapse_fused(x, 0.5f, Backend::emu);
  EXPECT_TRUE(std::isnan(r.peak));
  EXPECT_EQ(r.survivors, 0u);
}

// Beyond one tile: a million elements over four tiles and 256 chunks (seed's cross-tile design
// generalised), same bits as the CPU.
TEST(SelectionEmu, OneMebiElements) {
  const auto x = testdata::normal_bf16(1u << 20, 77);
  const auto emu = xdna::ops::collapse_fused(x, 0.6f, Backend::emu);
  const auto cpu = xdna::ops::collapse_fused(x, 0.6f, Backend::cpu);
  EXPECT_EQ(emu.survivors, cpu.survivors);
  EXPECT_GT(emu.survivors, 0u);
  ASSERT_EQ(bits_of(emu.out), bits_of(cpu.out));
  EXPECT_EQ(xdna::ops::last_emulator_run().cores, 5u);  // 4 slices + the combiner
}

TEST(SelectionEmu, RunFiguresAreReported) {
  const auto x = testdata::normal_bf16(5000, 1);
  xdna::ops::compact(x, 0.5f, Backend::emu);
  const auto& run = xdna::ops::last_emulator_run();
  EXPECT_EQ(run.runs, 1u);
  EXPECT_EQ(run.designs.at(0), "ops_compact");
  EXPECT_EQ(run.kernel_calls, 3u);       // 5000 -> 3 chunks of 2048 on 3 tiles
  EXPECT_GE(run.dma_bytes, 2u * 6144u);  // the padded input at least once in and once out
}

TEST(SelectionEmu, TopkMatchesCpuAndReference) {
  for (std::size_t n : {40u, 300u, 5000u}) {
    for (const auto& x : {testdata::normal_bf16(n, 5), testdata::ties_bf16(n, 6),
                          testdata::random_bits_bf16(n, 7)}) {
      std::size_t ordered = 0;
      for (bfloat16 v : x) ordered += !ref::is_nan(v);
      for (std::size_t count : {std::size_t{1}, ordered / 3 + 1, ordered}) {
        const bfloat16 emu = xdna::ops::topk_threshold(x, count, Backend::emu);
        ASSERT_EQ(emu.bits(), xdna::ops::topk_threshold(x, count, Backend::cpu).bits())
            << "n=" << n << " count=" << count;
        if (n <= 300) {
          ASSERT_EQ(emu.bits(), ref::topk_threshold(x, count).bits());
        }
      }
    }
  }
  EXPECT_GE(xdna::ops::last_emulator_run().runs, 15u);  // the bisection's probes
}

}  // namespace
