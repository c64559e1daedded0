#include "xdna/llm/eval.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "xdna/common/error.hpp"
#include "xdna/llm/sampler.hpp"
#include "xdna/prune/calibration.hpp"

namespace xdna::llm {

namespace {

constexpr int kBos = 1;

void log_softmax(std::span<const float> logits, std::vector<double>& out) {
  out.resize(logits.size());
  double peak = logits[0];
  for (float v : logits) peak = std::max(peak, static_cast<double>(v));
  double sum = 0;
  for (float v : logits) sum += std::exp(v - peak);
  const double log_sum = std::log(sum) + peak;
  for (std::size_t i = 0; i < logits.size(); ++i) out[i] = logits[i] - log_sum;
}

double cosine(std::span<const float> a, std::span<const float> b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ab += static_cast<double>(a[i]) * b[i];
    aa += static_cast<double>(a[i]) * a[i];
    bb += static_cast<double>(b[i]) * b[i];
  }
  return (aa > 0 && bb > 0) ? ab / std::sqrt(aa * bb) : 0.0;
}

void check_sequences(const Model& model, const Sequences& seqs) {
  if (seqs.empty()) throw InputError("evaluation needs at least one sequence");
  for (std::size_t s = 0; s < seqs.size(); ++s) {
    if (seqs[s].size() < 2 || seqs[s].size() > static_cast<std::size_t>(model.config.seq_len)) {
      throw InputError("sequence " + std::to_string(s) + " has " + std::to_string(seqs[s].size()) +
                       " tokens: need 2.." + std::to_string(model.config.seq_len));
    }
  }
}

}  // namespace

Sequences sample_sequences(const Model& model, std::size_t count, std::size_t length,
                           std::uint64_t seed, prune::ThreadPool* pool) {
  if (length < 2 || length > static_cast<std::size_t>(model.config.seq_len)) {
    throw InputError("sequence length " + std::to_string(length) + " must be in [2, seq_len " +
                     std::to_string(model.config.seq_len) + "]");
  }
  if (count == 0) throw InputError("the number of sequences must be at least 1");
  prune::Rng rng(seed);
  Transformer t(model, {}, pool);
  Sequences seqs(count);
  for (auto& seq : seqs) {
    t.reset();
    seq.push_back(kBos);
    while (seq.size() < length) {
      const auto logits = t.forward(seq.back(), static_cast<int>(seq.size()) - 1);
      seq.push_back(sample(logits, {1.0f, 1.0f}, rng));
    }
  }
  return seqs;
}

LogitsPerSequence dense_logits(const Model& model, const Sequences& seqs, prune::ThreadPool* pool) {
  check_sequences(model, seqs);
  Transformer t(model, {}, pool);
  LogitsPerSequence out;
  for (const auto& seq : seqs) {
    t.reset();
    std::vector<float> logits;
    for (std::size_t p = 0; p + 1 < seq.size(); ++p) {
      const auto l = t.forward(seq[p], static_cast<int>(p));
      logits.insert(logits.end(), l.begin(), l.end());
    }
    out.push_back(std::move(logits));
  }
  return out;
}

std::vector<SiteThresholds> calibrate_teal(const Model& model, const Sequences& seqs,
                                           double sparsity, prune::ThreadPool* pool) {
  check_sequences(model, seqs);
  if (!(sparsity >= 0.0 && sparsity < 1.0)) {
    throw InputError("TEAL target sparsity " + std::to_string(sparsity) + " is outside [0, 1)");
  }
  const auto layers = static_cast<std::size_t>(model.config.n_layers);
  // Sites are calibrated one at a time in forward order, each with every earlier site already
  // pruned: pruning upstream shifts the activations downstream, so a threshold must be taken from
  // the activations it will meet at run time (thresholds from the dense model alone miss their
  // target by up to 4 points on later sites). Each pass runs only the layers it needs.
  std::vector<SiteThresholds> thresholds(layers, SiteThresholds{0, 0, 0, 0});
  for (std::size_t l = 0; l < layers; ++l) {
    for (std::size_t k = 0; k < kSites; ++k) {
      prune::MagnitudeHistogram histogram;
      PruneSettings settings;
      settings.teal_thresholds = thresholds;  // this and later sites are 0: keep everything
      Transformer t(model, settings, pool);
      t.set_layer_limit(static_cast<int>(l) + 1);
      t.set_observer([&](int layer, Site site, std::span<const float> x) {
        if (static_cast<std::size_t>(layer) == l && static_cast<std::size_t>(site) == k) {
          histogram.add(x);
        }
      });
      for (const auto& seq : seqs) {
        t.reset();
        for (std::size_t p = 0; p + 1 < seq.size(); ++p) t.forward(seq[p], static_cast<int>(p));
      }
      thresholds[l][k] = histogram.threshold_for(sparsity);
    }
  }
  return thresholds;
}

EvalResult evaluate(const Model& model, const Sequences& seqs, const LogitsPerSequence& dense,
                    const PruneSettings& settings, prune::ThreadPool* pool) {
  check_sequences(model, seqs);
  if (dense.size() != seqs.size()) {
    throw InputError("dense reference covers " + std::to_string(dense.size()) + " sequences, " +
                     std::to_string(seqs.size()) + " given");
  }
  const std::size_t vocab = static_cast<std::size_t>(model.config.vocab_size);
  Transformer t(model, settings, pool);
  EvalResult r;
  double kl = 0, nll = 0, nll_dense = 0, agree = 0, cos = 0, dense_macs = 0, done_macs = 0;
  std::vector<std::array<double, kSites>> kept(model.config.n_layers),
      offered(model.config.n_layers);
  std::vector<double> lp, lq;
  for (std::size_t s = 0; s < seqs.size(); ++s) {
    const auto& seq = seqs[s];
    t.reset();
    for (std::size_t p = 0; p + 1 < seq.size(); ++p) {
      const auto q = t.forward(seq[p], static_cast<int>(p));
      const std::span<const float> d(dense[s].data() + p * vocab, vocab);
      log_softmax(d, lp);
      log_softmax(q, lq);
      double k = 0;
      for (std::size_t i = 0; i < vocab; ++i) k += std::exp(lp[i]) * (lp[i] - lq[i]);
      kl += k;
      const int target = seq[p + 1];
      nll -= lq[target];
      nll_dense -= lp[target];
      agree += argmax(d) == argmax(q) ? 1 : 0;
      cos += cosine(d, q);
      ++r.tokens;
    }
    const auto& st = t.stats();
    dense_macs += st.dense_macs;
    done_macs += st.done_macs;
    for (std::size_t l = 0; l < kept.size(); ++l) {
      for (std::size_t k = 0; k < kSites; ++k) {
        kept[l][k] += st.kept[l][k];
        offered[l][k] += st.offered[l][k];
      }
    }
  }
  const double n = static_cast<double>(r.tokens);
  r.kl = kl / n;
  r.ppl = std::exp(nll / n);
  r.ppl_dense = std::exp(nll_dense / n);
  r.top1_agreement = agree / n;
  r.logit_cosine = cos / n;
  r.skipped_fraction = dense_macs > 0 ? 1.0 - done_macs / dense_macs : 0.0;
  r.site_sparsity.resize(kept.size());
  for (std::size_t l = 0; l < kept.size(); ++l) {
    for (std::size_t k = 0; k < kSites; ++k) {
      r.site_sparsity[l][k] = offered[l][k] > 0 ? 1.0 - kept[l][k] / offered[l][k] : 0.0;
    }
  }
  return r;
}

Scheme parse_scheme(const std::string& name) {
  if (name == "ffn") return Scheme::ffn;
  if (name == "teal") return Scheme::teal;
  throw InputError("unknown pruning scheme '" + name + "': expected ffn or teal");
}

std::string to_string(Scheme s) {
  return s == Scheme::ffn ? "ffn" : "teal";
}

std::vector<EvalRow> run_eval(const Model& model, const EvalPlan& plan, prune::ThreadPool* pool,
                              const std::function<void(const std::string&)>& progress) {
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  if (plan.sparsities.empty()) throw InputError("--sparsity: give at least one value");
  for (double s : plan.sparsities) {
    if (!(s >= 0.0 && s < 1.0)) {
      throw InputError("--sparsity " + std::to_string(s) + " is outside [0, 1)");
    }
  }
  const std::size_t budget_tokens = prune::budget_from_fraction(plan.kv_policy, plan.kv_budget,
                                                                plan.length, "the sequence length")
                                        .budget;

  say("sampling " + std::to_string(plan.sequences) + " sequences of " +
      std::to_string(plan.length) + " tokens from the dense model (seed " +
      std::to_string(plan.seed) + ")");
  const auto seqs = sample_sequences(model, plan.sequences, plan.length, plan.seed, pool);
  say("dense reference");
  const auto dense = dense_logits(model, seqs, pool);
  Sequences calibration;
  if (plan.scheme == Scheme::teal) {
    say("sampling calibration sequences for TEAL thresholds (seed " +
        std::to_string(plan.seed + 1) + ")");
    calibration = sample_sequences(model, plan.sequences, plan.length, plan.seed + 1, pool);
  }

  std::vector<EvalRow> rows;
  for (double s : plan.sparsities) {
    PruneSettings settings;
    settings.backend = plan.backend;
    settings.kv = {plan.kv_policy, budget_tokens, 4};
    settings.rope_positions = plan.rope_positions;
    if (plan.scheme == Scheme::ffn) {
      settings.ffn_topk = true;
      settings.ffn_sparsity = s;
    } else {
      settings.teal_thresholds = calibrate_teal(model, calibration, s, pool);
    }
    say("evaluating " + to_string(plan.scheme) + " sparsity " + std::to_string(s));
    EvalRow row{plan.scheme,
                s,
                plan.kv_policy,
                plan.kv_budget,
                budget_tokens,
                0,
                evaluate(model, seqs, dense, settings, pool)};
    double sum = 0;
    for (const auto& layer : row.result.site_sparsity) {
      if (plan.scheme == Scheme::ffn) {
        sum += layer[static_cast<std::size_t>(Site::ffn_hidden)];
      } else {
        for (double v : layer) sum += v;
      }
    }
    const double sites = plan.scheme == Scheme::ffn ? 1.0 : static_cast<double>(kSites);
    row.measured_sparsity = sum / (sites * static_cast<double>(row.result.site_sparsity.size()));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace xdna::llm
