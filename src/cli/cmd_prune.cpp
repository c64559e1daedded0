// `xdna prune ffn|attention|layer`: the seed's pruning experiments (FACTS §5), measured here.
#include <fmt/core.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "command_registry.hpp"
#include "option_checks.hpp"
#include "xdna/common/error.hpp"
#include "xdna/prune/experiments.hpp"

namespace {

namespace prune = xdna::prune;

struct Options {
  std::string regime;  // empty = both
  std::string backend = "cpu";
  std::optional<std::string> prune_pcts;  // nullopt: the experiment's defaults
  int repeats = 5;
  int threads = 0;
  int blas_threads = 1;
  std::uint64_t seed = 20240501;
  bool json = false;
};

std::vector<double> parse_pcts(const std::optional<std::string>& given,
                               std::vector<double> fallback) {
  if (!given) return fallback;
  // An empty list or an empty item ("50,") is a typo, not a request for the defaults.
  const std::string& text = *given;
  if (text.empty() || text.back() == ',') {
    throw xdna::InputError("--prune '" + text +
                           "': give comma-separated percentages, e.g. --prune 25,50,75");
  }
  std::vector<double> values;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    double v = 0;
    try {
      std::size_t used = 0;
      v = std::stod(item, &used);
      if (used != item.size()) throw std::invalid_argument(item);
    } catch (const std::exception&) {
      throw xdna::InputError("--prune: '" + item + "' is not a number");
    }
    if (!(v >= 0.0 && v < 100.0)) {
      throw xdna::InputError("--prune " + item +
                             " is outside [0, 100): percent of channels removed");
    }
    values.push_back(v);
  }
  return values;
}

std::vector<prune::Regime> regimes_of(const Options& o) {
  if (o.regime.empty()) return {prune::Regime::skewed, prune::Regime::uniform};
  return {prune::parse_regime(o.regime)};
}

void print(const std::string& experiment, const std::vector<prune::ExperimentTable>& tables,
           const Options& o) {
  if (o.json) {
    nlohmann::json regimes = nlohmann::json::object();
    nlohmann::json notes = nlohmann::json::object();
    for (const auto& t : tables) {
      auto& rows = regimes[t.regime];
      if (rows.is_null()) rows = nlohmann::json::array();
      for (const auto& r : t.rows) {
        rows.push_back({{"experiment", t.experiment},
                        {"prune_pct", r.prune_pct},
                        {"kept", r.kept},
                        {"work_ratio", r.work_ratio},
                        {"cosine", r.cosine},
                        {"wall_speedup", r.wall_speedup},
                        {"cpu_speedup", r.cpu_speedup},
                        {t.alt_name, r.wall_speedup_alt},
                        {"cpu_" + t.alt_name.substr(5), r.cpu_speedup_alt},
                        {"dense_ms", r.dense_ms},
                        {"pruned_ms", r.pruned_ms}});
      }
      notes[t.experiment] = {
          {"shape", t.shape}, {"wall_speedup", t.wall_note}, {t.alt_name, t.alt_note}};
    }
    nlohmann::json out{
        {"experiment", experiment},
        {"wall_clock", "measured on this host: best of " + std::to_string(o.repeats) +
                           " alternating runs of dense and pruned"},
        {"backend", o.backend},
        {"blas_threads", o.blas_threads},
        {"threads", o.threads},
        {"seed", o.seed},
        {"notes", notes},
        {"regimes", regimes}};
    fmt::print("{}\n", out.dump(2));
    return;
  }
  for (const auto& t : tables) {
    fmt::print("\n{} | regime {} | {}\n", t.experiment, t.regime, t.shape);
    fmt::print("  wall   = {} (measured, best of {} alternating runs)\n", t.wall_note, o.repeats);
    fmt::print("  wall2  = {} (measured)\n", t.alt_note);
    fmt::print("  cpu    = as wall, from process CPU time (not inflated by other processes)\n");
    fmt::print("  {:>7} {:>6} {:>10} {:>9} {:>8} {:>8} {:>8} {:>8} {:>10} {:>10}\n", "prune%",
               "kept", "work", "cosine", "wall", "cpu", "wall2", "cpu2", "dense ms", "pruned ms");
    for (const auto& r : t.rows) {
      fmt::print(
          "  {:>7.1f} {:>6} {:>9.3f}x {:>9.5f} {:>7.2f}x {:>7.2f}x {:>7.2f}x {:>7.2f}x {:>10.3f} "
          "{:>10.3f}{}\n",
          r.prune_pct, r.kept, r.work_ratio, r.cosine, r.wall_speedup, r.cpu_speedup,
          r.wall_speedup_alt, r.cpu_speedup_alt, r.dense_ms, r.pruned_ms,
          r.wall_speedup < 1.0 ? "  <- net loss in wall-clock" : "");
    }
  }
}

void add_experiment(CLI::App* parent, const std::string& name, const std::string& help,
                    std::function<std::vector<prune::ExperimentTable>(
                        const Options&, const prune::ExperimentOptions&)>
                        run,
                    bool takes_pcts) {
  auto o = std::make_shared<Options>();
  auto* cmd = parent->add_subcommand(name, help);
  cmd->add_option("--regime", o->regime, "skewed | uniform (default: both)");
  if (takes_pcts) cmd->add_option("--prune", o->prune_pcts, "Comma-separated prune percentages");
  cmd->add_option("--backend", o->backend, "Where selection runs: cpu | emu")
      ->capture_default_str();
  cmd->add_option("--repeats", o->repeats, "Timed runs per measurement (best of)")
      ->capture_default_str();
  cmd->add_option("--blas-threads", o->blas_threads, "OpenBLAS threads")->capture_default_str();
  cmd->add_option("--threads", o->threads, "Threads of our kernels (0 = all cores)")
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "RNG seed")
      ->capture_default_str()
      ->check(xdna::cli::non_negative());
  cmd->add_flag("--json", o->json, "Print JSON");
  cmd->callback([o, name, run] {
    if (o->repeats < 1) throw xdna::InputError("--repeats must be >= 1");
    if (o->threads < 0) throw xdna::InputError("--threads must be >= 0");
    prune::ThreadPool pool(static_cast<std::size_t>(o->threads));
    prune::ExperimentOptions eo;
    eo.seed = o->seed;
    eo.repeats = o->repeats;
    eo.blas_threads = o->blas_threads;
    eo.backend = xdna::ops::parse_backend(o->backend);
    eo.pool = &pool;
    print(name, run(*o, eo), *o);
  });
}

xdna::cli::Registrar reg(55, [](CLI::App& app) {
  auto* p = app.add_subcommand("prune", "The seed's pruning experiments, reproduced and measured");
  p->require_subcommand(1);
  add_experiment(
      p, "ffn", "FFN channel pruning (SEQ 512, D 512, H 2048)",
      [](const Options& o, const prune::ExperimentOptions& eo) {
        std::vector<prune::ExperimentTable> tables;
        const auto pcts = parse_pcts(o.prune_pcts, {10, 25, 50, 75, 90});
        for (auto r : regimes_of(o)) tables.push_back(prune::run_ffn_experiment(r, pcts, eo));
        return tables;
      },
      true);
  add_experiment(
      p, "attention", "KV pruning by attention mass (SEQ 512, d 64)",
      [](const Options& o, const prune::ExperimentOptions& eo) {
        std::vector<prune::ExperimentTable> tables;
        const auto pcts = parse_pcts(o.prune_pcts, {25, 50, 75});
        for (auto r : regimes_of(o)) tables.push_back(prune::run_attention_experiment(r, pcts, eo));
        return tables;
      },
      true);
  add_experiment(
      p, "layer", "Full layers keeping 50% KV and 50% FFN (seed 512-wide and gemma4-shaped)",
      [](const Options& o, const prune::ExperimentOptions& eo) {
        std::vector<prune::ExperimentTable> tables;
        for (auto r : regimes_of(o)) {
          tables.push_back(prune::run_layer_experiment(prune::LayerShape::seed512, r, eo));
          tables.push_back(prune::run_layer_experiment(prune::LayerShape::gemma4, r, eo));
        }
        return tables;
      },
      false);
});

}  // namespace
