// Evaluation of pruning schemes against the dense model: teacher-forced sequences, per setting
// the mean KL(dense || pruned) per token, perplexity of both, top-1 agreement, logit cosine and
// the fraction of multiply-adds skipped. Without a tokenizer the sequences are sampled from the
// dense model itself with a fixed seed, so the dense perplexity is the model's own entropy rate
// (comparable to its validation loss only loosely: the text is the model's, not the data's).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "xdna/llm/transformer.hpp"

namespace xdna::llm {

using Sequences = std::vector<std::vector<int>>;

// `count` sequences of `length` tokens: BOS (id 1) then tokens sampled at temperature 1 from
// the dense model, seeded with `seed`. length in [2, seq_len].
Sequences sample_sequences(const Model& model, std::size_t count, std::size_t length,
                           std::uint64_t seed, prune::ThreadPool* pool = nullptr);

// Logits of the dense model at every position but the last, per sequence ([len-1 x vocab]).
using LogitsPerSequence = std::vector<std::vector<float>>;
LogitsPerSequence dense_logits(const Model& model, const Sequences& seqs,
                               prune::ThreadPool* pool = nullptr);

// TEAL calibration: per layer and site, the |x| threshold that puts a fraction `sparsity` of the
// activations seen on `seqs` below it. Sites are calibrated one at a time in forward order with
// every earlier site already pruned, so each threshold sees the activations it will meet at run
// time (upstream pruning shifts them).
std::vector<SiteThresholds> calibrate_teal(const Model& model, const Sequences& seqs,
                                           double sparsity, prune::ThreadPool* pool = nullptr);

struct EvalResult {
  double kl = 0;   // mean KL(dense || pruned) per predicted token, nats
  double ppl = 0;  // perplexity of the pruned model on the sequences
  double ppl_dense = 0;
  double top1_agreement = 0;    // fraction of tokens where both argmaxes agree
  double logit_cosine = 0;      // mean cosine of the logit vectors
  double skipped_fraction = 0;  // multiply-adds skipped / dense multiply-adds
  std::size_t tokens = 0;
  // Measured fraction of activations dropped per layer and site (0 where a site is not pruned).
  std::vector<std::array<double, kSites>> site_sparsity;
};

EvalResult evaluate(const Model& model, const Sequences& seqs, const LogitsPerSequence& dense,
                    const PruneSettings& settings, prune::ThreadPool* pool = nullptr);

enum class Scheme { ffn, teal };
Scheme parse_scheme(const std::string& name);
std::string to_string(Scheme s);

struct EvalPlan {
  std::vector<double> sparsities{0, 0.25, 0.4, 0.5, 0.65};
  Scheme scheme = Scheme::ffn;
  prune::KvPolicy kv_policy = prune::KvPolicy::none;
  double kv_budget = 1.0;  // fraction of the sequence length kept in the cache
  RopePositions rope_positions = RopePositions::original;  // of cached keys (transformer.hpp)
  std::size_t sequences = 8;
  std::size_t length = 128;
  std::uint64_t seed = 42;
  ops::Backend backend = ops::Backend::cpu;
};

struct EvalRow {
  Scheme scheme;
  double sparsity;
  prune::KvPolicy kv_policy;
  double kv_budget;
  std::size_t kv_budget_tokens;
  double measured_sparsity;  // ffn: down-projection input; teal: mean over layers and sites
  EvalResult result;
};

// Validates the plan (InputError naming the option), samples the sequences, computes the dense
// reference once and evaluates every sparsity. `progress` receives one line per step.
std::vector<EvalRow> run_eval(const Model& model, const EvalPlan& plan,
                              prune::ThreadPool* pool = nullptr,
                              const std::function<void(const std::string&)>& progress = {});

}  // namespace xdna::llm
