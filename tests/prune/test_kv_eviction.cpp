// KV eviction policies on hand-made attention weights.
#include <gtest/gtest.h>

#include "xdna/common/error.hpp"
#include "xdna/prune/kv_eviction.hpp"

namespace xdna::prune {
namespace {

std::vector<std::uint32_t> positions(const KvCacheSlots& s) {
  return {s.positions().begin(), s.positions().end()};
}

// Appends positions 0..n-1, observing weights(position, slot) after each append, then evicts.
template <typename Weights>
KvCacheSlots run(KvBudget b, std::uint32_t n, Weights weights) {
  KvCacheSlots s(b);
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
  // Survivors: key 3 and the highest-weight even keys; the newest (11) is always kept.
  const auto p = positions(s);
  EXPECT_EQ(p.size(), 4u);
  EXPECT_NE(std::find(p.begin(), p.end(), 3u), p.end());
  EXPECT_EQ(p.back(), 11u);
  for (auto k : p) EXPECT_TRUE(k == 3 || k % 2 == 0 || k == 11) << k;
}

TEST(KvEviction, EvictReturnsTheSlotsRemoved) {
  KvCacheSlots s({KvPolicy::sink, 5, 4});
  for (std::uint32_t p = 0; p < 5; ++p) s.append(p);
  EXPECT_TRUE(s.evict().empty());
  s.append(5);
  EXPECT_EQ(s.evict(), (std::vector<std::size_t>{4}));  // slot 4 held position 4
}

TEST(KvEviction, BudgetsThatKeepNothingAreRejected) {
  EXPECT_THROW(KvCacheSlots({KvPolicy::h2o, 0, 4}), InputError);
  EXPECT_THROW(KvCacheSlots({KvPolicy::tova, 0, 4}), InputError);
  EXPECT_THROW(KvCacheSlots({KvPolicy::sink, 4, 4}), InputError);
  EXPECT_THROW(KvCacheSlots({KvPolicy::h2o, 1, 4}), InputError);
  EXPECT_NO_THROW(KvCacheSlots({KvPolicy::none, 0, 4}));
  EXPECT_THROW(parse_kv_policy("lru"), InputError);
  EXPECT_EQ(parse_kv_policy("tova"), KvPolicy::tova);
  KvCacheSlots s({KvPolicy::tova, 2, 4});
  s.append(0);
  EXPECT_THROW(s.observe(std::vector<float>{0.5f, 0.5f}), InputError);
}

}  // namespace
}  // namespace xdna::prune
