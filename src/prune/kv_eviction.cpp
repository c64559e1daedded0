#include "xdna/prune/kv_eviction.hpp"

#include <cmath>

#include "xdna/common/error.hpp"
#include "xdna/ops/selection.hpp"

namespace xdna::prune {

KvPolicy parse_kv_policy(std::string_view name) {
  if (name == "none") return KvPolicy::none;
  if (name == "h2o") return KvPolicy::h2o;
  if (name == "sink") return KvPolicy::sink;
  if (name == "tova") return KvPolicy::tova;
  throw InputError("unknown KV policy '" + std::string(name) + "': expected h2o, sink or tova");
}

std::string to_string(KvPolicy p) {
  switch (p) {
    case KvPolicy::none:
      return "none";
    case KvPolicy::h2o:
      return "h2o";
    case KvPolicy::sink:
      return "sink";
    case KvPolicy::tova:
      return "tova";
  }
  return "unknown";
}

void validate(const KvBudget& b) {
  if (b.policy == KvPolicy::none) return;
  if (b.budget == 0) {
    throw InputError("KV budget keeps nothing: policy " + to_string(b.policy) +
                     " with a budget of 0 cached positions; use a larger --kv-budget");
  }
  if (b.policy == KvPolicy::sink && b.budget <= b.sinks) {
    throw InputError("KV budget " + std::to_string(b.budget) + " leaves no recent window after " +
                     std::to_string(b.sinks) +
                     " sink tokens (policy sink needs budget > sinks); use a larger --kv-budget");
  }
  if (b.policy == KvPolicy::h2o && b.budget < 2) {
    throw InputError(
        "KV budget 1 cannot hold both a heavy hitter and a recent token (policy h2o "
        "needs budget >= 2); use a larger --kv-budget");
  }
}

KvBudget budget_from_fraction(KvPolicy policy, double fraction, std::size_t tokens,
                              std::string_view fraction_of) {
  if (!(fraction > 0.0 && fraction <= 1.0)) {
    throw InputError("--kv-budget " + std::to_string(fraction) + " must be a fraction of " +
                     std::string(fraction_of) + " in (0, 1]");
  }
  if (policy == KvPolicy::none) {
    if (fraction != 1.0) {
      throw InputError("--kv-budget " + std::to_string(fraction) +
                       " needs an eviction policy: add --kv-policy h2o, sink or tova");
    }
    return {};
  }
  const KvBudget b{
      policy, static_cast<std::size_t>(std::llround(fraction * static_cast<double>(tokens))), 4};
  validate(b);
  return b;
}

namespace {

void require_score(double s, std::size_t i, const char* what) {
  if (!(s >= 0.0 && s <= kMaxEvictionScore)) {  // also rejects NaN
    throw InputError(std::string(what) + "[" + std::to_string(i) + "] = " + std::to_string(s) +
                     ": KV eviction scores must be finite, >= 0 and at most 1e30 (attention "
                     "weights or their sums)");
  }
}

// key = bf16(float(score)); a bf16 subnormal becomes +0, so no kernel ever sees one (the NPU's
// float datapath may flush them, and then the backends could disagree).
bfloat16 eviction_key(double score) {
  const bfloat16 k(static_cast<float>(score));
  return (k.bits() & 0x7f80u) == 0 ? bfloat16::from_bits(0) : k;
}

}  // namespace

std::size_t choose_lightest(std::span<const double> scores, ops::Backend backend,
                            std::vector<bfloat16>& scratch) {
  if (scores.empty()) throw InputError("choose_lightest: no eviction candidates");
  scratch.resize(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i) {
    require_score(scores[i], i, "choose_lightest: score");
    // Negated so that the minimum becomes the peak the fused kernel finds; keys are >= 0 and at
    // most bf16(1e30), so -key is never below the kernel's starting peak bf16(-1e30).
    scratch[i] =
        bfloat16::from_bits(static_cast<std::uint16_t>(eviction_key(scores[i]).bits() ^ 0x8000u));
  }
  // frac = 1 is exact in Q8 (256), so tau = peak exactly and the survivors are the minimal keys
  // (-0 >= -0 holds for all-zero keys). Indices come back ascending: the first is the oldest.
  const auto minimal = ops::pse_collapse(scratch, 1.0f, backend);
  if (minimal.indices.empty()) {
    throw Error("choose_lightest: the selection kept no candidate out of " +
                std::to_string(scores.size()) + " (backend " + ops::to_string(backend) +
                "); the minimum always survives frac = 1, so the backend is broken");
  }
  return minimal.indices.front();
}

std::size_t choose_lightest(std::span<const double> scores, ops::Backend backend) {
  std::vector<bfloat16> scratch;
  return choose_lightest(scores, backend, scratch);
}

KvCacheSlots::KvCacheSlots(KvBudget budget, ops::Backend backend)
    : budget_(budget), backend_(backend) {
  validate(budget_);
}

void KvCacheSlots::append(std::uint32_t position) {
  positions_.push_back(position);
  accumulated_.push_back(0.0);
  current_.push_back(0.0);
}

void KvCacheSlots::observe(std::span<const float> weights) {
  if (weights.size() != positions_.size()) {
    throw InputError("KvCacheSlots::observe: " + std::to_string(weights.size()) + " weights for " +
                     std::to_string(positions_.size()) + " cached positions");
  }
  for (std::size_t i = 0; i < weights.size(); ++i) {
    require_score(weights[i], i, "KvCacheSlots::observe: weight");
  }
  for (std::size_t i = 0; i < weights.size(); ++i) {
    accumulated_[i] += weights[i];
    current_[i] = weights[i];
  }
}

std::size_t KvCacheSlots::choose_victim() {
  const std::size_t n = positions_.size();
  switch (budget_.policy) {
    case KvPolicy::sink:
      return budget_.sinks;  // the oldest position after the sinks
    case KvPolicy::h2o: {
      // The newest budget/2 positions are protected; evict the lightest of the rest.
      const std::size_t candidates = n - budget_.budget / 2;
      return choose_lightest(std::span<const double>(accumulated_).first(candidates), backend_,
                             keys_);
    }
    case KvPolicy::tova:
      // The newest token is never evicted: it has not been attended to by a later query yet.
      return choose_lightest(std::span<const double>(current_).first(n - 1), backend_, keys_);
    case KvPolicy::none:
      break;
  }
  return n;
}

std::vector<std::size_t> KvCacheSlots::evict() {
  std::vector<std::size_t> removed;
  if (budget_.policy == KvPolicy::none) return removed;
  while (positions_.size() > budget_.budget) {
    const std::size_t v = choose_victim();
    removed.push_back(v);
    positions_.erase(positions_.begin() + static_cast<std::ptrdiff_t>(v));
    accumulated_.erase(accumulated_.begin() + static_cast<std::ptrdiff_t>(v));
    current_.erase(current_.begin() + static_cast<std::ptrdiff_t>(v));
  }
  return removed;
}

}  // namespace xdna::prune
