// The seed's pruning experiments (FACTS §5) reproduced with our fixed-seed RNG, the selection
// step running through ops/ on a chosen backend, and wall-clock measured on this host.
//
// Work ratio = dense FLOPs / pruned FLOPs of the matrix products, counted exactly as the seed
// did (the importance computation itself is not counted there). Wall-clock is measured, best of
// several runs alternating dense and pruned, and the pruned side includes everything it needs:
// importance, selection, gathers and the smaller products.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xdna/ops/backend.hpp"
#include "xdna/prune/thread_pool.hpp"

namespace xdna::prune {

enum class Regime { skewed, uniform };
Regime parse_regime(const std::string& name);  // InputError for anything else
std::string to_string(Regime r);

struct ExperimentOptions {
  std::uint64_t seed = 20240501;
  int repeats = 5;       // timed runs per measurement (best of, alternating dense and pruned)
  int blas_threads = 1;  // OpenBLAS threads; 1 keeps timings stable on a shared host
  ops::Backend backend = ops::Backend::cpu;
  ThreadPool* pool = nullptr;  // our kernels; OpenBLAS uses its own threads
};

struct ExperimentRow {
  double prune_pct = 0;  // share of channels / keys removed, in percent
  std::size_t kept = 0;  // survivors actually selected
  double work_ratio = 0;
  double cosine = 0;            // pruned output vs dense output
  double wall_speedup = 0;      // dense time / pruned time, measured (see table notes)
  double wall_speedup_alt = 0;  // second measured variant (see table notes)
  double cpu_speedup = 0;       // as wall_speedup, from process CPU time (robust to preemption)
  double cpu_speedup_alt = 0;
  double dense_ms = 0, pruned_ms = 0, alt_dense_ms = 0, alt_pruned_ms = 0;
};

struct ExperimentTable {
  std::string experiment;  // "ffn", "attention", "layer-seed512", "layer-gemma4"
  std::string regime;
  std::string shape;      // human-readable shape
  std::string wall_note;  // what wall_speedup measures
  std::string alt_name;   // JSON name of wall_speedup_alt
  std::string alt_note;   // what wall_speedup_alt measures
  std::vector<ExperimentRow> rows;
};

// FFN: SEQ 512, D 512, H 2048, act = relu(x Wu), y = act Wd; prune % in `prune_pcts`.
ExperimentTable run_ffn_experiment(Regime regime, const std::vector<double>& prune_pcts,
                                   const ExperimentOptions& options);

// Attention KV: SEQ 512, d 64; keys ranked by attention mass.
ExperimentTable run_attention_experiment(Regime regime, const std::vector<double>& prune_pcts,
                                         const ExperimentOptions& options);

// Full layers keeping 50% KV and 50% FFN: the seed's MHA + ReLU-FFN layer (SEQ 512, D 512,
// 8 heads, FFN 2048) and the gemma4-shaped layer (D 2816, gated FFN 2112, 16 heads, 8 KV heads).
enum class LayerShape { seed512, gemma4 };
ExperimentTable run_layer_experiment(LayerShape shape, Regime regime,
                                     const ExperimentOptions& options);

}  // namespace xdna::prune
