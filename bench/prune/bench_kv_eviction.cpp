// Cost of one H2O / TOVA eviction decision: the victim choice through the operator library
// (prune::choose_lightest) on the CPU backend and on the emulated NPU, next to the plain fp64
// argmin it replaced. n is the number of eviction candidates (H2O at a 64-token budget has 33,
// TOVA 64). Read the ratios side by side from one run:
//   build/<dir>/bench/prune/xdna_bench_kv_eviction
// Emulator times are host wall time of the emulator; the projected_npu_us counter is the timing
// model's projection of the same design on the NPU (projected, not measured).
#include <benchmark/benchmark.h>

#include <vector>

#include "xdna/prune/kv_eviction.hpp"
#include "xdna/prune/random.hpp"

namespace {

using namespace xdna;

std::vector<double> scores(std::size_t n) {
  prune::Rng rng(3);
  std::vector<double> s(n);
  for (auto& x : s) x = rng.uniform() * 4.0;
  return s;
}

void BM_Fp64Argmin(benchmark::State& state) {
  const auto s = scores(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::size_t victim = 0;
    for (std::size_t i = 1; i < s.size(); ++i) {
      if (s[i] < s[victim]) victim = i;
    }
    benchmark::DoNotOptimize(victim);
  }
}

void BM_ChooseLightest(benchmark::State& state, ops::Backend backend) {
  const auto s = scores(static_cast<std::size_t>(state.range(0)));
  std::vector<bfloat16> scratch;
  for (auto _ : state) benchmark::DoNotOptimize(prune::choose_lightest(s, backend, scratch));
  if (backend == ops::Backend::emu) {
    // The timing model's PROJECTED time of the same run on a Phoenix NPU (not measured).
    const auto& run = ops::last_emulator_run();
    if (run.projected) state.counters["projected_npu_us"] = run.projected_us;
  }
}

BENCHMARK(BM_Fp64Argmin)->Arg(33)->Arg(64)->Arg(256);
BENCHMARK_CAPTURE(BM_ChooseLightest, cpu, ops::Backend::cpu)->Arg(33)->Arg(64)->Arg(256);
BENCHMARK_CAPTURE(BM_ChooseLightest, emu, ops::Backend::emu)
    ->Arg(33)
    ->Arg(64)
    ->Arg(256)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
