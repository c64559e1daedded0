// Column-sparse down-projection GEMV at Llama-7B's shape (11008 -> 4096, fp32) against our dense
// GEMV and OpenBLAS sgemv on the same data, single- and multi-threaded, and the decode-time
// crossover of the pruned down projection with the selection included.
//
// Ratios are meant to be read side by side from one run:
//   build/<dir>/bench/prune/xdna_bench_sparse_gemv --benchmark_min_time=0.5
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <vector>

#include "xdna/prune/random.hpp"
#include "xdna/prune/select.hpp"
#include "xdna/prune/sparse_gemv.hpp"

namespace {

using namespace xdna::prune;

constexpr std::size_t kHidden = 11008, kDim = 4096;

struct Data {
  std::vector<float> w_row;      // [dim x hidden] (PyTorch layout of W_down)
  std::vector<float> w_channel;  // [hidden x dim] (channel-major: row j = channel j)
  std::vector<float> act;        // [hidden], SwiGLU-like magnitudes
  std::vector<float> y;
  Data() : w_row(kDim * kHidden), w_channel(kHidden * kDim), act(kHidden), y(kDim) {
    Rng rng(1);
    for (auto& v : w_row) v = static_cast<float>(rng.normal() * 0.01);
    transpose(w_row.data(), kDim, kHidden, w_channel.data());
    for (auto& v : act) v = static_cast<float>(rng.normal());
  }
};

Data& data() {
  static Data d;
  return d;
}

ThreadPool* pool_for(int threads) {
  static ThreadPool two(2);
  return threads > 1 ? &two : nullptr;
}

// The `keep` largest |act| channels, ascending (computed outside the timed loop).
std::vector<std::uint32_t> survivors(double sparsity) {
  std::vector<std::uint32_t> idx;
  const auto keep = kHidden - static_cast<std::size_t>(std::llround(sparsity * kHidden));
  select_magnitude_top_count(data().act, keep, xdna::ops::Backend::cpu, idx);
  return idx;
}

void set_bytes(benchmark::State& state, std::size_t channels) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * channels * kDim * 4));
  state.counters["channels"] = static_cast<double>(channels);
}

void BM_DenseGemvOurs(benchmark::State& state) {
  auto& d = data();
  ThreadPool* pool = pool_for(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    gemv_row_major(d.w_row.data(), kDim, kHidden, d.act.data(), d.y.data(), pool);
    benchmark::DoNotOptimize(d.y.data());
  }
  set_bytes(state, kHidden);
}
BENCHMARK(BM_DenseGemvOurs)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("threads")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_DenseGemvOpenBlas(benchmark::State& state) {
  auto& d = data();
  openblas_set_num_threads(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    cblas_sgemv(CblasRowMajor, CblasNoTrans, kDim, kHidden, 1.0f, d.w_row.data(), kHidden,
                d.act.data(), 1, 0.0f, d.y.data(), 1);
    benchmark::DoNotOptimize(d.y.data());
  }
  set_bytes(state, kHidden);
}
BENCHMARK(BM_DenseGemvOpenBlas)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("threads")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_DenseGemvChannelMajor(benchmark::State& state) {
  auto& d = data();
  ThreadPool* pool = pool_for(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    gemv_channel_major(d.w_channel.data(), kHidden, kDim, d.act.data(), d.y.data(), pool);
    benchmark::DoNotOptimize(d.y.data());
  }
  set_bytes(state, kHidden);
}
BENCHMARK(BM_DenseGemvChannelMajor)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("threads")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Survivors given (selected beforehand): the kernel alone. Args: sparsity %, threads.
void BM_ChannelSparseGemv(benchmark::State& state) {
  auto& d = data();
  const auto idx = survivors(static_cast<double>(state.range(0)) / 100.0);
  ThreadPool* pool = pool_for(static_cast<int>(state.range(1)));
  for (auto _ : state) {
    gemv_channel_sparse(d.w_channel.data(), kHidden, kDim, d.act.data(), idx, d.y.data(), pool);
    benchmark::DoNotOptimize(d.y.data());
  }
  set_bytes(state, idx.size());
}
BENCHMARK(BM_ChannelSparseGemv)
    ->ArgsProduct({{0, 10, 25, 50, 75, 90}, {1, 2}})
    ->ArgNames({"sparsity_pct", "threads"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The crossover: per decode step, the selection (magnitude top-k through ops/, bf16 conversion
// included) plus the sparse product, against the dense channel-major product.
void BM_PrunedDownProjectionWithSelection(benchmark::State& state) {
  auto& d = data();
  const double sparsity = static_cast<double>(state.range(0)) / 100.0;
  const auto keep = kHidden - static_cast<std::size_t>(std::llround(sparsity * kHidden));
  ThreadPool* pool = pool_for(static_cast<int>(state.range(1)));
  std::vector<std::uint32_t> idx;
  for (auto _ : state) {
    select_magnitude_top_count(d.act, keep, xdna::ops::Backend::cpu, idx);
    gemv_channel_sparse(d.w_channel.data(), kHidden, kDim, d.act.data(), idx, d.y.data(), pool);
    benchmark::DoNotOptimize(d.y.data());
  }
  set_bytes(state, keep);
}
BENCHMARK(BM_PrunedDownProjectionWithSelection)
    ->ArgsProduct({{0, 2, 5, 10, 25, 50}, {1, 2}})
    ->ArgNames({"sparsity_pct", "threads"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The selection alone (11008 fp32 magnitudes -> bf16 -> top-k threshold -> compact).
void BM_SelectionOnly(benchmark::State& state) {
  auto& d = data();
  std::vector<std::uint32_t> idx;
  for (auto _ : state) {
    select_magnitude_top_count(d.act, kHidden / 2, xdna::ops::Backend::cpu, idx);
    benchmark::DoNotOptimize(idx.data());
  }
}
BENCHMARK(BM_SelectionOnly)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
