// The threaded CPU paths of the selection calls (inputs of at least cpu::kThreadedCollapseMin or
// kThreadedCompactMin elements):
// collapse, collapse_fused, compact and pse_collapse with XDNA_THREADS = 1 (the single-threaded
// path), 2, 3 and 7, each bit for bit against the independent scalar reference of
// selection_reference.hpp, around the threshold and with special values and survivors placed at
// every multiple of 4096 elements (the threaded paths split x into blocks of 65536, so every block
// boundary gets them, as would any other split in whole 4096s). Also the two
// helpers the threaded compact is built from, count_survivors and compact_survivors_exact, against
// a scalar loop written here.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "../../src/ops/selection_cpu.hpp"
#include "scoped_threads.hpp"
#include "selection_reference.hpp"
#include "xdna/ops/selection.hpp"

namespace {

namespace cpu = xdna::ops::cpu;
using xdna::ops::Backend;
using Bits = std::vector<std::uint16_t>;

constexpr std::uint16_t kOne = 0x3f80;
constexpr std::uint16_t kMinusOne = 0xbf80;
constexpr std::uint16_t kSentinel = 0xdead;
constexpr std::uint32_t kIndexSentinel = 0xdeadbeef;
constexpr std::size_t kPieceGrain = 4096;  // divides the threaded paths' block size

constexpr int kThreadCounts[] = {1, 2, 3, 7};

std::vector<bfloat16> as_bf16(const Bits& bits) {
  std::vector<bfloat16> x(bits.size());
  for (std::size_t i = 0; i < bits.size(); ++i) x[i] = bfloat16::from_bits(bits[i]);
  return x;
}

// bf16 of N(0, 1) with NaN, +-0, +-inf, subnormals and values equal to the thresholds used here
// around every multiple of 4096 (so at every block boundary of the threaded paths).
Bits normal_with_specials(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist;
  Bits x(n);
  for (auto& b : x) b = static_cast<std::uint16_t>(std::bit_cast<std::uint32_t>(dist(rng)) >> 16);
  const std::uint16_t specials[] = {0x7fc0, 0xffc0, 0x0000, 0x8000, 0x7f80,
                                    0xff80, 0x0001, 0x8001, 0x3f00, 0x3e80};
  std::size_t s = 0;
  for (std::size_t at = 0; at < n; at += kPieceGrain) {
    for (std::size_t d = 0; d < 4 && at + d < n; ++d) x[at + d] = specials[s++ % 10];
    if (at >= 2) x[at - 2] = specials[s++ % 10], x[at - 1] = specials[s++ % 10];
  }
  return x;
}

// Sizes at and around the threshold: below it (single-threaded whatever XDNA_THREADS says), at it,
// and above it with a length that is not a multiple of the grain or of 64.
std::vector<std::size_t> sizes_around(std::size_t threshold) {
  return {threshold - 1, threshold, threshold + 3 * kPieceGrain + 45};
}

void expect_positional(const xdna::ops::CollapseResult& got, const ref::Positional& want,
                       const std::string& what) {
  ASSERT_EQ(got.out.size(), want.out.size()) << what;
  for (std::size_t i = 0; i < want.out.size(); ++i)
    ASSERT_EQ(got.out[i].bits(), want.out[i].bits()) << what << " i=" << i;
  ASSERT_EQ(got.survivors, want.survivors) << what;
  ASSERT_EQ(std::bit_cast<std::uint32_t>(got.tau), std::bit_cast<std::uint32_t>(want.tau)) << what;
}

void expect_packed(const xdna::ops::CompactResult& got, const ref::Packed& want,
                   const std::string& what) {
  ASSERT_EQ(got.out.size(), want.out.size()) << what;
  for (std::size_t i = 0; i < want.out.size(); ++i)
    ASSERT_EQ(got.out[i].bits(), want.out[i].bits()) << what << " i=" << i;
  ASSERT_EQ(got.count, want.indices.size()) << what;
  ASSERT_EQ(got.indices, want.indices) << what;
}

std::string describe(const char* op, std::size_t n, float p, int threads) {
  return std::string(op) + " n=" + std::to_string(n) + " param=" + std::to_string(p) +
         " XDNA_THREADS=" + std::to_string(threads);
}

TEST(SelectionThreads, CollapseEveryThreadCountMatchesReference) {
  for (std::size_t n : sizes_around(cpu::kThreadedCollapseMin)) {
    const auto x = as_bf16(normal_with_specials(n, static_cast<std::uint32_t>(n)));
    for (float tau : {0.5f, 0.0f}) {  // 0: the flushed-subnormal rule of collapse
      const auto want = ref::collapse(x, xdna::ops::to_q8(tau));
      for (int threads : kThreadCounts) {
        const ScopedThreads scoped(threads);
        expect_positional(xdna::ops::collapse(x, tau, Backend::cpu), want,
                          describe("collapse", n, tau, threads));
      }
    }
  }
}

TEST(SelectionThreads, CollapseFusedEveryThreadCountMatchesReference) {
  for (std::size_t n : sizes_around(cpu::kThreadedCollapseMin)) {
    const auto x = as_bf16(normal_with_specials(n, static_cast<std::uint32_t>(n) + 1));
    const auto want = ref::collapse_fused(x, xdna::ops::to_q8(0.5f));
    for (int threads : kThreadCounts) {
      const ScopedThreads scoped(threads);
      expect_positional(xdna::ops::collapse_fused(x, 0.5f, Backend::cpu), want,
                        describe("collapse_fused", n, 0.5f, threads));
    }
  }
}

TEST(SelectionThreads, CompactEveryThreadCountMatchesReference) {
  for (std::size_t n : sizes_around(cpu::kThreadedCompactMin)) {
    const auto x = as_bf16(normal_with_specials(n, static_cast<std::uint32_t>(n) + 2));
    for (float tau : {0.5f, 2.5f}) {  // 31 %, 0.6 % kept
      const auto want = ref::compact(x, xdna::ops::to_q8(tau));
      for (int threads : kThreadCounts) {
        const ScopedThreads scoped(threads);
        expect_packed(xdna::ops::compact(x, tau, Backend::cpu), want,
                      describe("compact", n, tau, threads));
      }
    }
  }
}

TEST(SelectionThreads, PseCollapseEveryThreadCountMatchesReference) {
  for (std::size_t n : sizes_around(cpu::kThreadedCompactMin)) {
    const auto x = as_bf16(normal_with_specials(n, static_cast<std::uint32_t>(n) + 3));
    const auto want = ref::pse_collapse(x, xdna::ops::to_q8(0.5f));
    for (int threads : kThreadCounts) {
      const ScopedThreads scoped(threads);
      expect_packed(xdna::ops::pse_collapse(x, 0.5f, Backend::cpu), want,
                    describe("pse_collapse", n, 0.5f, threads));
    }
  }
}

// Survivors only in one region (inside the first block, straddling a block boundary in the middle,
// at the very end), none at all, all of them, and all NaN: the blocks then have very different
// counts and offsets, down to zero survivors, or the whole block.
TEST(SelectionThreads, CompactSurvivorsConcentratedNoneOrAll) {
  const std::size_t n = cpu::kThreadedCompactMin + kPieceGrain + 7;  // both calls threaded
  struct Layout {
    const char* name;
    Bits x;
  };
  std::vector<Layout> layouts;
  Bits first(n, kMinusOne);
  std::fill(first.begin(), first.begin() + 5000, kOne);
  layouts.push_back({"first 5000", first});
  Bits last(n, kMinusOne);
  std::fill(last.end() - 70, last.end(), kOne);
  layouts.push_back({"last 70", last});
  Bits middle(n, kMinusOne);
  std::fill(middle.begin() + static_cast<std::ptrdiff_t>(n / 2 - 3000),
            middle.begin() + static_cast<std::ptrdiff_t>(n / 2 + 3000), kOne);
  layouts.push_back({"middle 6000", middle});
  layouts.push_back({"none", Bits(n, kMinusOne)});
  layouts.push_back({"all", Bits(n, kOne)});
  layouts.push_back({"all NaN", Bits(n, 0x7fc0)});
  for (const Layout& layout : layouts) {
    const auto x = as_bf16(layout.x);
    const auto want = ref::compact(x, xdna::ops::to_q8(0.5f));
    const auto want_positional = ref::collapse(x, xdna::ops::to_q8(0.5f));
    for (int threads : kThreadCounts) {
      const ScopedThreads scoped(threads);
      const std::string what = std::string(layout.name) + " " + describe("", n, 0.5f, threads);
      expect_packed(xdna::ops::compact(x, 0.5f, Backend::cpu), want, "compact " + what);
      expect_positional(xdna::ops::collapse(x, 0.5f, Backend::cpu), want_positional,
                        "collapse " + what);
    }
  }
}

// The helpers, against a scalar loop: count_survivors gives compact's count;
// compact_survivors_exact gives compact_survivors' survivors and indices and writes nothing outside
// out[0..k), index[0..k).
TEST(SelectionThreads, CountAndExactCompactionAgainstScalarLoop) {
  std::mt19937 rng(9);
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 200; ++n) lengths.push_back(n);
  for (std::size_t n : {255u, 256u, 257u, 2047u, 2048u, 2049u, 4096u, 10000u, 70001u})
    lengths.push_back(n);
  const Bits pool = normal_with_specials(70001, 4);
  const float thresholds[] = {0.5f,      2.5f,     0.0f,   -0.0f,
                              -INFINITY, INFINITY, 1e-40f, std::numeric_limits<float>::quiet_NaN(),
                              -0.5f,     -1e30f};
  for (std::size_t n : lengths) {
    const std::size_t start = rng() % (pool.size() - n + 1);
    const Bits x(pool.begin() + static_cast<std::ptrdiff_t>(start),
                 pool.begin() + static_cast<std::ptrdiff_t>(start + n));
    for (float t : thresholds) {
      const std::string what = "n=" + std::to_string(n) + " t=" + std::to_string(t);
      Bits want_values;
      std::vector<std::uint32_t> want_index;
      for (std::size_t i = 0; i < n; ++i) {
        if (std::bit_cast<float>(std::uint32_t{x[i]} << 16) >= t) {
          want_values.push_back(x[i]);
          want_index.push_back(77 + static_cast<std::uint32_t>(i));
        }
      }
      const std::size_t k = want_values.size();
      ASSERT_EQ(cpu::count_survivors(x.data(), n, t), k) << what;
      ASSERT_EQ(cpu::portable::count_survivors(x.data(), n, t), k) << what;
      // Guard elements on both sides catch any write outside [0, k).
      Bits out(k + 128, kSentinel);
      std::vector<std::uint32_t> index(k + 128, kIndexSentinel);
      ASSERT_EQ(
          cpu::compact_survivors_exact(x.data(), n, t, out.data() + 64, index.data() + 64, 77, k),
          k)
          << what;
      for (std::size_t j = 0; j < 64; ++j) {
        ASSERT_EQ(out[j], kSentinel) << what << " wrote before out";
        ASSERT_EQ(out[64 + k + j], kSentinel) << what << " wrote past k";
        ASSERT_EQ(index[j], kIndexSentinel) << what << " wrote before index";
        ASSERT_EQ(index[64 + k + j], kIndexSentinel) << what << " wrote past k";
      }
      ASSERT_TRUE(std::equal(want_values.begin(), want_values.end(), out.begin() + 64)) << what;
      ASSERT_TRUE(std::equal(want_index.begin(), want_index.end(), index.begin() + 64)) << what;
    }
  }
}

// A wrong k is a logic error of the caller: reported, and still no write outside [0, k).
TEST(SelectionThreads, ExactCompactionRejectsAWrongCount) {
  const Bits x(5000, kOne);
  Bits out(4000 + 64, kSentinel);
  std::vector<std::uint32_t> index(4000 + 64, kIndexSentinel);
  EXPECT_THROW(
      cpu::compact_survivors_exact(x.data(), x.size(), 0.5f, out.data(), index.data(), 0, 4000),
      std::logic_error);
  for (std::size_t j = 4000; j < out.size(); ++j) {
    ASSERT_EQ(out[j], kSentinel) << j;
    ASSERT_EQ(index[j], kIndexSentinel) << j;
  }
  Bits big(6000, kSentinel);
  std::vector<std::uint32_t> big_index(6000, kIndexSentinel);
  EXPECT_THROW(
      cpu::compact_survivors_exact(x.data(), x.size(), 0.5f, big.data(), big_index.data(), 0, 5500),
      std::logic_error);
}

}  // namespace
