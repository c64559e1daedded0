// Selection operators on the CPU backend against the scalar reference, bit for bit, on random
// and adversarial inputs; plus the documented special-value behaviour and the error paths.
#include <gtest/gtest.h>

#include <cmath>

#include "../../src/ops/selection_cpu.hpp"
#include "selection_reference.hpp"
#include "test_data.hpp"
#include "xdna/common/error.hpp"
#include "xdna/ops/selection.hpp"

namespace {

using testdata::bits_of;
using xdna::ops::Backend;

struct Case {
  std::vector<bfloat16> x;
  float param;
};

// Thresholds in Q8 range covering "nothing kept", "everything kept" and the middle.
std::vector<Case> cases() {
  std::vector<Case> out;
  const std::size_t sizes[] = {1, 5, 31, 32, 33, 63, 64, 100, 1000, 4096, 4097, 65537};
  std::uint32_t seed = 1;
  for (std::size_t n : sizes) {
    for (float p : {-1e6f, -0.5f, 0.0f, 0.25f, 0.5f, 1.0f, 1e6f}) {
      out.push_back({testdata::normal_bf16(n, seed++), p});
      out.push_back({testdata::random_bits_bf16(n, seed++), p});
      out.push_back({testdata::ties_bf16(n, seed++), p});
    }
  }
  for (float p : {-1.0f, 0.0f, 1.0f / 256, 0.5f, 1.0f})
    out.push_back({testdata::specials_bf16(), p});
  return out;
}

void expect_positional(const xdna::ops::CollapseResult& got, const ref::Positional& want,
                       const std::string& what) {
  ASSERT_EQ(bits_of(got.out), bits_of(want.out)) << what;
  EXPECT_EQ(got.survivors, want.survivors) << what;
  EXPECT_EQ(std::bit_cast<std::uint32_t>(got.tau), std::bit_cast<std::uint32_t>(want.tau)) << what;
}

void expect_packed(const xdna::ops::CompactResult& got, const ref::Packed& want,
                   const std::string& what) {
  ASSERT_EQ(bits_of(got.out), bits_of(want.out)) << what;
  EXPECT_EQ(got.indices, want.indices) << what;
  EXPECT_EQ(got.count, want.indices.size()) << what;
  EXPECT_EQ(std::bit_cast<std::uint32_t>(got.tau), std::bit_cast<std::uint32_t>(want.tau)) << what;
}

std::string describe(const Case& c) {
  return "n=" + std::to_string(c.x.size()) + " param=" + std::to_string(c.param);
}

TEST(SelectionCpu, CollapseMatchesReference) {
  for (const Case& c : cases()) {
    const auto got = xdna::ops::collapse(c.x, c.param, Backend::cpu);
    expect_positional(got, ref::collapse(c.x, xdna::ops::to_q8(c.param)), describe(c));
  }
}

TEST(SelectionCpu, CollapseFusedMatchesReference) {
  for (const Case& c : cases()) {
    const auto got = xdna::ops::collapse_fused(c.x, c.param, Backend::cpu);
    expect_positional(got, ref::collapse_fused(c.x, xdna::ops::to_q8(c.param)), describe(c));
    EXPECT_EQ(bfloat16(got.peak).bits(), ref::fused_peak(c.x, 4096).bits()) << describe(c);
  }
}

TEST(SelectionCpu, CompactMatchesReference) {
  for (const Case& c : cases()) {
    const auto got = xdna::ops::compact(c.x, c.param, Backend::cpu);
    expect_packed(got, ref::compact(c.x, xdna::ops::to_q8(c.param)), describe(c));
  }
}

TEST(SelectionCpu, PseCollapseMatchesReference) {
  for (const Case& c : cases()) {
    const auto got = xdna::ops::pse_collapse(c.x, c.param, Backend::cpu);
    expect_packed(got, ref::pse_collapse(c.x, xdna::ops::to_q8(c.param)), describe(c));
  }
}

TEST(SelectionCpu, ReduceMaxMatchesReference) {
  for (const Case& c : cases()) {
    EXPECT_EQ(xdna::ops::reduce_max(c.x, Backend::cpu).bits(), ref::reduce_max(c.x).bits())
        << describe(c);
  }
}

TEST(SelectionCpu, TopkThresholdMatchesReference) {
  for (std::size_t n : {1u, 7u, 33u, 300u}) {
    for (std::uint32_t seed = 0; seed < 3; ++seed) {
      for (const auto& x : {testdata::normal_bf16(n, seed), testdata::ties_bf16(n, seed + 10),
                            testdata::random_bits_bf16(n, seed + 20)}) {
        std::size_t ordered = 0;
        for (bfloat16 v : x) ordered += !ref::is_nan(v);
        for (std::size_t count = 1; count <= ordered; count += 1 + ordered / 9) {
          const bfloat16 t = xdna::ops::topk_threshold(x, count, Backend::cpu);
          ASSERT_EQ(t.bits(), ref::topk_threshold(x, count).bits()) << "n=" << n << " k=" << count;
          std::size_t kept = 0;
          for (bfloat16 v : x) kept += static_cast<float>(v) >= static_cast<float>(t);
          EXPECT_GE(kept, count);
        }
      }
    }
  }
}

TEST(SelectionCpu, TopkKeepsExactlyCountOnDistinctValues) {
  std::vector<bfloat16> x;
  for (int i = 0; i < 200; ++i) x.push_back(bfloat16(static_cast<float>((i * 37) % 200) - 100.0f));
  for (std::size_t count : {1u, 50u, 199u, 200u}) {
    const float t = xdna::ops::topk_threshold(x, count, Backend::cpu);
    std::size_t kept = 0;
    for (bfloat16 v : x) kept += static_cast<float>(v) >= t;
    EXPECT_EQ(kept, count);
  }
}

// The SIMD and portable CPU paths agree on every length around the 32-lane blocks.
TEST(SelectionCpu, SimdAndPortablePathsAgree) {
  for (std::size_t n = 1; n < 200; n += 7) {
    const auto x = bits_of(testdata::random_bits_bf16(n, static_cast<std::uint32_t>(n)));
    for (float t : {-INFINITY, -1.0f, 0.0f, 0.5f, INFINITY}) {
      std::vector<std::uint16_t> a(n), b(n);
      std::vector<std::uint32_t> ia(n), ib(n);
      EXPECT_EQ(xdna::ops::cpu::threshold_positional(x.data(), n, t, a.data()),
                xdna::ops::cpu::portable::threshold_positional(x.data(), n, t, b.data()));
      EXPECT_EQ(a, b);
      const auto ka = xdna::ops::cpu::threshold_compact(x.data(), n, t, a.data(), ia.data());
      const auto kb =
          xdna::ops::cpu::portable::threshold_compact(x.data(), n, t, b.data(), ib.data());
      ASSERT_EQ(ka, kb);
      EXPECT_EQ(a, b);
      ia.resize(ka);
      ib.resize(kb);
      EXPECT_EQ(ia, ib);
    }
  }
}

// --- Documented special-value behaviour (docs/ops/selection.md) ---

bfloat16 b(std::uint16_t bits) {
  return bfloat16::from_bits(bits);
}

TEST(SelectionCpu, NanNeverSurvivesInfFollowsSign) {
  const std::vector<bfloat16> x = {b(0x7fc0), b(0xffc0), b(0x7f80), b(0xff80), b(0x3f80)};
  const auto r = xdna::ops::collapse(x, -1000.0f, Backend::cpu);
  EXPECT_EQ(bits_of(r.out), (std::vector<std::uint16_t>{0, 0, 0x7f80, 0, 0x3f80}));
  const auto c = xdna::ops::compact(x, -1000.0f, Backend::cpu);
  EXPECT_EQ(c.indices, (std::vector<std::uint32_t>{2, 4}));
}

TEST(SelectionCpu, PeakInfinityWithZeroFractionKeepsNothing) {
  const std::vector<bfloat16> x = {b(0x7f80), b(0x3f80), b(0x0000)};
  const auto r = xdna::ops::collapse_fused(x, 0.0f, Backend::cpu);
  EXPECT_TRUE(std::isnan(r.tau));  // 0 * inf
  EXPECT_EQ(r.survivors, 0u);
  const auto p = xdna::ops::collapse_fused(x, 0.5f, Backend::cpu);
  EXPECT_EQ(p.survivors, 1u);  // tau = +inf keeps only +inf
  EXPECT_EQ(p.out[0].bits(), 0x7f80);
}

TEST(SelectionCpu, AllNanKeepsNothing) {
  for (std::size_t n : {32u, 40u, 5000u}) {
    const std::vector<bfloat16> x(n, b(0x7fc0));
    EXPECT_EQ(xdna::ops::collapse_fused(x, 0.5f, Backend::cpu).survivors, 0u);
    EXPECT_EQ(xdna::ops::pse_collapse(x, 0.5f, Backend::cpu).count, 0u);
    EXPECT_EQ(xdna::ops::collapse(x, -5.0f, Backend::cpu).survivors, 0u);
  }
}

// The documented lane rule: a NaN lane is replaced by the next value of that lane, and in the
// tree a NaN survives only on the path that ends in lane 0's partner. With 32 values of 1.0,
// a NaN at index 30 disappears; at index 31 it reaches lane 0 and the peak is NaN, so
// tau = NaN and nothing survives.
TEST(SelectionCpu, NanPositionDecidesThePeakAsOnTheNpu) {
  std::vector<bfloat16> x(32, bfloat16(1.0f));
  x[30] = b(0x7fc0);
  auto r = xdna::ops::collapse_fused(x, 0.5f, Backend::cpu);
  EXPECT_EQ(r.peak, 1.0f);
  EXPECT_EQ(r.survivors, 31u);
  x[30] = bfloat16(1.0f);
  x[31] = b(0x7fc0);
  r = xdna::ops::collapse_fused(x, 0.5f, Backend::cpu);
  EXPECT_TRUE(std::isnan(r.peak));
  EXPECT_EQ(r.survivors, 0u);
}

TEST(SelectionCpu, PeakFloorsAndReduceMaxStart) {
  const std::vector<bfloat16> below(64, bfloat16(-1e35f));
  EXPECT_EQ(bfloat16(xdna::ops::collapse_fused(below, 0.5f, Backend::cpu).peak).bits(),
            xdna::ops::kPeakFloorBits);
  const std::vector<bfloat16> minus_inf(64, b(0xff80));
  EXPECT_EQ(xdna::ops::reduce_max(minus_inf, Backend::cpu).bits(), 0xff7f);
  EXPECT_EQ(xdna::ops::reduce_max(below, Backend::cpu), bfloat16(-1e35f));
}

TEST(SelectionCpu, CollapseFlushesNegativeSubnormalsAtZeroThreshold) {
  const std::vector<bfloat16> x = {b(0x8001), b(0x807f), b(0x8080), b(0x0001), b(0x8000)};
  // tau = 0: -subnormals count as -0 >= 0 and are kept (as x, unchanged); -min normal is not.
  EXPECT_EQ(bits_of(xdna::ops::collapse(x, 0.0f, Backend::cpu).out),
            (std::vector<std::uint16_t>{0x8001, 0x807f, 0, 0x0001, 0x8000}));
  // compact compares exactly: -subnormals are below 0.
  EXPECT_EQ(xdna::ops::compact(x, 0.0f, Backend::cpu).indices, (std::vector<std::uint32_t>{3, 4}));
}

TEST(SelectionCpu, TiesAreKept) {
  const std::vector<bfloat16> x(100, bfloat16(0.5f));
  EXPECT_EQ(xdna::ops::collapse(x, 0.5f, Backend::cpu).survivors, 100u);
  EXPECT_EQ(xdna::ops::compact(x, 0.5f, Backend::cpu).count, 100u);
  EXPECT_EQ(xdna::ops::collapse_fused(x, 1.0f, Backend::cpu).survivors, 100u);
  EXPECT_EQ(xdna::ops::pse_collapse(x, 1.0f, Backend::cpu).count, 100u);
}

TEST(SelectionCpu, CollapseRoundsThresholdToBf16ButCompactDoesNot) {
  // tau = 257/256 is not a bf16 (9 significant bits); collapse rounds it to 1.0 (ties to even),
  // compact compares in fp32 against 1.00390625.
  const std::vector<bfloat16> x = {bfloat16(1.0f)};
  EXPECT_EQ(xdna::ops::collapse(x, 257.0f / 256, Backend::cpu).survivors, 1u);
  EXPECT_EQ(xdna::ops::compact(x, 257.0f / 256, Backend::cpu).count, 0u);
}

TEST(SelectionCpu, ToQ8RoundsHalfAwayFromZero) {
  EXPECT_EQ(xdna::ops::to_q8(0.5f), 128);
  EXPECT_EQ(xdna::ops::to_q8(1.0f / 512), 1);
  EXPECT_EQ(xdna::ops::to_q8(-1.0f / 512), -1);
  EXPECT_EQ(xdna::ops::to_q8(0.0f), 0);
  EXPECT_THROW(xdna::ops::to_q8(NAN), xdna::InputError);
  EXPECT_THROW(xdna::ops::to_q8(INFINITY), xdna::InputError);
  EXPECT_THROW(xdna::ops::to_q8(1e7f), xdna::InputError);
}

TEST(SelectionCpu, BadInputIsRefused) {
  const std::vector<bfloat16> empty;
  EXPECT_THROW(xdna::ops::collapse(empty, 0.5f, Backend::cpu), xdna::InputError);
  EXPECT_THROW(xdna::ops::reduce_max(empty, Backend::cpu), xdna::InputError);
  const std::vector<bfloat16> x = {bfloat16(1.0f), b(0x7fc0)};
  EXPECT_THROW(xdna::ops::topk_threshold(x, 0, Backend::cpu), xdna::InputError);
  EXPECT_THROW(xdna::ops::topk_threshold(x, 2, Backend::cpu), xdna::InputError);  // one is NaN
  EXPECT_THROW(xdna::ops::collapse(x, NAN, Backend::cpu), xdna::InputError);
}

TEST(SelectionCpu, NpuBackendSaysNoRuntime) {
  const std::vector<bfloat16> x = {bfloat16(1.0f)};
  try {
    xdna::ops::collapse(x, 0.5f, Backend::npu);
    FAIL() << "expected an error";
  } catch (const xdna::Error& e) {
    EXPECT_NE(std::string(e.what()).find("no NPU runtime"), std::string::npos) << e.what();
  }
}

TEST(SelectionCpu, ParseBackend) {
  EXPECT_EQ(xdna::ops::parse_backend("cpu"), Backend::cpu);
  EXPECT_EQ(xdna::ops::parse_backend("emu"), Backend::emu);
  EXPECT_EQ(xdna::ops::parse_backend("npu"), Backend::npu);
  EXPECT_THROW(xdna::ops::parse_backend("gpu"), xdna::InputError);
  EXPECT_EQ(xdna::ops::to_string(Backend::emu), "emu");
}

}  // namespace
