// How the selection operators lay a vector of any length onto the NPU (internal to ops/), and
// the CPU's exact replica of the peak that layout computes.
//
// Layout (the emulator's designs follow it; the CPU path computes the same peak):
//   - the vector is padded with bf16 -inf to a multiple of 32 lanes and then of the chunk size
//     C = min(max_chunk, N rounded up to 32) (max_chunk 4096 for the positional ops and
//     reduce-max, 2048 for the compacting ops, whose tiles also hold 32-bit indices);
//   - T = min(4, chunks) tiles (one core per column of npu1) take contiguous runs of chunks:
//     tile t gets chunks [t * chunks / T, (t + 1) * chunks / T);
//   - each tile folds its chunks in order with reduce_max_running_bf16: running lanes seeded with
//     broadcast(p), lane i := running[i] >= x ? running[i] : x (aie::max), then a halving tree
//     over shift_bytes by 32, 16, 8, 4, 2 bytes (same rule), lane 0 -> new p;
//   - the T partial peaks are combined in tile order by max_combine_bf16 (a later partial wins
//     only if strictly greater, so a NaN partial never wins unless it is the first).
// For NaN-free input this is simply the maximum (with max(seed, ...)); NaN inputs follow the
// rules above on every backend.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace xdna::ops::detail {

inline constexpr std::size_t kLanes = 32;
inline constexpr std::size_t kMaxTiles = 4;
inline constexpr std::size_t kPositionalChunk = 4096;
inline constexpr std::size_t kCompactChunk = 2048;

struct SelectionPlan {
  std::size_t n = 0;       // real elements
  std::size_t chunk = 0;   // elements per chunk (multiple of 32)
  std::size_t chunks = 0;  // chunks after padding
  std::size_t tiles = 0;   // cores used
  std::size_t padded() const { return chunk * chunks; }
  std::size_t first_chunk(std::size_t tile) const { return tile * chunks / tiles; }
};

SelectionPlan plan_selection(std::size_t n, std::size_t max_chunk);

// One reduce_max_running_bf16 call: seed broadcast, lane pass over n (multiple of 32) values,
// tree. Bits in, bits out.
std::uint16_t running_peak(const std::uint16_t* x, std::size_t n, std::uint16_t seed);

// running_peak's fast path (AVX-512 builds): the same bits from integer max/min of order keys, or
// nullopt where only the ordered fold can answer (a NaN in x or the seed, or a peak of +0); always
// nullopt in builds without AVX-512. Exposed so that tests can check both paths.
std::optional<std::uint16_t> running_peak_by_keys(const std::uint16_t* x, std::size_t n,
                                                  std::uint16_t seed);

// The layout's peak of x (real length plan.n; the -inf padding is applied virtually).
std::uint16_t planned_peak(const std::uint16_t* x, const SelectionPlan& plan, std::uint16_t seed);

inline constexpr std::uint16_t kNegInfBits = 0xff80;
inline constexpr std::uint16_t kLowestBits = 0xff7f;  // reduce_max_bf16's start value

}  // namespace xdna::ops::detail
