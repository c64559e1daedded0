// Emulator overhead on the single-core 512^3 int16 GEMM: the whole design (DMA patterns, locks,
// runtime sequence, threads) against calling the same micro-kernels directly on pre-tiled
// buffers in a loop; and the 4x4-core design with workers on one vs. two host threads.
// All times are host wall-clock (measured), not NPU projections.
#include <benchmark/benchmark.h>

#include <aie_api/aie.hpp>
#include <ctime>
#include <random>
#include <vector>

#include "aie2/kernels.h"
#include "xdna/emu/builtin.hpp"
#include "xdna/emu/designs.hpp"

namespace {

constexpr int kSize = 512;

// CPU time of the whole process (all threads): on a shared, loaded host the wall-clock of a
// multi-threaded run mostly measures waiting for a CPU, so both are reported.
double process_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// The direct loop: the same kernel calls the design makes (zero, then K/t matmuls per C tile),
// on tiles already in the kernel's blocked layout, with op counters on as in the emulator.
void BM_DirectKernelLoop(benchmark::State& state) {
  const int t = static_cast<int>(state.range(0));
  const int tiles = kSize / t;
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> dist(-256, 255);
  // One buffer per A row-block tile and per B tile, already blocked (the layout does not change
  // the work: every call reads t*t elements of each).
  std::vector<std::vector<int16_t>> a(static_cast<std::size_t>(tiles * tiles)), b(a.size());
  for (auto& v : a) {
    v.resize(static_cast<std::size_t>(t * t));
    for (auto& x : v) x = static_cast<int16_t>(dist(rng));
  }
  for (auto& v : b) {
    v.resize(static_cast<std::size_t>(t * t));
    for (auto& x : v) x = static_cast<int16_t>(dist(rng));
  }
  std::vector<int32_t> c(static_cast<std::size_t>(t * t));
  aie::host::op_counters counters;
  aie::host::core_state core;
  core.counters = &counters;
  core.rounding = aie::rounding_mode::positive_inf;
  aie::host::scoped_core installed(core);
  double cpu = 0;
  for (auto _ : state) {
    const double c0 = process_cpu_ms();
    for (int bm = 0; bm < tiles; ++bm)
      for (int bn = 0; bn < tiles; ++bn) {
        if (t == 64)
          zero_i32(c.data());
        else
          zero_i32_32x32(c.data());
        for (int k = 0; k < tiles; ++k) {
          const auto ai = static_cast<std::size_t>(bm * tiles + k),
                     bi = static_cast<std::size_t>(k * tiles + bn);
          if (t == 64)
            matmul_i16_i32(a[ai].data(), b[bi].data(), c.data());
          else
            matmul_i16_i32_32x32x32(a[ai].data(), b[bi].data(), c.data());
        }
        benchmark::DoNotOptimize(c.data());
      }
    cpu += process_cpu_ms() - c0;
  }
  state.counters["kernel_calls"] = tiles * tiles * (tiles + 1);
  state.counters["process_cpu_ms"] = cpu / static_cast<double>(state.iterations());
}
BENCHMARK(BM_DirectKernelLoop)->Arg(32)->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime();

void run_design(benchmark::State& state, const std::string& name, xdna::emu::Params params,
                xdna::emu::RunOptions opt) {
  auto c = xdna::emu::find_builtin(name).make(params);
  const auto inputs = c.buffers;
  bool match = true;
  double cpu = 0;
  for (auto _ : state) {
    state.PauseTiming();
    c.buffers = inputs;
    state.ResumeTiming();
    const double c0 = process_cpu_ms();
    auto o = xdna::emu::run(c.design, c.buffers, opt);
    cpu += process_cpu_ms() - c0;
    match = match && o.status == xdna::emu::Status::completed;
  }
  state.counters["process_cpu_ms"] = cpu / static_cast<double>(state.iterations());
  // Check the bits once, outside the timed loop (the comparison is not part of the emulation).
  c.buffers = inputs;
  match = match && xdna::emu::run_builtin(c, opt).match;
  if (!match) state.SkipWithError("outputs differ from the reference");
}

void BM_EmulatedMatmulSingle(benchmark::State& state) {
  xdna::emu::RunOptions opt;
  opt.record = state.range(1) != 0;
  run_design(state, "matmul", {{"tile", std::to_string(state.range(0))}}, opt);
}
BENCHMARK(BM_EmulatedMatmulSingle)
    ->ArgsProduct({{32, 64}, {0, 1}})
    ->ArgNames({"tile", "record"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_EmulatedMatmulArray(benchmark::State& state) {
  xdna::emu::RunOptions opt;
  opt.record = false;
  opt.host_threads = static_cast<int>(state.range(0));
  run_design(state, "matmul_array", {{"tile", "32"}, {"dtype", state.range(1) ? "bf16" : "i16"}},
             opt);
}
BENCHMARK(BM_EmulatedMatmulArray)
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->ArgNames({"threads", "bf16"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
BENCHMARK_MAIN();
