// KV-cache eviction under a budget: which cached positions of one (layer, KV head) survive.
//
// - H2O: keep the `budget / 2` newest positions plus the heavy hitters with the largest attention
//   mass accumulated over every query so far (the H2O paper splits the budget evenly).
// - StreamingLLM ("sink"): keep the first `sinks` positions plus the newest ones.
// - TOVA: keep the positions the current query attends to most; evict the weakest. The newest
//   position is never evicted (no later query has seen it yet).
// The cache may hold budget + 1 entries while the newest query attends (the new token has just
// been appended); evict() then brings it back to the budget. One eviction per decoded token.
//
// Victim choice of H2O and TOVA is a selection step and runs through the operator library
// (ops/selection.hpp) on the backend the caller passes, so it executes on the CPU or on the
// emulated NPU kernels with the same result. StreamingLLM is positional and needs no scoring.
// The mass itself is accumulated on the host in fp64: that is bookkeeping, not selection.
//
// The selection rule (choose_lightest), identical on every backend:
//   key[i]  = bf16(float(score[i]))   (fp64 -> fp32 -> bf16, each round to nearest, ties to even;
//                                      a key that is a bf16 subnormal, i.e. a score below
//                                      2^-126 = 1.2e-38, becomes +0)
//   victim  = the lowest candidate index (the oldest cached position) whose key is minimal.
// On the NPU this is one pse_collapse run with frac = 1 on the negated keys: the fused kernel's
// running max finds max(-key) = -min(key), and the compaction keeps every -key >= that peak,
// i.e. exactly the indices of the minimal key, in order; the host takes the first.
// Quantisation: bf16 keeps 8 significant bits, so scores within a relative 2^-8 of each other
// can share a key (e.g. 0.1000 and 0.1002 both become 0.10009765625). Such near-ties, exact ties
// and all-zero candidates are broken towards the oldest position, where a fp64 argmin would have
// picked the strictly smallest. Scores must be finite, >= 0 and at most 1e30 (the fused kernels'
// running max starts at bf16(-1e30)); attention weights and their sums are far below that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "aie_api/detail/bfloat16.hpp"
#include "xdna/ops/backend.hpp"

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

// The budget `fraction` of `tokens` (--kv-budget), rounded to whole positions, with the default
// 4 sinks, validated. `fraction_of` names what the fraction is of in messages (e.g. "--steps").
// InputError if fraction is outside (0, 1], or below 1 without a policy (nothing would be
// evicted, yet a budget would be reported). Policy none gives the unlimited KvBudget{}.
KvBudget budget_from_fraction(KvPolicy policy, double fraction, std::size_t tokens,
                              std::string_view fraction_of);

// Largest score the selection accepts (see the rule above).
inline constexpr double kMaxEvictionScore = 1e30;

// The selection step of H2O and TOVA: the index in `scores` (the candidates' scores, oldest
// first) of the victim under the rule above, chosen by ops::pse_collapse on `backend`.
// InputError for an empty span or a score that is negative, not finite or above
// kMaxEvictionScore. `scratch` is reused between calls (decode loops call this once per token).
std::size_t choose_lightest(std::span<const double> scores, ops::Backend backend,
                            std::vector<bfloat16>& scratch);
std::size_t choose_lightest(std::span<const double> scores, ops::Backend backend);

class KvCacheSlots {
 public:
  // `backend` is where the H2O / TOVA victim choice runs (cpu or emu; npu throws on first use).
  KvCacheSlots(KvBudget budget, ops::Backend backend);

  // Positions currently cached, in insertion (ascending) order.
  std::span<const std::uint32_t> positions() const { return positions_; }
  std::size_t size() const { return positions_.size(); }

  void append(std::uint32_t position);

  // Attention weights of the current step for each cached slot (same order as positions()),
  // summed over the query heads that share this KV head. Each must be finite and in
  // [0, kMaxEvictionScore]; InputError naming the slot otherwise.
  void observe(std::span<const float> weights);

  // Evicts down to the budget; returns the slot indices removed, each relative to the cache as
  // it stood after the previous removal, so the caller drops the same rows of its K/V storage by
  // erasing them in the returned order.
  std::vector<std::size_t> evict();

 private:
  std::size_t choose_victim();

  KvBudget budget_;
  ops::Backend backend_;
  std::vector<std::uint32_t> positions_;
  std::vector<double> accumulated_;  // H2O: attention mass summed over every query so far
  std::vector<double> current_;      // TOVA: the newest query's attention (float values)
  std::vector<bfloat16> keys_;       // scratch for choose_lightest
};

}  // namespace xdna::prune
