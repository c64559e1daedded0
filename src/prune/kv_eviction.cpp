#include "xdna/prune/kv_eviction.hpp"

#include <limits>

#include "xdna/common/error.hpp"

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

KvCacheSlots::KvCacheSlots(KvBudget budget) : budget_(budget) {
  validate(budget_);
}

void KvCacheSlots::append(std::uint32_t position) {
  positions_.push_back(position);
  accumulated_.push_back(0.0);
  current_.push_back(0.0f);
}

void KvCacheSlots::observe(std::span<const float> weights) {
  if (weights.size() != positions_.size()) {
    throw InputError("KvCacheSlots::observe: " + std::to_string(weights.size()) + " weights for " +
                     std::to_string(positions_.size()) + " cached positions");
  }
  for (std::size_t i = 0; i < weights.size(); ++i) {
    accumulated_[i] += weights[i];
    current_[i] = weights[i];
  }
}

std::size_t KvCacheSlots::choose_victim() const {
  const std::size_t n = positions_.size();
  switch (budget_.policy) {
    case KvPolicy::sink:
      return budget_.sinks;  // the oldest position after the sinks
    case KvPolicy::h2o: {
      // The newest budget/2 positions are protected; evict the lightest of the rest.
      const std::size_t recent = budget_.budget / 2;
      const std::size_t candidates = n - recent;
      std::size_t victim = 0;
      double best = std::numeric_limits<double>::infinity();
      for (std::size_t i = 0; i < candidates; ++i) {
        if (accumulated_[i] < best) {
          best = accumulated_[i];
          victim = i;
        }
      }
      return victim;
    }
    case KvPolicy::tova: {
      // The newest token is never evicted: it has not been attended to by a later query yet.
      std::size_t victim = 0;
      float best = std::numeric_limits<float>::infinity();
      for (std::size_t i = 0; i + 1 < n; ++i) {
        if (current_[i] < best) {
          best = current_[i];
          victim = i;
        }
      }
      return victim;
    }
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
