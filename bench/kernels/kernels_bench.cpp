// Issue-2 speed goals, measured side by side in one run, single thread:
//   1. collapse_fused on 4096 bf16 through the host AIE API vs a plain native C++ loop doing the
//      same work (goal: API within 1.5x of native);
//   2. an int16 512 x 512 x 512 product through the 4x4x4 mmul micro-kernel (tiles looped on the
//      host, operands pre-tiled as the NPU's DMA would deliver them) vs Eigen's int32 GEMM on the
//      same data (goal: within 4x).
// Each pair is checked for equal results before timing, so a fast wrong answer cannot pass.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <aie_api/aie.hpp>

#include <bit>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "aie2/kernels.h"
#include "reference/aligned_vector.hpp"
#include "reference/gemm_layout.hpp"

namespace {

using xdna::kref::aligned_vector;

// ---- collapse_fused ---------------------------------------------------------------------------

constexpr int kCollapseN = 4096;
constexpr std::int32_t kFracQ8 = 128;  // 0.5

aligned_vector<std::uint16_t> collapse_input() {
  std::mt19937 rng(7);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  aligned_vector<std::uint16_t> v(kCollapseN);
  for (auto& b : v) b = bfloat16(dist(rng)).bits();
  return v;
}

float bf16_to_float(std::uint16_t b) {
  return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16);
}

std::uint16_t float_to_bf16_rne(float f) {  // finite inputs only (the threshold)
  const std::uint32_t u = std::bit_cast<std::uint32_t>(f);
  return static_cast<std::uint16_t>((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}

// The same algorithm written as ordinary C++ on bf16 bit patterns, for the compiler to vectorise.
void native_collapse_fused(const std::uint16_t* __restrict in, std::uint16_t* __restrict out,
                           std::int32_t frac_q8, int n) {
  float peak = bf16_to_float(float_to_bf16_rne(-1e30f));
  for (int i = 0; i < n; ++i) peak = std::max(peak, bf16_to_float(in[i]));
  const float tau = bf16_to_float(float_to_bf16_rne(static_cast<float>(frac_q8) / 256.0f * peak));
  for (int i = 0; i < n; ++i) out[i] = bf16_to_float(in[i]) >= tau ? in[i] : 0;
}

// The same again with pass 1 written the way a SIMD-minded C++ programmer would: 32 running
// maxima (one per lane, as the kernel keeps them), which GCC turns into packed max instructions.
// A stricter baseline than the plain loop, whose scalar max chain does not vectorise without
// -ffast-math.
void native_lanes_collapse_fused(const std::uint16_t* __restrict in, std::uint16_t* __restrict out,
                                 std::int32_t frac_q8, int n) {
  constexpr int kLanes = 32;
  float lanes[kLanes];
  const float floor = bf16_to_float(float_to_bf16_rne(-1e30f));
  for (float& l : lanes) l = floor;
  for (int i = 0; i < n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) {
      const float v = bf16_to_float(in[i + j]);
      lanes[j] = v > lanes[j] ? v : lanes[j];
    }
  float peak = floor;
  for (const float l : lanes) peak = l > peak ? l : peak;
  const float tau = bf16_to_float(float_to_bf16_rne(static_cast<float>(frac_q8) / 256.0f * peak));
  for (int i = 0; i < n; ++i) out[i] = bf16_to_float(in[i]) >= tau ? in[i] : 0;
}

using NativeCollapse = void (*)(const std::uint16_t*, std::uint16_t*, std::int32_t, int);

void BM_CollapseFused_HostApi(benchmark::State& state) {
  const auto bits = collapse_input();
  aligned_vector<bfloat16> in(kCollapseN), out(kCollapseN);
  for (int i = 0; i < kCollapseN; ++i) in[i] = bfloat16::from_bits(bits[i]);
  for (auto _ : state) {
    collapse_fused_bf16(in.data(), out.data(), kFracQ8, kCollapseN);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * kCollapseN);
}

void run_native_collapse(benchmark::State& state, NativeCollapse native) {
  const auto in = collapse_input();
  aligned_vector<std::uint16_t> out(kCollapseN);
  {  // same bits as the kernel, or the comparison means nothing
    aligned_vector<bfloat16> kin(kCollapseN), kout(kCollapseN);
    for (int i = 0; i < kCollapseN; ++i) kin[i] = bfloat16::from_bits(in[i]);
    collapse_fused_bf16(kin.data(), kout.data(), kFracQ8, kCollapseN);
    native(in.data(), out.data(), kFracQ8, kCollapseN);
    bool same = true;
    for (int i = 0; i < kCollapseN; ++i) same = same && kout[i].bits() == out[i];
    if (!same) {
      state.SkipWithError("native loop and kernel disagree");
      return;
    }
  }
  for (auto _ : state) {
    native(in.data(), out.data(), kFracQ8, kCollapseN);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * kCollapseN);
}

void BM_CollapseFused_NativeLoop(benchmark::State& state) {
  run_native_collapse(state, native_collapse_fused);
}
void BM_CollapseFused_NativeLanes(benchmark::State& state) {
  run_native_collapse(state, native_lanes_collapse_fused);
}

BENCHMARK(BM_CollapseFused_HostApi);
BENCHMARK(BM_CollapseFused_NativeLoop);
BENCHMARK(BM_CollapseFused_NativeLanes);

// ---- int16 GEMM 512^3 ---------------------------------------------------------------------------

constexpr unsigned kDim = 512;

struct GemmData {
  std::vector<std::int16_t> a, b;  // row-major
  GemmData() : a(kDim * kDim), b(kDim * kDim) {
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> dist(-32768, 32767);
    for (auto& v : a) v = static_cast<std::int16_t>(dist(rng));
    for (auto& v : b) v = static_cast<std::int16_t>(dist(rng));
  }
};

const GemmData& gemm_data() {
  static const GemmData data;
  return data;
}

// The matrix as a grid of tile x tile sub-matrices, each one contiguous in the kernel's blocked
// layout (what the design's DMA delivers to the core).
template <typename T>
aligned_vector<T> pre_tile(const std::vector<T>& m, unsigned tile, unsigned br, unsigned bc) {
  aligned_vector<T> out(m.size());
  const unsigned tiles = kDim / tile;
  std::vector<T> sub(tile * tile);
  for (unsigned ti = 0; ti < tiles; ++ti)
    for (unsigned tj = 0; tj < tiles; ++tj) {
      for (unsigned i = 0; i < tile; ++i)
        for (unsigned j = 0; j < tile; ++j)
          sub[i * tile + j] = m[(ti * tile + i) * kDim + tj * tile + j];
      const auto blocked = xdna::kref::to_blocked<T>(sub, tile, tile, br, bc);
      std::copy(blocked.begin(), blocked.end(), out.begin() + (ti * tiles + tj) * tile * tile);
    }
  return out;
}

using I16Kernel = void (*)(const std::int16_t*, const std::int16_t*, std::int32_t*);
using ZeroKernel = void (*)(std::int32_t*);

// C tile (i, j) = sum over k of A(i, k) * B(k, j), one micro-kernel call per (i, j, k).
void tiled_product(const aligned_vector<std::int16_t>& a, const aligned_vector<std::int16_t>& b,
                   aligned_vector<std::int32_t>& c, unsigned tile, I16Kernel kernel,
                   ZeroKernel zero) {
  const unsigned tiles = kDim / tile, area = tile * tile;
  for (unsigned i = 0; i < tiles; ++i)
    for (unsigned j = 0; j < tiles; ++j) {
      std::int32_t* ct = c.data() + (i * tiles + j) * area;
      zero(ct);
      for (unsigned k = 0; k < tiles; ++k)
        kernel(a.data() + (i * tiles + k) * area, b.data() + (k * tiles + j) * area, ct);
    }
}

Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> to_eigen(
    const std::vector<std::int16_t>& m) {
  Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> e(kDim, kDim);
  for (unsigned i = 0; i < kDim * kDim; ++i) e.data()[i] = m[i];
  return e;
}

void BM_GemmI16_512_MmulKernel(benchmark::State& state) {
  const unsigned tile = static_cast<unsigned>(state.range(0));
  const I16Kernel kernel = tile == 64 ? matmul_i16_i32 : matmul_i16_i32_32x32x32;
  const ZeroKernel zero = tile == 64 ? zero_i32 : zero_i32_32x32;
  const auto& d = gemm_data();
  const auto a = pre_tile(d.a, tile, 4, 4), b = pre_tile(d.b, tile, 4, 4);
  aligned_vector<std::int32_t> c(kDim * kDim);
  {  // check against Eigen once: element (i, j) of tile (ti, tj)
    tiled_product(a, b, c, tile, kernel, zero);
    const auto want = (to_eigen(d.a) * to_eigen(d.b)).eval();  // int32 wraps like acc32 -> int32
    const unsigned tiles = kDim / tile;
    for (unsigned i = 0; i < kDim; i += 37)
      for (unsigned j = 0; j < kDim; j += 29) {
        const std::size_t off = ((i / tile) * tiles + j / tile) * tile * tile +
                                xdna::kref::blocked_offset(i % tile, j % tile, tile, 4, 4);
        if (c[off] != want(i, j)) {
          state.SkipWithError("mmul kernel and Eigen disagree");
          return;
        }
      }
  }
  for (auto _ : state) {
    tiled_product(a, b, c, tile, kernel, zero);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["GMAC/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kDim * kDim * kDim / 1e9,
                         benchmark::Counter::kIsRate);
}

void BM_GemmI32_512_Eigen(benchmark::State& state) {
  Eigen::setNbThreads(1);
  const auto& d = gemm_data();
  const auto a = to_eigen(d.a), b = to_eigen(d.b);
  Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> c(kDim, kDim);
  for (auto _ : state) {
    c.noalias() = a * b;
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["GMAC/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kDim * kDim * kDim / 1e9,
                         benchmark::Counter::kIsRate);
}

BENCHMARK(BM_GemmI16_512_MmulKernel)->Arg(64)->Arg(32)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GemmI32_512_Eigen)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
