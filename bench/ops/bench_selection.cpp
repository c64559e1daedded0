// CPU collapse / compact throughput next to memcpy of the same bytes (bf16 in, bf16 out).
// Bytes/s counts the input bytes once (2 bytes per element) for every benchmark, memcpy included:
// the ratio is "time to memcpy the input" / "time to run the kernel on it". The kernels write more
// than memcpy does (compact: the n-element output plus 4 bytes per survivor of indices).
// All buffers are std::vectors, allocated the same way for memcpy and for the kernels. The input is
// N(0, 1); tau = 0.5 keeps about 31 %, tau = 0 about 50 % (the compact kernel's worst case: the
// most index bytes, and full-width stores throughout because the narrow ones would mispredict).
// "Kernel" forms write into a preallocated buffer as memcpy does; "Api" forms are the public calls,
// which also allocate and initialise the result vectors. Everything here runs on one thread, memcpy
// included: the ratios compare like with like.
#include <benchmark/benchmark.h>

#include <cstring>

#include "../../src/ops/selection_cpu.hpp"
#include "xdna/ops/selection.hpp"
#include "xdna/ops/synthetic.hpp"

namespace {

const std::uint16_t* bits(const std::vector<bfloat16>& v) {
  return reinterpret_cast<const std::uint16_t*>(v.data());
}

void set_bytes(benchmark::State& state, std::size_t n) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n * 2));
}

void BM_Memcpy(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  std::vector<std::uint16_t> out(n);
  for (auto _ : state) {
    std::memcpy(out.data(), x.data(), n * 2);
    benchmark::ClobberMemory();
  }
  set_bytes(state, n);
}

void BM_CollapseKernel(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  std::vector<std::uint16_t> out(n);
  for (auto _ : state) {
    benchmark::DoNotOptimize(xdna::ops::cpu::threshold_positional(bits(x), n, 0.5f, out.data()));
    benchmark::ClobberMemory();
  }
  set_bytes(state, n);
}

// Compaction with indices at threshold `tau` (0.5 keeps about 31 %, 0 keeps about half).
void compact_kernel_with_indices(benchmark::State& state, float tau) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  std::vector<std::uint16_t> out(n);
  std::vector<std::uint32_t> index(n);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        xdna::ops::cpu::threshold_compact(bits(x), n, tau, out.data(), index.data()));
    benchmark::ClobberMemory();
  }
  set_bytes(state, n);
}

void BM_CompactKernel(benchmark::State& state) {
  compact_kernel_with_indices(state, 0.5f);
}

void BM_CompactKernelHalfKept(benchmark::State& state) {
  compact_kernel_with_indices(state, 0.0f);
}

void BM_CompactKernelNoIndex(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  std::vector<std::uint16_t> out(n);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        xdna::ops::cpu::threshold_compact(bits(x), n, 0.5f, out.data(), nullptr));
    benchmark::ClobberMemory();
  }
  set_bytes(state, n);
}

void BM_CollapseApi(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(xdna::ops::collapse(x, 0.5f, xdna::ops::Backend::cpu));
  }
  set_bytes(state, n);
}

void BM_CollapseFusedApi(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(xdna::ops::collapse_fused(x, 0.5f, xdna::ops::Backend::cpu));
  }
  set_bytes(state, n);
}

void compact_api(benchmark::State& state, float tau) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(xdna::ops::compact(x, tau, xdna::ops::Backend::cpu));
  }
  set_bytes(state, n);
}

void BM_CompactApi(benchmark::State& state) {
  compact_api(state, 0.5f);
}

void BM_CompactApiHalfKept(benchmark::State& state) {
  compact_api(state, 0.0f);
}

// 4 Ki (one tile's vector, L1), 64 Ki (L2), 4 Mi (8 MB: memory bound).
#define SIZES Arg(4096)->Arg(65536)->Arg(4 << 20)
BENCHMARK(BM_Memcpy)->SIZES;
BENCHMARK(BM_CollapseKernel)->SIZES;
BENCHMARK(BM_CompactKernel)->SIZES;
BENCHMARK(BM_CompactKernelHalfKept)->SIZES;
BENCHMARK(BM_CompactKernelNoIndex)->SIZES;
BENCHMARK(BM_CollapseApi)->SIZES;
BENCHMARK(BM_CollapseFusedApi)->SIZES;
BENCHMARK(BM_CompactApi)->SIZES;
BENCHMARK(BM_CompactApiHalfKept)->SIZES;

}  // namespace

BENCHMARK_MAIN();
