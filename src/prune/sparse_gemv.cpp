#include "xdna/prune/sparse_gemv.hpp"

#include <immintrin.h>

#include <algorithm>
#include <string>
#include <vector>

#include "xdna/common/error.hpp"

namespace xdna::prune {

namespace {

// Below this many multiply-adds a product is not worth waking the pool.
constexpr std::size_t kParallelMinWork = 1u << 18;

// GCC 12 reports its own _mm512_reduce_add_ps as "maybe uninitialized" (a known false positive).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
float dot(const float* __restrict a, const float* __restrict b, std::size_t n) {
  std::size_t i = 0;
#if defined(__AVX512F__)
  __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
  __m512 acc2 = _mm512_setzero_ps(), acc3 = _mm512_setzero_ps();
  for (; i + 64 <= n; i += 64) {
    acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), acc0);
    acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), acc1);
    acc2 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 32), _mm512_loadu_ps(b + i + 32), acc2);
    acc3 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 48), _mm512_loadu_ps(b + i + 48), acc3);
  }
  for (; i + 16 <= n; i += 16) {
    acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), acc0);
  }
  float sum =
      _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(acc0, acc1), _mm512_add_ps(acc2, acc3)));
#elif defined(__AVX2__) && defined(__FMA__)
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
  for (; i + 32 <= n; i += 32) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    acc2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), acc2);
    acc3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), acc3);
  }
  __m256 acc = _mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3));
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, acc);
  float sum = 0;
  for (float v : lanes) sum += v;
#else
  float sum = 0;
#endif
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

// Four rows against the same x: x is loaded once per four rows (it does not fit L1 at real
// shapes), which is what keeps the row-major GEMV at the memory-bandwidth limit.
void dot4(const float* __restrict w, std::size_t cols, const float* __restrict x, float* y) {
  std::size_t i = 0;
  const float* r0 = w;
  const float* r1 = w + cols;
  const float* r2 = w + 2 * cols;
  const float* r3 = w + 3 * cols;
#if defined(__AVX512F__)
  __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
  __m512 a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
  for (; i + 16 <= cols; i += 16) {
    const __m512 xv = _mm512_loadu_ps(x + i);
    a0 = _mm512_fmadd_ps(_mm512_loadu_ps(r0 + i), xv, a0);
    a1 = _mm512_fmadd_ps(_mm512_loadu_ps(r1 + i), xv, a1);
    a2 = _mm512_fmadd_ps(_mm512_loadu_ps(r2 + i), xv, a2);
    a3 = _mm512_fmadd_ps(_mm512_loadu_ps(r3 + i), xv, a3);
  }
  float s0 = _mm512_reduce_add_ps(a0), s1 = _mm512_reduce_add_ps(a1);
  float s2 = _mm512_reduce_add_ps(a2), s3 = _mm512_reduce_add_ps(a3);
#elif defined(__AVX2__) && defined(__FMA__)
  __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
  __m256 a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
  for (; i + 8 <= cols; i += 8) {
    const __m256 xv = _mm256_loadu_ps(x + i);
    a0 = _mm256_fmadd_ps(_mm256_loadu_ps(r0 + i), xv, a0);
    a1 = _mm256_fmadd_ps(_mm256_loadu_ps(r1 + i), xv, a1);
    a2 = _mm256_fmadd_ps(_mm256_loadu_ps(r2 + i), xv, a2);
    a3 = _mm256_fmadd_ps(_mm256_loadu_ps(r3 + i), xv, a3);
  }
  auto hsum = [](__m256 v) {
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, v);
    float t = 0;
    for (float l : lanes) t += l;
    return t;
  };
  float s0 = hsum(a0), s1 = hsum(a1), s2 = hsum(a2), s3 = hsum(a3);
#else
  float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
#endif
  for (; i < cols; ++i) {
    s0 += r0[i] * x[i];
    s1 += r1[i] * x[i];
    s2 += r2[i] * x[i];
    s3 += r3[i] * x[i];
  }
  y[0] = s0;
  y[1] = s1;
  y[2] = s2;
  y[3] = s3;
}
#pragma GCC diagnostic pop

// One output range [o0, o1) over the channel list; four channels per pass so the partial sums
// stay in registers and y is loaded and stored once per four rows of weights.
void channel_range(const float* wt, std::size_t out, const float* x, const std::uint32_t* list,
                   std::size_t count, std::size_t o0, std::size_t o1, float* __restrict y) {
  std::fill(y + o0, y + o1, 0.0f);
  std::size_t k = 0;
  for (; k + 4 <= count; k += 4) {
    const std::size_t j0 = list ? list[k] : k, j1 = list ? list[k + 1] : k + 1;
    const std::size_t j2 = list ? list[k + 2] : k + 2, j3 = list ? list[k + 3] : k + 3;
    const float a0 = x[j0], a1 = x[j1], a2 = x[j2], a3 = x[j3];
    const float* __restrict w0 = wt + j0 * out;
    const float* __restrict w1 = wt + j1 * out;
    const float* __restrict w2 = wt + j2 * out;
    const float* __restrict w3 = wt + j3 * out;
    for (std::size_t o = o0; o < o1; ++o) {
      y[o] += (a0 * w0[o] + a1 * w1[o]) + (a2 * w2[o] + a3 * w3[o]);
    }
  }
  for (; k < count; ++k) {
    const std::size_t j = list ? list[k] : k;
    const float a = x[j];
    const float* __restrict w = wt + j * out;
    for (std::size_t o = o0; o < o1; ++o) y[o] += a * w[o];
  }
}

void channel_product(const float* wt, std::size_t out, const float* x, const std::uint32_t* list,
                     std::size_t count, float* y, ThreadPool* pool) {
  // Split the outputs into cache-line-aligned ranges, one per task.
  std::size_t tasks = 1;
  if (pool != nullptr && count * out >= kParallelMinWork) {
    tasks = std::min<std::size_t>(pool->size(), std::max<std::size_t>(1, out / 64));
  }
  const std::size_t step = ((out + tasks - 1) / tasks + 15) / 16 * 16;
  parallel_tasks(tasks > 1 ? pool : nullptr, tasks, [&](std::size_t t) {
    const std::size_t o0 = std::min(out, t * step), o1 = std::min(out, o0 + step);
    if (o0 < o1) channel_range(wt, out, x, list, count, o0, o1, y);
  });
}

}  // namespace

void gemv_row_major(const float* w, std::size_t rows, std::size_t cols, const float* x, float* y,
                    ThreadPool* pool) {
  std::size_t tasks = 1;
  if (pool != nullptr && rows * cols >= kParallelMinWork) tasks = std::min(pool->size() * 4, rows);
  // Multiples of 4 rows per task, so that the blocking (and the bits) do not depend on threads.
  const std::size_t step = ((rows + tasks - 1) / tasks + 3) / 4 * 4;
  parallel_tasks(tasks > 1 ? pool : nullptr, tasks, [&](std::size_t t) {
    const std::size_t r1 = std::min(rows, (t + 1) * step);
    std::size_t r = t * step;
    for (; r + 4 <= r1; r += 4) dot4(w + r * cols, cols, x, y + r);
    for (; r < r1; ++r) y[r] = dot(w + r * cols, x, cols);
  });
}

void gemv_channel_major(const float* wt, std::size_t channels, std::size_t out, const float* x,
                        float* y, ThreadPool* pool) {
  channel_product(wt, out, x, nullptr, channels, y, pool);
}

void gemv_channel_sparse(const float* wt, std::size_t channels, std::size_t out, const float* x,
                         std::span<const std::uint32_t> survivors, float* y, ThreadPool* pool) {
  for (std::size_t k = 0; k < survivors.size(); ++k) {
    if (survivors[k] >= channels) {
      throw InputError("gemv_channel_sparse: survivor " + std::to_string(k) + " is channel " +
                       std::to_string(survivors[k]) + ", but the weight has only " +
                       std::to_string(channels) + " channels");
    }
  }
  channel_product(wt, out, x, survivors.data(), survivors.size(), y, pool);
}

void gemm_channel_sparse(const float* x, std::size_t tokens, const float* wt, std::size_t channels,
                         std::size_t out, std::span<const std::uint32_t> survivors, float* y,
                         ThreadPool* pool) {
  for (std::size_t k = 0; k < survivors.size(); ++k) {
    if (survivors[k] >= channels) {
      throw InputError("gemm_channel_sparse: survivor " + std::to_string(k) + " is channel " +
                       std::to_string(survivors[k]) + " >= " + std::to_string(channels));
    }
  }
  // Token-parallel: each task owns a block of output rows, and streams the surviving weight
  // rows once per block of 8 tokens so each weight row is reused from cache.
  constexpr std::size_t kBlock = 8;
  const std::size_t blocks = (tokens + kBlock - 1) / kBlock;
  const bool parallel = pool != nullptr && tokens * survivors.size() * out >= kParallelMinWork;
  parallel_tasks(parallel ? pool : nullptr, blocks, [&](std::size_t b) {
    const std::size_t t0 = b * kBlock, t1 = std::min(tokens, t0 + kBlock);
    for (std::size_t t = t0; t < t1; ++t) std::fill(y + t * out, y + (t + 1) * out, 0.0f);
    for (std::uint32_t j : survivors) {
      const float* __restrict w = wt + static_cast<std::size_t>(j) * out;
      for (std::size_t t = t0; t < t1; ++t) {
        const float a = x[t * channels + j];
        float* __restrict row = y + t * out;
        for (std::size_t o = 0; o < out; ++o) row[o] += a * w[o];
      }
    }
  });
}

void transpose(const float* w, std::size_t out, std::size_t in, float* wt) {
  constexpr std::size_t kTile = 32;
  for (std::size_t o0 = 0; o0 < out; o0 += kTile) {
    for (std::size_t i0 = 0; i0 < in; i0 += kTile) {
      const std::size_t o1 = std::min(out, o0 + kTile), i1 = std::min(in, i0 + kTile);
      for (std::size_t o = o0; o < o1; ++o) {
        for (std::size_t i = i0; i < i1; ++i) wt[i * out + o] = w[o * in + i];
      }
    }
  }
}

}  // namespace xdna::prune
