// Decode throughput of a transformer with Llama-7B layer shapes (dim 4096, hidden 11008, 32
// heads, random weights, 2 layers, a 512-token vocabulary so that the classifier does not hide
// the layers): dense vs 50% FFN activation sparsity vs TEAL-style 50% on every projection.
// Memory: about 1.6 GB of fp32 weights.
//
//   build/<dir>/bench/llm/xdna_bench_decode
#include <benchmark/benchmark.h>

#include <memory>

#include "xdna/llm/eval.hpp"
#include "xdna/llm/transformer.hpp"

namespace {

using namespace xdna::llm;

constexpr int kTokensPerRun = 4;  // decode steps timed per iteration (positions keep growing)

const Model& model() {
  static const Model m = [] {
    Config c;
    c.dim = 4096;
    c.hidden_dim = 11008;
    c.n_layers = 2;
    c.n_heads = 32;
    c.n_kv_heads = 32;
    c.vocab_size = 512;
    c.seq_len = 512;
    return make_random_model(c, 7);
  }();
  return m;
}

xdna::prune::ThreadPool& pool() {
  static xdna::prune::ThreadPool p(0);
  return p;
}

// Per-layer thresholds for 50% on every site, calibrated on 8 tokens of the dense model.
const std::vector<SiteThresholds>& teal50() {
  static const std::vector<SiteThresholds> t = [] {
    Sequences calib{{1, 17, 99, 3, 250, 42, 7, 300, 12}};
    return calibrate_teal(model(), calib, 0.5, &pool());
  }();
  return t;
}

void run(benchmark::State& state, const PruneSettings& settings) {
  Transformer t(model(), settings, &pool());
  int pos = 0;
  for (auto _ : state) {
    if (pos + kTokensPerRun >= model().config.seq_len) {
      t.reset();
      pos = 0;
    }
    for (int i = 0; i < kTokensPerRun; ++i, ++pos) {
      benchmark::DoNotOptimize(t.forward((pos * 31 + 1) % 512, pos).data());
    }
  }
  state.counters["tokens_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * kTokensPerRun), benchmark::Counter::kIsRate);
  state.counters["skipped_fraction"] = 1.0 - t.stats().done_macs / t.stats().dense_macs;
}

void BM_DecodeDense(benchmark::State& state) {
  run(state, {});
}
void BM_DecodeFfn50(benchmark::State& state) {
  PruneSettings s;
  s.ffn_topk = true;
  s.ffn_sparsity = 0.5;
  run(state, s);
}
void BM_DecodeTeal50(benchmark::State& state) {
  PruneSettings s;
  s.teal_thresholds = teal50();
  run(state, s);
}

BENCHMARK(BM_DecodeDense)->Iterations(5)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeFfn50)->Iterations(5)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeTeal50)->Iterations(5)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
