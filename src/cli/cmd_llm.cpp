// `xdna llm info|generate|eval`: run a llama2.c checkpoint and measure what pruning costs.
#include <fmt/core.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "command_registry.hpp"
#include "option_checks.hpp"
#include "xdna/common/error.hpp"
#include "xdna/llm/eval.hpp"
#include "xdna/llm/sampler.hpp"
#include "xdna/llm/tokenizer.hpp"
#include "xdna/llm/transformer.hpp"

namespace {

using xdna::InputError;
namespace llm = xdna::llm;
namespace prune = xdna::prune;

std::vector<double> parse_list(const std::string& text, const char* option) {
  // getline drops a trailing empty item: "0.5," would silently run one value.
  if (!text.empty() && text.back() == ',')
    throw InputError(std::string(option) + " '" + text + "' ends with a comma; remove it");
  std::vector<double> values;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      std::size_t used = 0;
      values.push_back(std::stod(item, &used));
      if (used != item.size()) throw std::invalid_argument(item);
    } catch (const std::exception&) {
      throw InputError(std::string(option) + ": '" + item + "' is not a number");
    }
  }
  return values;
}

std::unique_ptr<prune::ThreadPool> make_pool(int threads) {
  if (threads < 0) throw InputError("--threads must be >= 0 (0 = all cores)");
  return std::make_unique<prune::ThreadPool>(static_cast<std::size_t>(threads));
}

nlohmann::json config_json(const llm::Config& c) {
  return {{"version", c.version},
          {"dim", c.dim},
          {"hidden_dim", c.hidden_dim},
          {"n_layers", c.n_layers},
          {"n_heads", c.n_heads},
          {"n_kv_heads", c.n_kv_heads},
          {"vocab_size", c.vocab_size},
          {"seq_len", c.seq_len},
          {"shared_classifier", c.shared_classifier}};
}

struct GenerateOptions {
  std::string model, tokenizer, prompt, backend = "cpu", kv_policy = "none";
  double kv_budget = 1.0;
  int steps = 64, threads = 0;
  float temperature = 1.0f, top_p = 0.9f, sparsity = 0.0f;
  std::uint64_t seed = 42;
  bool json = false;
};

void run_generate(const GenerateOptions& o) {
  const auto model = llm::load_checkpoint(o.model);
  const llm::SamplerSettings sampler{o.temperature, o.top_p};
  llm::validate(sampler);
  std::optional<llm::Tokenizer> tok;
  if (!o.tokenizer.empty()) tok = llm::Tokenizer::load(o.tokenizer, model.config.vocab_size);
  if (!o.prompt.empty() && !tok) {
    throw InputError("--prompt needs --tokenizer (the checkpoint has no vocabulary of its own)");
  }
  std::vector<int> prompt = tok ? tok->encode(o.prompt, true) : std::vector<int>{1};
  if (o.steps < 1 || o.steps > model.config.seq_len) {
    throw InputError("--steps " + std::to_string(o.steps) + " must be in [1, seq_len " +
                     std::to_string(model.config.seq_len) + "]");
  }
  if (prompt.size() >= static_cast<std::size_t>(o.steps)) {
    throw InputError("the prompt has " + std::to_string(prompt.size()) +
                     " tokens, not fewer than --steps " + std::to_string(o.steps));
  }
  llm::PruneSettings settings;
  settings.backend = xdna::ops::parse_backend(o.backend);
  if (o.sparsity != 0.0f) {
    settings.ffn_topk = true;
    settings.ffn_sparsity = o.sparsity;
  }
  // The budget is a fraction of --steps, as eval's is of --length.
  settings.kv = prune::budget_from_fraction(prune::parse_kv_policy(o.kv_policy), o.kv_budget,
                                            static_cast<std::size_t>(o.steps), "--steps");
  auto pool = make_pool(o.threads);
  llm::Transformer t(model, settings, pool.get());
  prune::Rng rng(o.seed);
  std::vector<int> tokens = prompt;
  std::string text;
  for (int pos = 0; pos + 1 < o.steps; ++pos) {
    const auto logits = t.forward(tokens[pos], pos);
    if (static_cast<std::size_t>(pos + 1) < prompt.size()) continue;  // still in the prompt
    const int next = llm::sample(logits, sampler, rng);
    if (next == 1) break;  // BOS ends a story in llama2.c models
    if (tok) {
      const std::string piece = tok->decode(tokens.back(), next);
      text += piece;
      if (!o.json) fmt::print("{}", piece);
    } else if (!o.json) {
      fmt::print("{} ", next);
    }
    tokens.push_back(next);
  }
  if (o.json) {
    nlohmann::json j{{"model", o.model},
                     {"tokens", tokens},
                     {"prompt_tokens", prompt.size()},
                     {"kv_policy", prune::to_string(settings.kv.policy)},
                     {"kv_budget_tokens", settings.kv.budget}};
    if (tok) j["text"] = text;
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("\n");
  }
}

struct EvalOptions {
  std::string model, sparsity = "0,0.25,0.4,0.5,0.65", scheme = "ffn", kv_policy = "none",
                     backend = "cpu", kv_positions = "original";
  double kv_budget = 1.0;
  int sequences = 8, length = 128, threads = 1;
  std::uint64_t seed = 42;
  bool json = false;
};

void run_eval(const EvalOptions& o) {
  llm::EvalPlan plan;
  plan.sparsities = parse_list(o.sparsity, "--sparsity");
  plan.scheme = llm::parse_scheme(o.scheme);
  plan.kv_policy = prune::parse_kv_policy(o.kv_policy);
  plan.kv_budget = o.kv_budget;
  plan.rope_positions = llm::parse_rope_positions(o.kv_positions);
  if (o.sequences < 1 || o.length < 2) {
    throw InputError("--sequences must be >= 1 and --length >= 2");
  }
  plan.sequences = static_cast<std::size_t>(o.sequences);
  plan.length = static_cast<std::size_t>(o.length);
  plan.seed = o.seed;
  plan.backend = xdna::ops::parse_backend(o.backend);
  const auto model = llm::load_checkpoint(o.model);
  auto pool = make_pool(o.threads);
  const auto rows = llm::run_eval(model, plan, pool.get(), [](const std::string& line) {
    fmt::print(stderr, "[eval] {}\n", line);
  });
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : rows) {
      nlohmann::json sites = nlohmann::json::array();
      for (const auto& layer : r.result.site_sparsity) sites.push_back(layer);
      out.push_back({{"scheme", llm::to_string(r.scheme)},
                     {"sparsity", r.sparsity},
                     {"measured_sparsity", r.measured_sparsity},
                     {"kv_policy", prune::to_string(r.kv_policy)},
                     {"kv_budget", r.kv_policy == prune::KvPolicy::none ? 1.0 : r.kv_budget},
                     {"kv_budget_tokens", r.kv_budget_tokens},
                     {"kv_positions", o.kv_positions},
                     {"kl", r.result.kl},
                     {"ppl", r.result.ppl},
                     {"ppl_dense", r.result.ppl_dense},
                     {"top1_agreement", r.result.top1_agreement},
                     {"logit_cosine", r.result.logit_cosine},
                     {"skipped_fraction", r.result.skipped_fraction},
                     {"tokens", r.result.tokens},
                     {"site_sparsity", sites},
                     {"backend", o.backend}});
    }
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print(
      "model {} | scheme {} | kv {} | {} sequences x {} tokens (sampled from the dense "
      "model, seed {}) | measured on this host\n",
      o.model, o.scheme,
      o.kv_policy == "none" ? std::string("full cache")
                            : fmt::format("{} budget {} ({} RoPE positions)", o.kv_policy,
                                          o.kv_budget, o.kv_positions),
      o.sequences, o.length, o.seed);
  fmt::print("{:>8} {:>9} {:>10} {:>9} {:>9} {:>8} {:>8} {:>8}\n", "sparsity", "measured",
             "KL/token", "ppl", "ppl_dense", "top1", "cosine", "skipped");
  for (const auto& r : rows) {
    fmt::print("{:>8.2f} {:>9.3f} {:>10.5f} {:>9.4f} {:>9.4f} {:>8.4f} {:>8.5f} {:>8.3f}\n",
               r.sparsity, r.measured_sparsity, r.result.kl, r.result.ppl, r.result.ppl_dense,
               r.result.top1_agreement, r.result.logit_cosine, r.result.skipped_fraction);
  }
}

xdna::cli::Registrar reg(60, [](CLI::App& app) {
  auto* llm_cmd = app.add_subcommand("llm", "Run llama2.c checkpoints and measure pruning");
  llm_cmd->require_subcommand(1);

  auto* info = llm_cmd->add_subcommand("info", "Print a checkpoint's header");
  auto info_model = std::make_shared<std::string>();
  auto info_json = std::make_shared<bool>(false);
  info->add_option("model", *info_model, "llama2.c checkpoint (.bin, v0 or v1)")->required();
  info->add_flag("--json", *info_json, "Print JSON");
  info->callback([info_model, info_json] {
    const auto model = llm::load_checkpoint(*info_model);
    const auto j = config_json(model.config);
    if (*info_json) {
      fmt::print("{}\n", j.dump(2));
    } else {
      for (const auto& [k, v] : j.items()) fmt::print("{:>18}: {}\n", k, v.dump());
    }
  });

  auto g = std::make_shared<GenerateOptions>();
  auto* gen = llm_cmd->add_subcommand("generate", "Sample text (or token ids) from a checkpoint");
  gen->add_option("model", g->model, "llama2.c checkpoint")->required();
  gen->add_option("--tokenizer", g->tokenizer,
                  "llama2.c tokenizer file; without it, ids are printed");
  gen->add_option("--prompt", g->prompt, "Prompt text (needs --tokenizer)");
  gen->add_option("--steps", g->steps, "Total tokens including the prompt")->capture_default_str();
  gen->add_option("--temperature", g->temperature, "0 = greedy")->capture_default_str();
  gen->add_option("--top-p", g->top_p, "Nucleus sampling mass")->capture_default_str();
  gen->add_option("--seed", g->seed, "Sampler seed")
      ->capture_default_str()
      ->check(xdna::cli::non_negative());
  gen->add_option("--sparsity", g->sparsity, "FFN activation sparsity in [0, 1)")
      ->capture_default_str();
  gen->add_option("--kv-policy", g->kv_policy, "KV eviction: none | h2o | sink | tova")
      ->capture_default_str();
  gen->add_option("--kv-budget", g->kv_budget, "Cache budget as a fraction of --steps, in (0, 1]")
      ->capture_default_str();
  gen->add_option("--backend", g->backend, "Where selection runs: cpu | emu")
      ->capture_default_str();
  gen->add_option("--threads", g->threads, "Threads (0 = all cores)")->capture_default_str();
  gen->add_flag("--json", g->json, "Print JSON");
  gen->callback([g] { run_generate(*g); });

  auto e = std::make_shared<EvalOptions>();
  auto* ev = llm_cmd->add_subcommand(
      "eval", "Teacher-forced comparison of pruned vs dense: KL, perplexity, agreement, work");
  ev->add_option("model", e->model, "llama2.c checkpoint")->required();
  ev->add_option("--sparsity", e->sparsity, "Comma-separated sparsities in [0, 1)")
      ->capture_default_str();
  ev->add_option("--scheme", e->scheme,
                 "ffn: per-token top-k on the down-projection input; teal: calibrated "
                 "thresholds on every projection's input")
      ->capture_default_str();
  ev->add_option("--kv-policy", e->kv_policy, "none | h2o | sink | tova")->capture_default_str();
  ev->add_option("--kv-budget", e->kv_budget, "Cache budget as a fraction of --length, in (0, 1]")
      ->capture_default_str();
  ev->add_option("--kv-positions", e->kv_positions,
                 "RoPE position of cached keys: original (in the text) | cache (index in the "
                 "cache, as StreamingLLM)")
      ->capture_default_str();
  ev->add_option("--sequences", e->sequences, "Evaluation sequences")->capture_default_str();
  ev->add_option("--length", e->length, "Tokens per sequence")->capture_default_str();
  ev->add_option("--seed", e->seed, "Seed of the sampled sequences")
      ->capture_default_str()
      ->check(xdna::cli::non_negative());
  ev->add_option("--backend", e->backend, "Where selection runs: cpu | emu")->capture_default_str();
  ev->add_option("--threads", e->threads, "Threads (0 = all cores)")->capture_default_str();
  ev->add_flag("--json", e->json, "Print JSON rows");
  ev->callback([e] { run_eval(*e); });
});

}  // namespace
