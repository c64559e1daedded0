// KV-cache eviction under a budget: which cached positions of one (layer, KV head) survive.
//
// - H2O: keep the `recent` newest positions plus the heavy hitters with the largest attention
//   mass accumulated over every query so far (the H2O paper splits the budget evenly).
// - StreamingLLM ("sink"): keep the first `sinks` positions plus the newest ones.
// - TOVA: keep the positions the current query attends to most; evict the weakest.
// The cache may hold budget + 1 entries while the newest query attends (the new token has just
// been appended); evict() then brings it back to the budget. One eviction per decoded token.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace xdna::prune {

enum class KvPolicy { none, h2o, sink, tova };

// "none" | "h2o" | "sink" | "tova"; InputError otherwise.
KvPolicy parse_kv_policy(std::string_view name);
std::string to_string(KvPolicy p);

struct KvBudget {
  KvPolicy policy = KvPolicy::none;
  std::size_t budget = 0;  // cached positions kept after each step (policy none: unlimited)
  std::size_t sinks = 4;   // StreamingLLM sink tokens
};

// Checks that the budget can keep something useful; InputError naming the field otherwise.
void validate(const KvBudget& b);

class KvCacheSlots {
 public:
  explicit KvCacheSlots(KvBudget budget);

  // Positions currently cached, in insertion (ascending) order.
  std::span<const std::uint32_t> positions() const { return positions_; }
  std::size_t size() const { return positions_.size(); }

  void append(std::uint32_t position);

  // Attention weights of the current step for each cached slot (same order as positions()),
  // summed over the query heads that share this KV head.
  void observe(std::span<const float> weights);

  // Evicts down to the budget; returns the slot indices removed, each relative to the cache as
  // it stood after the previous removal, so the caller drops the same rows of its K/V storage by
  // erasing them in the returned order.
  std::vector<std::size_t> evict();

 private:
  std::size_t choose_victim() const;

  KvBudget budget_;
  std::vector<std::uint32_t> positions_;
  std::vector<double> accumulated_;  // H2O
  std::vector<float> current_;       // TOVA
};

}  // namespace xdna::prune
