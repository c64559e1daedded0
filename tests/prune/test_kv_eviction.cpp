// KV eviction policies on hand-made attention weights, and the H2O / TOVA victim choice through
// the operator library: CPU and emulator agree with each other and with an independent scalar
// reference of the documented rule (kv_eviction.hpp) on random and adversarial scores.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "xdna/common/error.hpp"
#include "xdna/prune/kv_eviction.hpp"
#include "xdna/prune/random.hpp"

namespace xdna::prune {
namespace {

using ops::Backend;

// ---- The reference, written from the header's rule without the library's bf16 type ----------

// fp64 -> fp32 (C++ conversion, round to nearest) -> bf16 (round to nearest, ties to even, by
// hand on the bits), returned as the float it stands for; bf16 subnormals become +0.
float reference_key(double score) {
  const std::uint32_t u = std::bit_cast<std::uint32_t>(static_cast<float>(score));
  std::uint32_t upper = u >> 16;
  const std::uint32_t lower = u & 0xffffu;
  if (lower > 0x8000u || (lower == 0x8000u && (upper & 1u))) ++upper;
  if ((upper & 0x7f80u) == 0) return 0.0f;
  return std::bit_cast<float>(upper << 16);
}

// The lowest index whose key is minimal.
std::size_t reference_lightest(const std::vector<double>& scores) {
  std::size_t victim = 0;
  for (std::size_t i = 1; i < scores.size(); ++i) {
    if (reference_key(scores[i]) < reference_key(scores[victim])) victim = i;
  }
  return victim;
}

// Both backends and the reference must name the same victim.
void expect_same_victim(const std::vector<double>& scores, const std::string& what) {
  SCOPED_TRACE(what + " (" + std::to_string(scores.size()) + " candidates)");
  const std::size_t expected = reference_lightest(scores);
  EXPECT_EQ(choose_lightest(scores, Backend::cpu), expected);
  EXPECT_EQ(choose_lightest(scores, Backend::emu), expected);
  // The emulator really ran the NPU's fused peak + compaction design for this call.
  EXPECT_EQ(ops::last_emulator_run().designs, std::vector<std::string>{"ops_pse_collapse"});
}

// --kv-budget as a fraction: 0.25 of 64 tokens is 16 positions, 0.3 of 10 rounds to 3; policy
// none only with the full budget; fractions outside (0, 1] and budgets the policy cannot use are
// refused.
TEST(KvBudgetFraction, RoundsToPositionsAndRefusesWhatCannotApply) {
  const KvBudget quarter = budget_from_fraction(KvPolicy::h2o, 0.25, 64, "--steps");
  EXPECT_EQ(quarter.policy, KvPolicy::h2o);
  EXPECT_EQ(quarter.budget, 16u);
  EXPECT_EQ(quarter.sinks, 4u);
  EXPECT_EQ(budget_from_fraction(KvPolicy::tova, 0.3, 10, "--steps").budget, 3u);
  const KvBudget none = budget_from_fraction(KvPolicy::none, 1.0, 64, "--steps");
  EXPECT_EQ(none.policy, KvPolicy::none);
  EXPECT_EQ(none.budget, 0u);
  EXPECT_THROW(budget_from_fraction(KvPolicy::none, 0.5, 64, "--steps"), InputError);
  EXPECT_THROW(budget_from_fraction(KvPolicy::h2o, 0.0, 64, "--steps"), InputError);
  EXPECT_THROW(budget_from_fraction(KvPolicy::h2o, 1.5, 64, "--steps"), InputError);
  EXPECT_THROW(budget_from_fraction(KvPolicy::h2o, std::nan(""), 64, "--steps"), InputError);
  EXPECT_THROW(budget_from_fraction(KvPolicy::sink, 0.05, 64, "--steps"),
               InputError);  // 3 <= 4 sinks
}

TEST(KvVictim, RandomScoresMatchTheReferenceOnBothBackends) {
  Rng rng(6);
  for (int trial = 0; trial < 24; ++trial) {
    const std::size_t n = 1 + rng.below(70);
    std::vector<double> scores(n);
    if (trial % 3 == 0) {
      // Attention-like weights in [0, 1).
      for (auto& s : scores) s = rng.uniform();
    } else if (trial % 3 == 1) {
      // Accumulated mass over many decades, including scores that are bf16 subnormals (-> 0).
      for (auto& s : scores) s = std::ldexp(rng.uniform(), static_cast<int>(rng.below(180)) - 150);
    } else {
      // Few distinct values, so the minimum is shared by several candidates.
      for (auto& s : scores) s = 0.25 * static_cast<double>(rng.below(4));
    }
    expect_same_victim(scores, "trial " + std::to_string(trial));
  }
}

TEST(KvVictim, AdversarialScoresMatchTheReferenceOnBothBackends) {
  expect_same_victim({0.5}, "one candidate");
  expect_same_victim({0.0}, "one zero");
  expect_same_victim(std::vector<double>(37, 0.0), "all zero");
  expect_same_victim(std::vector<double>(33, 0.3), "all equal");
  expect_same_victim({0.9, 0.2, 0.7, 0.2, 0.2}, "tie at the minimum in the middle");
  expect_same_victim({0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3}, "minimum last");
  expect_same_victim({1e30, 1e29, 1e30}, "largest accepted scores");
  expect_same_victim({1e-39, 1e-45, 3.0}, "fp32 subnormals tie at zero with the oldest");
  expect_same_victim({2.0, std::ldexp(1.0, -126), 1e-40}, "smallest normal vs subnormal");
  // 32 lanes per vector: put the minimum in a later chunk than the first lanes.
  std::vector<double> long_scores(97, 1.0);
  long_scores[64] = 0.5;
  long_scores[96] = 0.5;
  expect_same_victim(long_scores, "minimum past the first vectors");
}

TEST(KvVictim, Bf16NearTiesGoToTheOldest) {
  // 0.1000 and 0.1002 share the key 0.10009765625: the documented quantisation makes them a tie,
  // so the older candidate is evicted although a fp64 argmin would pick index 1.
  const std::vector<double> near_tie{0.1002, 0.1000, 0.5};
  EXPECT_EQ(reference_key(0.1002), reference_key(0.1000));
  EXPECT_EQ(choose_lightest(near_tie, Backend::cpu), 0u);
  EXPECT_EQ(choose_lightest(near_tie, Backend::emu), 0u);
  // Scores one bf16 step apart are still told apart.
  const std::vector<double> apart{0.1015625, 0.1000, 0.5};
  EXPECT_NE(reference_key(0.1015625), reference_key(0.1000));
  EXPECT_EQ(choose_lightest(apart, Backend::cpu), 1u);
  EXPECT_EQ(choose_lightest(apart, Backend::emu), 1u);
}

TEST(KvVictim, BadScoresAreRejected) {
  EXPECT_THROW(choose_lightest(std::vector<double>{}, Backend::cpu), InputError);
  for (double bad : {-0.1, std::nan(""), std::numeric_limits<double>::infinity(), 2e30}) {
    EXPECT_THROW(choose_lightest(std::vector<double>{0.5, bad}, Backend::cpu), InputError) << bad;
  }
  KvCacheSlots s({KvPolicy::h2o, 2, 4}, Backend::cpu);
  s.append(0);
  s.append(1);
  EXPECT_THROW(s.observe(std::vector<float>{0.5f, -0.5f}), InputError);
  EXPECT_THROW(s.observe(std::vector<float>{0.5f, std::nanf("")}), InputError);
}

// ---- Policies ----------------------------------------------------------------------------------

std::vector<std::uint32_t> positions(const KvCacheSlots& s) {
  return {s.positions().begin(), s.positions().end()};
}

// Appends positions 0..n-1, observing weights(position, slot) after each append, then evicts.
template <typename Weights>
KvCacheSlots run(KvBudget b, std::uint32_t n, Weights weights, Backend backend = Backend::cpu) {
  KvCacheSlots s(b, backend);
  for (std::uint32_t p = 0; p < n; ++p) {
    s.append(p);
    std::vector<float> w(s.size());
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = weights(p, s.positions()[i]);
    s.observe(w);
    s.evict();
    EXPECT_LE(s.size(), b.budget);
  }
  return s;
}

TEST(KvEviction, SinkKeepsTheFirstTokensAndARecentWindow) {
  const auto s = run({KvPolicy::sink, 7, 4}, 20, [](std::uint32_t, std::uint32_t) { return 0.1f; });
  EXPECT_EQ(positions(s), (std::vector<std::uint32_t>{0, 1, 2, 3, 17, 18, 19}));
}

TEST(KvEviction, H2oKeepsHeavyHittersAndTheRecentHalf) {
  // Position 5 and 9 draw most attention from every query; budget 6 = 3 heavy + 3 recent.
  const auto s = run({KvPolicy::h2o, 6, 4}, 30, [](std::uint32_t, std::uint32_t key) {
    return key == 5 || key == 9 ? 0.4f : key == 2 ? 0.2f : 0.01f;
  });
  EXPECT_EQ(positions(s), (std::vector<std::uint32_t>{2, 5, 9, 27, 28, 29}));
}

TEST(KvEviction, TovaDropsWhatTheCurrentQueryIgnores) {
  // The current query attends to key 3 and to even keys; odd keys are evicted first.
  const auto s = run({KvPolicy::tova, 4, 4}, 12, [](std::uint32_t, std::uint32_t key) {
    return key == 3 ? 0.9f : (key % 2 == 0 ? 0.5f : 0.01f);
  });
  // Equal weights (the even keys) tie and the oldest goes first, so the newest even keys stay.
  EXPECT_EQ(positions(s), (std::vector<std::uint32_t>{3, 8, 10, 11}));
}

// An independent model of H2O and TOVA: the same bookkeeping written out plainly, with the victim
// from the scalar reference rule.
std::vector<std::uint32_t> reference_policy(KvBudget b, const std::vector<std::vector<float>>& w,
                                            std::vector<std::size_t>& removed) {
  std::vector<std::uint32_t> pos;
  std::vector<double> mass, now;
  for (std::uint32_t p = 0; p < w.size(); ++p) {
    pos.push_back(p);
    mass.push_back(0);
    now.push_back(0);
    for (std::size_t i = 0; i < pos.size(); ++i) {
      mass[i] += w[p][i];
      now[i] = w[p][i];
    }
    while (pos.size() > b.budget) {
      std::vector<double> candidates;
      if (b.policy == KvPolicy::h2o) {
        candidates.assign(mass.begin(), mass.end() - static_cast<std::ptrdiff_t>(b.budget / 2));
      } else {
        candidates.assign(now.begin(), now.end() - 1);
      }
      const std::size_t v = reference_lightest(candidates);
      removed.push_back(v);
      pos.erase(pos.begin() + static_cast<std::ptrdiff_t>(v));
      mass.erase(mass.begin() + static_cast<std::ptrdiff_t>(v));
      now.erase(now.begin() + static_cast<std::ptrdiff_t>(v));
    }
  }
  return pos;
}

TEST(KvEviction, H2oAndTovaMatchTheReferenceOnBothBackends) {
  Rng rng(61);
  for (KvPolicy policy : {KvPolicy::h2o, KvPolicy::tova}) {
    for (int trial = 0; trial < 2; ++trial) {
      const KvBudget b{policy, 5 + static_cast<std::size_t>(trial) * 3, 4};
      // Softmax-like rows, some quantised coarsely so that ties occur in the accumulated mass.
      std::vector<std::vector<float>> weights(24);
      std::size_t cached = 0;
      for (auto& row : weights) {
        cached = std::min(cached + 1, b.budget + 1);
        row.resize(cached);
        for (auto& x : row) {
          x = trial == 0 ? rng.uniform_float() : 0.125f * static_cast<float>(rng.below(3));
        }
      }
      SCOPED_TRACE(to_string(policy) + " trial " + std::to_string(trial));
      std::vector<std::size_t> expected_removed;
      const auto expected = reference_policy(b, weights, expected_removed);
      for (Backend backend : {Backend::cpu, Backend::emu}) {
        SCOPED_TRACE(ops::to_string(backend));
        KvCacheSlots s(b, backend);
        std::vector<std::size_t> removed;
        for (std::uint32_t p = 0; p < weights.size(); ++p) {
          s.append(p);
          s.observe(weights[p]);
          for (std::size_t v : s.evict()) removed.push_back(v);
        }
        EXPECT_EQ(positions(s), expected);
        EXPECT_EQ(removed, expected_removed);
      }
    }
  }
}

TEST(KvEviction, EvictReturnsTheSlotsRemoved) {
  KvCacheSlots s({KvPolicy::sink, 5, 4}, Backend::cpu);
  for (std::uint32_t p = 0; p < 5; ++p) s.append(p);
  EXPECT_TRUE(s.evict().empty());
  s.append(5);
  EXPECT_EQ(s.evict(), (std::vector<std::size_t>{4}));  // slot 4 held position 4
}

TEST(KvEviction, BudgetsThatKeepNothingAreRejected) {
  EXPECT_THROW(KvCacheSlots({KvPolicy::h2o, 0, 4}, Backend::cpu), InputError);
  EXPECT_THROW(KvCacheSlots({KvPolicy::tova, 0, 4}, Backend::cpu), InputError);
  EXPECT_THROW(KvCacheSlots({KvPolicy::sink, 4, 4}, Backend::cpu), InputError);
  EXPECT_THROW(KvCacheSlots({KvPolicy::h2o, 1, 4}, Backend::cpu), InputError);
  EXPECT_NO_THROW(KvCacheSlots({KvPolicy::none, 0, 4}, Backend::cpu));
  EXPECT_NO_THROW(KvCacheSlots({KvPolicy::h2o, 2, 4}, Backend::cpu));
  EXPECT_NO_THROW(KvCacheSlots({KvPolicy::sink, 5, 4}, Backend::cpu));
  EXPECT_THROW(parse_kv_policy("lru"), InputError);
  EXPECT_EQ(parse_kv_policy("tova"), KvPolicy::tova);
  KvCacheSlots s({KvPolicy::tova, 2, 4}, Backend::cpu);
  s.append(0);
  EXPECT_THROW(s.observe(std::vector<float>{0.5f, 0.5f}), InputError);
}

TEST(KvEviction, NpuBackendIsReportedNotSilentlyReplaced) {
  KvCacheSlots s({KvPolicy::tova, 1, 4}, Backend::npu);
  s.append(0);
  s.append(1);
  s.observe(std::vector<float>{0.2f, 0.8f});
  EXPECT_THROW(s.evict(), Error);
}

}  // namespace
}  // namespace xdna::prune
