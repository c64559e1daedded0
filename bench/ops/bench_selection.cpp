// CPU collapse / compact throughput next to memcpy of the same bytes (bf16 in, bf16 out).
// Bytes/s counts the input bytes once (2 bytes per element) for every benchmark, memcpy included:
// the ratio is "time to memcpy the input" / "time to run the kernel on it". The kernels write more
// than memcpy does (compact: the n-element output plus 4 bytes per survivor of indices).
// Buffers of the memcpy and kernel forms sit at fixed offsets modulo 4096 (input 0, output 2048,
// indices 1024): back-to-back std::vectors put the output 16 bytes past a multiple of 4096 from
// the input, where every load of memcpy aliases a recent store (4K aliasing) and memcpy of 8 KB
// measured 2-4 times slower on this Zen 4 than at any other offset. The input is
// N(0, 1); tau = 0.5 keeps about 31 %, tau = 0 about 50 % (the compact kernel's worst case: the
// most index bytes, and full-width stores throughout because the narrow ones would mispredict).
// "Kernel" forms write into a preallocated buffer as memcpy does; "Api" forms are the public calls,
// which also allocate and initialise the result vectors, except the *Reused forms, which reuse one
// result across calls; CopyToNewVector is the copy an allocating call competes with.
// CompactStoreFloor stores only what a compaction must (see there). Everything but the "Threads"
// forms runs on one thread (the Api forms set XDNA_THREADS=1), memcpy included: the ratios compare
// like with like. "Threads" forms take a second argument, the thread count: 0 runs with the default
// (XDNA_THREADS as the process found it, else every hardware thread), k >= 1 sets XDNA_THREADS=k
// for the benchmark. BM_MemcpyThreads splits its memcpy over the same parallel_for the API calls
// use, so threaded calls are compared with a threaded memcpy. They report wall time ("Time",
// UseRealTime) and the process's CPU time summed over all threads ("CPU", MeasureProcessCPUTime).
#include <benchmark/benchmark.h>

#if defined(__AVX512F__)
// GCC 12 reports its own _mm512_undefined_* helpers as maybe-uninitialized once inlined.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#endif

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

#include <optional>
#include <string>
#include <vector>

#include "../../src/ops/parallel.hpp"
#include "../../src/ops/selection_cpu.hpp"
#include "xdna/ops/selection.hpp"
#include "xdna/ops/synthetic.hpp"

namespace {

// n elements of T starting `offset` bytes past a 4096-byte boundary (see the header comment).
template <class T>
class PlacedBuffer {
 public:
  PlacedBuffer(std::size_t n, std::size_t offset)
      : storage_(static_cast<std::byte*>(std::aligned_alloc(4096, n * sizeof(T) + 4096))),
        data_(reinterpret_cast<T*>(storage_.get() + offset)) {
    if (!storage_) throw std::bad_alloc();
    std::memset(data_, 0, n * sizeof(T));
  }
  T* data() { return data_; }
  const T* data() const { return data_; }

 private:
  struct Free {
    void operator()(std::byte* p) const { std::free(p); }
  };
  std::unique_ptr<std::byte, Free> storage_;
  T* data_;
};

constexpr std::size_t kInputOffset = 0, kOutputOffset = 2048, kIndexOffset = 1024;

// The benchmark input, N(0, 1) bf16 bits, placed at kInputOffset.
PlacedBuffer<std::uint16_t> placed_input(std::size_t n) {
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  PlacedBuffer<std::uint16_t> placed(n, kInputOffset);
  std::memcpy(placed.data(), x.data(), n * 2);
  return placed;
}

void set_bytes(benchmark::State& state, std::size_t n) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n * 2));
}

// Sets XDNA_THREADS to `threads` (0: leaves it as it is) for one scope and restores it.
class ThreadCount {
 public:
  explicit ThreadCount(benchmark::State& state) : ThreadCount(state.range(1)) {}
  explicit ThreadCount(std::int64_t threads) {
    if (threads == 0) return;
    if (const char* old = std::getenv("XDNA_THREADS")) old_ = old;
    setenv("XDNA_THREADS", std::to_string(threads).c_str(), 1);
    set_ = true;
  }
  ~ThreadCount() {
    if (!set_) return;
    if (old_) {
      setenv("XDNA_THREADS", old_->c_str(), 1);
    } else {
      unsetenv("XDNA_THREADS");
    }
  }
  ThreadCount(const ThreadCount&) = delete;
  ThreadCount& operator=(const ThreadCount&) = delete;

 private:
  bool set_ = false;
  std::optional<std::string> old_;
};

void BM_Memcpy(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = placed_input(n);
  PlacedBuffer<std::uint16_t> out(n, kOutputOffset);
  for (auto _ : state) {
    std::memcpy(out.data(), x.data(), n * 2);
    benchmark::ClobberMemory();
  }
  set_bytes(state, n);
}

void BM_CollapseKernel(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = placed_input(n);
  PlacedBuffer<std::uint16_t> out(n, kOutputOffset);
  for (auto _ : state) {
    benchmark::DoNotOptimize(xdna::ops::cpu::threshold_positional(x.data(), n, 0.5f, out.data()));
    benchmark::ClobberMemory();
  }
  set_bytes(state, n);
}

// Compaction with indices at threshold `tau` (0.5 keeps about 31 %, 0 keeps about half).
void compact_kernel_with_indices(benchmark::State& state, float tau) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = placed_input(n);
  PlacedBuffer<std::uint16_t> out(n, kOutputOffset);
  PlacedBuffer<std::uint32_t> index(n, kIndexOffset);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        xdna::ops::cpu::threshold_compact(x.data(), n, tau, out.data(), index.data()));
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
  const auto x = placed_input(n);
  PlacedBuffer<std::uint16_t> out(n, kOutputOffset);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        xdna::ops::cpu::threshold_compact(x.data(), n, 0.5f, out.data(), nullptr));
    benchmark::ClobberMemory();
  }
  set_bytes(state, n);
}

#if defined(__AVX512F__)
// The compact kernel's stores alone, with no loads, tests or compresses: per 64 elements the stores
// its narrow form issues (2 x 32 B of values at out + k and out + k + k0, 2 x 64 B of indices at
// index + k, with k0 and k the survivor counts of tau = 0.5 on the benchmark input, counted
// beforehand), then the zero fill. How close CompactKernel comes to this row shows how much of its
// time is the store pattern itself.
std::size_t store_pattern_only(const std::uint32_t* block_kept, std::size_t n, std::uint16_t* out,
                               std::uint32_t* index) {
  const __m512i any = _mm512_set1_epi32(7);
  std::size_t k = 0;
  for (std::size_t pair = 0; pair < n / 64; ++pair) {
    const std::uint32_t k0 = block_kept[2 * pair], k1 = block_kept[2 * pair + 1];
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + k), _mm512_castsi512_si256(any));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + k + k0), _mm512_castsi512_si256(any));
    _mm512_storeu_si512(index + k, any);
    _mm512_storeu_si512(index + k + 16, any);
    k += k0 + k1;
  }
  std::memset(out + k, 0, (n - k) * 2);
  return k;
}

void BM_CompactStorePattern(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = placed_input(n);
  std::vector<std::uint32_t> block_kept(n / 32);
  for (std::size_t b = 0; b < n / 32; ++b) {
    block_kept[b] =
        static_cast<std::uint32_t>(xdna::ops::cpu::count_survivors(x.data() + b * 32, 32, 0.5f));
  }
  PlacedBuffer<std::uint16_t> out(n, kOutputOffset);
  PlacedBuffer<std::uint32_t> index(n, kIndexOffset);
  for (auto _ : state) {
    benchmark::DoNotOptimize(store_pattern_only(block_kept.data(), n, out.data(), index.data()));
    benchmark::ClobberMemory();
  }
  set_bytes(state, n);
}
BENCHMARK(BM_CompactStorePattern)->Arg(4096)->Arg(65536)->Arg(4 << 20);
#endif

void BM_CollapseApi(benchmark::State& state) {
  const ThreadCount one_thread(1);  // the single-threaded rows
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(xdna::ops::collapse(x, 0.5f, xdna::ops::Backend::cpu));
  }
  set_bytes(state, n);
}

// A public call writing into one result reused across calls (the `into` forms), on one thread.
template <class Result, class Call>
void reused_api(benchmark::State& state, Call call) {
  const ThreadCount one_thread(1);  // the single-threaded rows
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  Result into;
  for (auto _ : state) {
    call(x, into);
    benchmark::DoNotOptimize(into.out.data());
    benchmark::ClobberMemory();
  }
  set_bytes(state, n);
}

void BM_CollapseApiReused(benchmark::State& state) {
  reused_api<xdna::ops::CollapseResult>(state, [](const auto& x, auto& into) {
    xdna::ops::collapse(x, 0.5f, xdna::ops::Backend::cpu, into);
  });
}

void BM_CollapseFusedApiReused(benchmark::State& state) {
  reused_api<xdna::ops::CollapseResult>(state, [](const auto& x, auto& into) {
    xdna::ops::collapse_fused(x, 0.5f, xdna::ops::Backend::cpu, into);
  });
}

void BM_CollapseFusedApi(benchmark::State& state) {
  const ThreadCount one_thread(1);  // the single-threaded rows
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(xdna::ops::collapse_fused(x, 0.5f, xdna::ops::Backend::cpu));
  }
  set_bytes(state, n);
}

void compact_api(benchmark::State& state, float tau) {
  const ThreadCount one_thread(1);  // the single-threaded rows
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

void BM_CompactApiReused(benchmark::State& state) {
  reused_api<xdna::ops::CompactResult>(state, [](const auto& x, auto& into) {
    xdna::ops::compact(x, 0.5f, xdna::ops::Backend::cpu, into);
  });
}

// What the Api forms are up against when the caller wants a new vector: copying x into one.
void BM_CopyToNewVector(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  for (auto _ : state) {
    std::vector<bfloat16> copy(x.begin(), x.end());
    benchmark::DoNotOptimize(copy.data());
    benchmark::ClobberMemory();
  }
  set_bytes(state, n);
}

// The least a compaction with indices can store, as plain aligned memsets: the n-element output
// (survivors, then zeros) and 4 bytes per survivor (31 % of n, as tau = 0.5 keeps). memcpy stores
// only the n elements, so on sizes where stores bound both (L1), this row's ratio to memcpy is the
// ceiling for CompactKernel, whatever its loop does.
void BM_CompactStoreFloor(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  PlacedBuffer<std::uint16_t> out(n, kOutputOffset);
  PlacedBuffer<std::uint32_t> index(n, kIndexOffset);
  const std::size_t kept = n * 31 / 100;
  for (auto _ : state) {
    std::memset(out.data(), 0, n * 2);
    benchmark::ClobberMemory();
    std::memset(index.data(), 0, kept * 4);
    benchmark::ClobberMemory();
  }
  set_bytes(state, n);
}

void BM_CompactApiHalfKept(benchmark::State& state) {
  compact_api(state, 0.0f);
}

void label_threads(benchmark::State& state) {
  state.SetLabel("threads=" + std::to_string(xdna::ops::cpu::cpu_threads()));
}

void BM_MemcpyThreads(benchmark::State& state) {
  const ThreadCount threads(state);
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = placed_input(n);
  PlacedBuffer<std::uint16_t> out(n, kOutputOffset);
  for (auto _ : state) {
    xdna::ops::cpu::parallel_for(n, 4096, [&](std::size_t begin, std::size_t end) {
      std::memcpy(out.data() + begin, x.data() + begin, (end - begin) * 2);
    });
    benchmark::ClobberMemory();
  }
  set_bytes(state, n);
  label_threads(state);
}

void BM_CollapseApiThreads(benchmark::State& state) {
  const ThreadCount threads(state);
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(xdna::ops::collapse(x, 0.5f, xdna::ops::Backend::cpu));
  }
  set_bytes(state, n);
  label_threads(state);
}

void compact_api_threads(benchmark::State& state, float tau) {
  const ThreadCount threads(state);
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(xdna::ops::compact(x, tau, xdna::ops::Backend::cpu));
  }
  set_bytes(state, n);
  label_threads(state);
}

void BM_CompactApiThreads(benchmark::State& state) {
  compact_api_threads(state, 0.5f);
}

void BM_CompactApiHalfKeptThreads(benchmark::State& state) {
  compact_api_threads(state, 0.0f);
}

void BM_PseCollapseApiThreads(benchmark::State& state) {
  const ThreadCount threads(state);
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = xdna::ops::synthetic_bf16(n, 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(xdna::ops::pse_collapse(x, 0.5f, xdna::ops::Backend::cpu));
  }
  set_bytes(state, n);
  label_threads(state);
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
BENCHMARK(BM_CollapseApiReused)->SIZES;
BENCHMARK(BM_CollapseFusedApiReused)->SIZES;
BENCHMARK(BM_CompactApi)->SIZES;
BENCHMARK(BM_CompactApiHalfKept)->SIZES;
BENCHMARK(BM_CompactApiReused)->SIZES;
BENCHMARK(BM_CopyToNewVector)->SIZES;
BENCHMARK(BM_CompactStoreFloor)->SIZES;
// Sizes around the threading threshold and the 1 Mi / 4 Mi cases, each with the default thread
// count (0) and with one thread.
#define THREAD_SIZES                                                                              \
  ArgsProduct({{1 << 14, 1 << 15, 1 << 16, 1 << 17, 1 << 18, 1 << 20, 2 << 20, 4 << 20}, {0, 1}}) \
      ->UseRealTime()                                                                             \
      ->MeasureProcessCPUTime()
BENCHMARK(BM_MemcpyThreads)->THREAD_SIZES;
BENCHMARK(BM_CollapseApiThreads)->THREAD_SIZES;
BENCHMARK(BM_CompactApiThreads)->THREAD_SIZES;
BENCHMARK(BM_CompactApiHalfKeptThreads)->THREAD_SIZES;
BENCHMARK(BM_PseCollapseApiThreads)->THREAD_SIZES;

}  // namespace

BENCHMARK_MAIN();
