// Speed of the host mmul: the int16 512x512x512 product through the 4x4x4 aie::mmul
// micro-kernel (the loop structure of mlir-aie's matmul_vectorized, 2x2 tiles of C per pass,
// 64-bit accumulation as the AIE2 mode has) next to Eigen's int32 GEMM and a plain C++ int32
// loop on the same data, single thread; and the bf16 4x8x4 path next to a plain float loop.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <aie_api/aie.hpp>
#include <cstdint>
#include <random>
#include <vector>

namespace {

constexpr unsigned kDim = 512;

struct Problem {
  // Row-major matrices, and the same data tiled for the micro-kernel: r x s tiles of A and
  // s x t tiles of B, each tile row-major and contiguous, tiles in row-major order.
  std::vector<int16> a, b, a_tiled, b_tiled;
  Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> a32, b32;

  Problem() : a(kDim * kDim), b(kDim * kDim), a_tiled(kDim * kDim), b_tiled(kDim * kDim) {
    std::mt19937 rng(1);
    std::uniform_int_distribution<int> d(-32768, 32767);
    for (auto& x : a) x = static_cast<int16>(d(rng));
    for (auto& x : b) x = static_cast<int16>(d(rng));
    tile(a, a_tiled);
    tile(b, b_tiled);
    a32.resize(kDim, kDim);
    b32.resize(kDim, kDim);
    for (unsigned i = 0; i < kDim * kDim; ++i) {
      a32.data()[i] = a[i];
      b32.data()[i] = b[i];
    }
  }
  static void tile(const std::vector<int16>& src, std::vector<int16>& dst) {
    unsigned o = 0;
    for (unsigned ti = 0; ti < kDim / 4; ++ti)
      for (unsigned tj = 0; tj < kDim / 4; ++tj)
        for (unsigned r = 0; r < 4; ++r)
          for (unsigned c = 0; c < 4; ++c) dst[o++] = src[(ti * 4 + r) * kDim + tj * 4 + c];
  }
};

const Problem& problem() {
  static const Problem p;
  return p;
}

// C (tiled like A, int32 lanes) = A * B with aie::mmul<4, 4, 4, int16, int16>.
void gemm_mmul_i16(const int16* pa, const int16* pb, std::int32_t* pc) {
  using MMUL = aie::mmul<4, 4, 4, int16, int16>;
  constexpr unsigned tiles = kDim / 4;
  for (unsigned z = 0; z < tiles; z += 2) {
    for (unsigned j = 0; j < tiles; j += 2) {
      const int16* a1 = pa + (z * tiles) * MMUL::size_A;
      const int16* a2 = pa + ((z + 1) * tiles) * MMUL::size_A;
      const int16* b1 = pb + j * MMUL::size_B;
      const int16* b2 = pb + (j + 1) * MMUL::size_B;
      MMUL c00, c01, c10, c11;
      for (unsigned i = 0; i < tiles; ++i) {
        const auto A0 = aie::load_v<MMUL::size_A>(a1);
        a1 += MMUL::size_A;
        const auto A1 = aie::load_v<MMUL::size_A>(a2);
        a2 += MMUL::size_A;
        const auto B0 = aie::load_v<MMUL::size_B>(b1);
        b1 += MMUL::size_B * tiles;
        const auto B1 = aie::load_v<MMUL::size_B>(b2);
        b2 += MMUL::size_B * tiles;
        c00.mac(A0, B0);
        c01.mac(A0, B1);
        c10.mac(A1, B0);
        c11.mac(A1, B1);
      }
      std::int32_t* c1 = pc + (z * tiles + j) * MMUL::size_C;
      std::int32_t* c2 = pc + ((z + 1) * tiles + j) * MMUL::size_C;
      aie::store_v(c1, c00.to_vector<int32>());
      aie::store_v(c1 + MMUL::size_C, c01.to_vector<int32>());
      aie::store_v(c2, c10.to_vector<int32>());
      aie::store_v(c2 + MMUL::size_C, c11.to_vector<int32>());
    }
  }
}

void BM_MmulInt16_4x4x4(benchmark::State& state) {
  const Problem& p = problem();
  std::vector<std::int32_t> c(kDim * kDim);
  for (auto _ : state) {
    gemm_mmul_i16(p.a_tiled.data(), p.b_tiled.data(), c.data());
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  // Same result as Eigen. Full-range int16 sums can exceed int32, so compare modulo 2^32
  // (to_vector<int32> with saturation off keeps the low 32 bits, as Eigen's int32 wraps).
  Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> ref = p.a32 * p.b32;
  unsigned o = 0;
  for (unsigned ti = 0; ti < kDim / 4; ++ti)
    for (unsigned tj = 0; tj < kDim / 4; ++tj)
      for (unsigned r = 0; r < 4; ++r)
        for (unsigned col = 0; col < 4; ++col, ++o) {
          if (static_cast<std::uint32_t>(c[o]) !=
              static_cast<std::uint32_t>(ref(ti * 4 + r, tj * 4 + col))) {
            state.SkipWithError("mmul result differs from Eigen");
            return;
          }
        }
  state.counters["GMAC/s"] = benchmark::Counter(
      double(kDim) * kDim * kDim * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MmulInt16_4x4x4)->Unit(benchmark::kMillisecond);

void BM_EigenInt32Gemm(benchmark::State& state) {
  const Problem& p = problem();
  Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> c(kDim, kDim);
  for (auto _ : state) {
    c.noalias() = p.a32 * p.b32;
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["GMAC/s"] = benchmark::Counter(
      double(kDim) * kDim * kDim * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EigenInt32Gemm)->Unit(benchmark::kMillisecond);

// The obvious scalar loop (i-k-j order, int32), for scale.
void BM_PlainLoopInt32(benchmark::State& state) {
  const Problem& p = problem();
  std::vector<std::int32_t> c(kDim * kDim);
  for (auto _ : state) {
    std::fill(c.begin(), c.end(), 0);
    for (unsigned i = 0; i < kDim; ++i)
      for (unsigned k = 0; k < kDim; ++k) {
        const std::int32_t aik = p.a[i * kDim + k];
        for (unsigned j = 0; j < kDim; ++j) c[i * kDim + j] += aik * p.b[k * kDim + j];
      }
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["GMAC/s"] = benchmark::Counter(
      double(kDim) * kDim * kDim * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PlainLoopInt32)->Unit(benchmark::kMillisecond);

// bf16 x bf16 -> fp32 through aie::mmul<4, 8, 4, bfloat16, bfloat16, accfloat> (mlir-aie's npu1
// bf16 shape) on a 256^3 product, next to the plain float loop on the same values.
constexpr unsigned kBfDim = 256;

struct Bf16Problem {
  std::vector<bfloat16> a_tiled, b_tiled;  // 4x8 tiles of A, 8x4 tiles of B
  std::vector<float> a, b;                 // the same values, row-major
  Bf16Problem()
      : a_tiled(kBfDim * kBfDim), b_tiled(kBfDim * kBfDim), a(kBfDim * kBfDim), b(kBfDim * kBfDim) {
    std::mt19937 rng(2);
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    for (auto& x : a) x = static_cast<float>(bfloat16(d(rng)));
    for (auto& x : b) x = static_cast<float>(bfloat16(d(rng)));
    tile(a, 4, 8, a_tiled);
    tile(b, 8, 4, b_tiled);
  }
  static void tile(const std::vector<float>& src, unsigned rows, unsigned cols,
                   std::vector<bfloat16>& dst) {
    unsigned o = 0;
    for (unsigned ti = 0; ti < kBfDim / rows; ++ti)
      for (unsigned tj = 0; tj < kBfDim / cols; ++tj)
        for (unsigned r = 0; r < rows; ++r)
          for (unsigned c = 0; c < cols; ++c)
            dst[o++] = bfloat16(src[(ti * rows + r) * kBfDim + tj * cols + c]);
  }
};

const Bf16Problem& bf16_problem() {
  static const Bf16Problem p;
  return p;
}

void BM_MmulBf16_4x8x4(benchmark::State& state) {
  using MMUL = aie::mmul<4, 8, 4, bfloat16, bfloat16, accfloat>;
  const Bf16Problem& p = bf16_problem();
  constexpr unsigned row_tiles = kBfDim / 4, depth_tiles = kBfDim / 8, col_tiles = kBfDim / 4;
  std::vector<float> c(kBfDim * kBfDim);
  for (auto _ : state) {
    for (unsigned z = 0; z < row_tiles; z += 2) {
      for (unsigned j = 0; j < col_tiles; j += 2) {
        const bfloat16* a1 = p.a_tiled.data() + z * depth_tiles * MMUL::size_A;
        const bfloat16* a2 = a1 + depth_tiles * MMUL::size_A;
        const bfloat16* b1 = p.b_tiled.data() + j * MMUL::size_B;
        const bfloat16* b2 = b1 + MMUL::size_B;
        MMUL c00, c01, c10, c11;
        for (unsigned i = 0; i < depth_tiles; ++i) {
          const auto A0 = aie::load_v<MMUL::size_A>(a1);
          const auto A1 = aie::load_v<MMUL::size_A>(a2);
          const auto B0 = aie::load_v<MMUL::size_B>(b1);
          const auto B1 = aie::load_v<MMUL::size_B>(b2);
          a1 += MMUL::size_A;
          a2 += MMUL::size_A;
          b1 += MMUL::size_B * col_tiles;
          b2 += MMUL::size_B * col_tiles;
          c00.mac(A0, B0);
          c01.mac(A0, B1);
          c10.mac(A1, B0);
          c11.mac(A1, B1);
        }
        float* c1 = c.data() + (z * col_tiles + j) * MMUL::size_C;
        float* c2 = c1 + col_tiles * MMUL::size_C;
        aie::store_v(c1, c00.to_vector<float>());
        aie::store_v(c1 + MMUL::size_C, c01.to_vector<float>());
        aie::store_v(c2, c10.to_vector<float>());
        aie::store_v(c2 + MMUL::size_C, c11.to_vector<float>());
      }
    }
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["GMAC/s"] = benchmark::Counter(
      double(kBfDim) * kBfDim * kBfDim * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MmulBf16_4x8x4)->Unit(benchmark::kMillisecond);

void BM_PlainLoopFloat(benchmark::State& state) {
  const Bf16Problem& p = bf16_problem();
  std::vector<float> c(kBfDim * kBfDim);
  for (auto _ : state) {
    std::fill(c.begin(), c.end(), 0.0f);
    for (unsigned i = 0; i < kBfDim; ++i)
      for (unsigned k = 0; k < kBfDim; ++k) {
        const float aik = p.a[i * kBfDim + k];
        for (unsigned j = 0; j < kBfDim; ++j) c[i * kBfDim + j] += aik * p.b[k * kBfDim + j];
      }
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["GMAC/s"] = benchmark::Counter(
      double(kBfDim) * kBfDim * kBfDim * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PlainLoopFloat)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
