// Matrix-vector products that turn skipped channels into saved time.
//
// Two weight layouts:
// - row-major W [rows x cols]: y[r] = sum_c W[r,c] * x[c] (the classic dense GEMV, used for the
//   classifier and as the dense baseline of the benchmarks);
// - channel-major Wt [channels x out] (the transpose of the PyTorch [out x in] weight): row j
//   holds everything input channel j contributes, so y = sum_{j in survivors} x[j] * Wt[j,:].
//   Survivors are whole contiguous rows: skipping a channel skips its memory traffic, and no
//   weight gather is needed per call.
//
// Each output element is accumulated by exactly one thread in the order of the channel list, so
// the result does not depend on the thread count, and the channel-major product over the full
// channel list 0..n-1 is bit-identical to the dense channel-major product.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "xdna/prune/thread_pool.hpp"

namespace xdna::prune {

// y[r] = sum_c W[r*cols + c] * x[c] for r in [0, rows).
void gemv_row_major(const float* w, std::size_t rows, std::size_t cols, const float* x, float* y,
                    ThreadPool* pool = nullptr);

// y[o] = sum_{j = 0..channels-1} x[j] * wt[j*out + o].
void gemv_channel_major(const float* wt, std::size_t channels, std::size_t out, const float* x,
                        float* y, ThreadPool* pool = nullptr);

// y[o] = sum_{j in survivors, in order} x[j] * wt[j*out + o]. Survivor indices must be < channels
// (checked; throws InputError).
void gemv_channel_sparse(const float* wt, std::size_t channels, std::size_t out, const float* x,
                         std::span<const std::uint32_t> survivors, float* y,
                         ThreadPool* pool = nullptr);

// Column-sparse GEMM: Y[t,:] = sum_{j in survivors} X[t,j] * Wt[j,:] for t in [0, tokens);
// X is [tokens x channels], Y is [tokens x out], both row-major.
void gemm_channel_sparse(const float* x, std::size_t tokens, const float* wt, std::size_t channels,
                         std::size_t out, std::span<const std::uint32_t> survivors, float* y,
                         ThreadPool* pool = nullptr);

// Transposes a PyTorch-style [out x in] weight into the channel-major [in x out] layout.
void transpose(const float* w, std::size_t out, std::size_t in, float* wt);

}  // namespace xdna::prune
