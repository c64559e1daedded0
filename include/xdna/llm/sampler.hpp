// Token sampling: greedy, temperature, and nucleus (top-p), driven by our fixed-seed RNG.
#pragma once

#include <span>

#include "xdna/prune/random.hpp"

namespace xdna::llm {

struct SamplerSettings {
  float temperature = 1.0f;  // 0 = greedy (argmax)
  float top_p = 1.0f;        // 1 = sample from the full distribution
};

// Checks temperature >= 0 and top_p in (0, 1]; InputError otherwise.
void validate(const SamplerSettings& s);

int argmax(std::span<const float> logits);

// Samples one token id from the logits (which are not modified).
int sample(std::span<const float> logits, const SamplerSettings& s, prune::Rng& rng);

}  // namespace xdna::llm
