#include "xdna/llm/sampler.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "xdna/common/error.hpp"

namespace xdna::llm {

void validate(const SamplerSettings& s) {
  if (!(s.temperature >= 0.0f) || !std::isfinite(s.temperature)) {
    throw InputError("temperature " + std::to_string(s.temperature) + " must be finite and >= 0");
  }
  if (!(s.top_p > 0.0f && s.top_p <= 1.0f)) {
    throw InputError("top-p " + std::to_string(s.top_p) + " must be in (0, 1]");
  }
}

int argmax(std::span<const float> logits) {
  return static_cast<int>(std::max_element(logits.begin(), logits.end()) - logits.begin());
}

int sample(std::span<const float> logits, const SamplerSettings& s, prune::Rng& rng) {
  validate(s);
  if (s.temperature == 0.0f) return argmax(logits);
  std::vector<double> p(logits.size());
  const double peak = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    p[i] = std::exp((logits[i] - peak) / s.temperature);
    sum += p[i];
  }
  for (auto& v : p) v /= sum;

  std::vector<int> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::size_t candidates = p.size();
  double mass = 1.0;
  if (s.top_p < 1.0f) {
    // Smallest set of most likely tokens whose mass exceeds top_p (ties broken by token id).
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return p[a] > p[b]; });
    mass = 0;
    candidates = 0;
    while (candidates < order.size()) {
      mass += p[order[candidates++]];
      if (mass > s.top_p) break;
    }
  }
  const double r = rng.uniform() * mass;
  double cdf = 0;
  for (std::size_t i = 0; i < candidates; ++i) {
    cdf += p[order[i]];
    if (r < cdf) return order[i];
  }
  return order[candidates - 1];  // rounding: r fell past the last cumulative sum
}

}  // namespace xdna::llm
