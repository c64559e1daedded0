// Every code path of the CPU compaction against a scalar loop written here from the documented
// semantics (keep float(x) >= t, NaN never kept; survivors packed in order with their indices, then
// zeros): the AVX-512 loop's two blocks per pair and two pairs per step with the scalar tail after
// them, its narrow and full-width stores and the per-run switch between them, the survivor tests
// for t > 0 and for any t, the streaming zero fill of large outputs, compact_survivors' contract,
// and the compact() API, which writes its result piece by piece.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "../../src/ops/selection_cpu.hpp"
#include "selection_reference.hpp"
#include "xdna/ops/selection.hpp"

namespace {

namespace cpu = xdna::ops::cpu;
using Bits = std::vector<std::uint16_t>;

constexpr std::uint16_t kOne = 0x3f80;           // 1.0
constexpr std::uint16_t kMinusOne = 0xbf80;      // -1.0
constexpr std::uint16_t kMinusQuarter = 0xbe80;  // -0.25
constexpr std::uint16_t kSentinel = 0xdead;
constexpr std::uint32_t kIndexSentinel = 0xdeadbeef;

struct Want {
  Bits packed;  // survivors then zeros, n elements
  std::vector<std::uint32_t> index;
};

Want scalar_compact(const Bits& x, float t, std::uint32_t first_index = 0) {
  Want w;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::bit_cast<float>(std::uint32_t{x[i]} << 16) >= t) {
      w.packed.push_back(x[i]);
      w.index.push_back(first_index + static_cast<std::uint32_t>(i));
    }
  }
  w.packed.resize(x.size(), 0);
  return w;
}

// bf16 of N(0, 1) values: t = 0.5 keeps about 31 %, t = 0 about half.
Bits normal_bits(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist;
  Bits x(n);
  for (auto& b : x) b = static_cast<std::uint16_t>(std::bit_cast<std::uint32_t>(dist(rng)) >> 16);
  return x;
}

// threshold_compact with and without indices, out of place and in place, against the scalar loop.
void check_threshold_compact(const Bits& x, float t, const std::string& what) {
  const Want want = scalar_compact(x, t);
  const std::size_t n = x.size();
  Bits out(n, kSentinel);
  std::vector<std::uint32_t> index(n, kIndexSentinel);
  ASSERT_EQ(cpu::threshold_compact(x.data(), n, t, out.data(), index.data()), want.index.size())
      << what;
  ASSERT_EQ(out, want.packed) << what;
  index.resize(want.index.size());
  ASSERT_EQ(index, want.index) << what;

  std::fill(out.begin(), out.end(), kSentinel);
  ASSERT_EQ(cpu::threshold_compact(x.data(), n, t, out.data(), nullptr), want.index.size()) << what;
  ASSERT_EQ(out, want.packed) << what;

  Bits in_place = x;
  index.assign(n, kIndexSentinel);
  ASSERT_EQ(cpu::threshold_compact(in_place.data(), n, t, in_place.data(), index.data()),
            want.index.size())
      << what;
  ASSERT_EQ(in_place, want.packed) << what;
  index.resize(want.index.size());
  ASSERT_EQ(index, want.index) << what;
}

// compact_survivors: survivors and first_index-based indices in front; behind them out holds only
// zeros or its old contents (what the API relies on), and nothing past n is touched.
void check_compact_survivors(const Bits& x, float t, std::uint32_t first_index,
                             const std::string& what) {
  const Want want = scalar_compact(x, t, first_index);
  const std::size_t n = x.size();
  const std::size_t k = want.index.size();
  Bits out(n + 64, kSentinel);
  std::vector<std::uint32_t> index(n + 64, kIndexSentinel);
  ASSERT_EQ(cpu::compact_survivors(x.data(), n, t, out.data(), index.data(), first_index), k)
      << what;
  for (std::size_t j = 0; j < k; ++j) {
    ASSERT_EQ(out[j], want.packed[j]) << what << " j=" << j;
    ASSERT_EQ(index[j], want.index[j]) << what << " j=" << j;
  }
  for (std::size_t j = k; j < n; ++j)
    ASSERT_TRUE(out[j] == 0 || out[j] == kSentinel) << what << " j=" << j;
  for (std::size_t j = n; j < n + 64; ++j) {
    ASSERT_EQ(out[j], kSentinel) << what << " wrote past n at " << j;
    ASSERT_EQ(index[j], kIndexSentinel) << what << " wrote past n at " << j;
  }
}

// Thresholds that take each survivor test: t > 0 (range check on the raw bits), t <= 0 and zero
// bounds (range check on the order key), NaN (nothing survives, portable path).
const float kThresholds[] = {0.5f,  1e-40f,    0.0f,     -0.0f,
                             -0.5f, -INFINITY, INFINITY, std::numeric_limits<float>::quiet_NaN()};

// Every length up to 300 and around the 2048-element runs: the scalar tail after 0..63 elements,
// a lone pair after the two-pair steps, and runs cut short by the end of the input.
TEST(SelectionCompactPaths, EveryLengthAroundTheLoopBoundaries) {
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 300; ++n) lengths.push_back(n);
  for (std::size_t base : {383u, 2047u, 2111u, 2175u, 4095u, 4159u, 6143u})
    for (std::size_t d = 0; d < 3; ++d) lengths.push_back(base + d);
  const Bits pool = normal_bits(6200, 1);
  for (std::size_t n : lengths) {
    const Bits x(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(n));
    for (float t : kThresholds) {
      const std::string what = "n=" + std::to_string(n) + " t=" + std::to_string(t);
      check_threshold_compact(x, t, what);
      check_compact_survivors(x, t, 1000, what);
    }
  }
}

// Runs of 2048 elements with different survival rates, so that the loop switches between narrow
// stores (previous run kept <= 3/8) and full-width ones in both directions; inside narrow runs,
// pairs where one or both blocks keep more than 16 (the per-pair fallback to full-width stores).
Bits regime_input(std::uint16_t keep, std::uint16_t drop, std::uint32_t seed) {
  std::mt19937 rng(seed);
  Bits x;
  auto add_block = [&](int kept) {
    Bits block(32, drop);
    for (int l = 0; l < kept; ++l) block[static_cast<std::size_t>(l)] = keep;
    std::shuffle(block.begin(), block.end(), rng);
    x.insert(x.end(), block.begin(), block.end());
  };
  // Per run: survivors per 32-lane block, cycling through the run's blocks (64 blocks per run).
  const std::vector<std::vector<int>> runs = {
      {3},  {12},         {13}, {16, 17},  {32, 0},  {0, 32}, {16}, {20},
      {31}, {12, 12, 13}, {32}, {1, 2, 3}, {17, 16}, {24},    {0},  {12},
  };
  for (const auto& pattern : runs)
    for (std::size_t b = 0; b < 64; ++b) add_block(pattern[b % pattern.size()]);
  for (int b = 0; b < 3; ++b) add_block(17);  // 96 more: a lone pair and a 32-lane tail
  x.push_back(keep);
  return x;
}

TEST(SelectionCompactPaths, SurvivalRegimesAndStoreWidths) {
  // (keep, drop, t): the t > 0 test and the order-key test (t <= 0, negative survivors).
  struct Regime {
    std::uint16_t keep, drop;
    float t;
  };
  for (const Regime r : {Regime{kOne, kMinusOne, 0.5f}, Regime{kMinusQuarter, kMinusOne, -0.5f},
                         Regime{0x8000, kMinusOne, 0.0f}}) {
    const Bits x = regime_input(r.keep, r.drop, 5);
    const std::string what = "t=" + std::to_string(r.t);
    check_threshold_compact(x, r.t, what);
    check_compact_survivors(x, r.t, 7, what);
    // Misaligned starts shift every store offset.
    for (std::size_t skip = 1; skip < 4; ++skip) {
      const Bits shifted(x.begin() + static_cast<std::ptrdiff_t>(skip), x.end());
      check_threshold_compact(shifted, r.t, what + " skip=" + std::to_string(skip));
    }
  }
}

TEST(SelectionCompactPaths, AllAndNoneSurviveOnLongInputs) {
  const Bits x = normal_bits(5000, 2);
  check_threshold_compact(x, -INFINITY, "all but NaN survive");
  check_threshold_compact(x, 1e30f, "none survive");
  check_threshold_compact(Bits(5000, kOne), 1.0f, "all equal to t");
}

// A zero fill of at least 1 MiB streams past the caches; smaller ones do not. Both, with the output
// at different alignments (the streaming fill has an unaligned head and tail).
TEST(SelectionCompactPaths, LargeZeroFillAtEveryAlignment) {
  constexpr std::size_t kStreamingElements = (std::size_t{1} << 20) / 2;
  // n = kStreamingElements + 1000 leaves a 40-element scalar tail after the vector loop. Survivors
  // spread out, or only in that tail (then the fill starts where no vector store wrote zeros).
  for (std::size_t n : {kStreamingElements - 1, kStreamingElements + 1000}) {
    Bits sparse(n, kMinusOne);
    for (std::size_t i = 0; i < n; i += 9973) sparse[i] = kOne;
    Bits tail_only(n, kMinusOne);
    std::fill(tail_only.end() - 40, tail_only.end(), kOne);
    for (const Bits& x : {sparse, tail_only}) {
      const Want want = scalar_compact(x, 0.5f);
      for (std::size_t shift : {0u, 1u, 7u, 13u, 31u}) {
        Bits buffer(n + shift, kSentinel);
        std::uint16_t* out = buffer.data() + shift;
        ASSERT_EQ(cpu::threshold_compact(x.data(), n, 0.5f, out, nullptr), want.index.size());
        ASSERT_TRUE(std::equal(want.packed.begin(), want.packed.end(), out))
            << "n=" << n << " shift=" << shift;
        for (std::size_t j = 0; j < shift; ++j)
          ASSERT_EQ(buffer[j], kSentinel) << "wrote before out";
      }
    }
    const Bits& x = sparse;
    // Nothing survives: the whole output is fill.
    Bits out(n, kSentinel);
    ASSERT_EQ(cpu::threshold_compact(x.data(), n, INFINITY, out.data(), nullptr), 0u);
    ASSERT_EQ(out, Bits(n, 0)) << "n=" << n;
  }
}

// The public call writes out and indices piece by piece (2048 elements); lengths around the pieces,
// against the independent reference of selection_reference.hpp.
TEST(SelectionCompactPaths, ApiAroundItsPieces) {
  for (std::size_t n : {1u, 2047u, 2048u, 2049u, 4095u, 4096u, 4097u, 6145u, 20000u}) {
    std::vector<bfloat16> x(n);
    const Bits bits = normal_bits(n, static_cast<std::uint32_t>(n));
    for (std::size_t i = 0; i < n; ++i) x[i] = bfloat16::from_bits(bits[i]);
    for (float tau : {0.5f, 0.0f, -0.5f, 1e6f, -1e6f}) {
      const auto got = xdna::ops::compact(x, tau, xdna::ops::Backend::cpu);
      const auto want = ref::compact(x, xdna::ops::to_q8(tau));
      const std::string what = "n=" + std::to_string(n) + " tau=" + std::to_string(tau);
      ASSERT_EQ(got.out.size(), n) << what;
      for (std::size_t i = 0; i < n; ++i)
        ASSERT_EQ(got.out[i].bits(), want.out[i].bits()) << what << " i=" << i;
      ASSERT_EQ(got.indices, want.indices) << what;
      ASSERT_EQ(got.count, want.indices.size()) << what;
    }
  }
}

}  // namespace
