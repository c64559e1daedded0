// CPU matmul (int16 -> int32, bf16 -> fp32) next to OpenBLAS sgemm on the same shapes (fp32
// inputs). The CPU paths include packing B on every call, as the operator does.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "sgemm_shim.hpp"
#include "xdna/ops/matmul.hpp"
#include "xdna/ops/synthetic.hpp"

namespace {

xdna::ops::MatmulShape shape_of(const benchmark::State& state) {
  return {static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)),
          static_cast<std::size_t>(state.range(2))};
}

void set_flops(benchmark::State& state, xdna::ops::MatmulShape s) {
  state.counters["GFLOP/s"] = benchmark::Counter(
      2.0 * double(s.m) * double(s.k) * double(s.n) * double(state.iterations()) * 1e-9,
      benchmark::Counter::kIsRate);
}

void BM_MatmulInt16(benchmark::State& state) {
  const auto s = shape_of(state);
  const auto a = xdna::ops::synthetic_i16(s.m * s.k, 1, -1000, 1000);
  const auto b = xdna::ops::synthetic_i16(s.k * s.n, 2, -1000, 1000);
  for (auto _ : state) {
    benchmark::DoNotOptimize(xdna::ops::matmul_i16(a, b, s, xdna::ops::Backend::cpu));
  }
  set_flops(state, s);
}

void BM_MatmulBf16(benchmark::State& state) {
  const auto s = shape_of(state);
  const auto a = xdna::ops::synthetic_bf16(s.m * s.k, 1);
  const auto b = xdna::ops::synthetic_bf16(s.k * s.n, 2);
  for (auto _ : state) {
    benchmark::DoNotOptimize(xdna::ops::matmul_bf16(a, b, s, xdna::ops::Backend::cpu));
  }
  set_flops(state, s);
}

void BM_OpenBlasSgemm(benchmark::State& state) {
  const auto s = shape_of(state);
  const auto a16 = xdna::ops::synthetic_bf16(s.m * s.k, 1);
  const auto b16 = xdna::ops::synthetic_bf16(s.k * s.n, 2);
  const std::vector<float> a(a16.begin(), a16.end()), b(b16.begin(), b16.end());
  std::vector<float> c(s.m * s.n);
  for (auto _ : state) {
    openblas_sgemm_rowmajor(int(s.m), int(s.n), int(s.k), a.data(), b.data(), c.data());
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, s);
}

// One thread each (XDNA_THREADS=1, openblas_set_num_threads(1)): the steadiest ratio on a
// shared machine.
template <void (*Bench)(benchmark::State&)>
void OneThread(benchmark::State& state) {
  setenv("XDNA_THREADS", "1", 1);
  const int blas_threads = openblas_threads(1);
  Bench(state);
  openblas_threads(blas_threads);
  unsetenv("XDNA_THREADS");
}

// The seed's 512^3 demo, patch-embed [256 x 768] x [768 x 768], an FFN down-projection slice.
#define SHAPES Args({512, 512, 512})->Args({256, 768, 768})->Args({512, 2048, 512})
BENCHMARK(BM_MatmulInt16)->SHAPES->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MatmulBf16)->SHAPES->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_OpenBlasSgemm)->SHAPES->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK(OneThread<BM_MatmulInt16>)
    ->Args({512, 512, 512})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(OneThread<BM_MatmulBf16>)
    ->Args({512, 512, 512})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(OneThread<BM_OpenBlasSgemm>)
    ->Args({512, 512, 512})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
