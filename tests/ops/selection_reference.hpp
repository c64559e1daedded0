// Scalar reference of the selection operators, written from the kernel descriptions in
// docs/ops/selection.md / FACTS §3 (one element at a time, no shared code with src/ops/).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "aie_api/detail/bfloat16.hpp"

namespace ref {

inline float q8_value(std::int32_t q) {
  return static_cast<float>(q) / 256.0f;
}

inline bool is_nan(bfloat16 v) {
  return std::isnan(static_cast<float>(v));
}

inline float ftz(float f) {
  if (std::fpclassify(f) == FP_SUBNORMAL) return std::signbit(f) ? -0.0f : 0.0f;
  return f;
}

// aie::max on one lane: a >= b ? a : b (IEEE compare, so a NaN in either lane gives b).
inline bfloat16 lane_max(bfloat16 a, bfloat16 b) {
  return static_cast<float>(a) >= static_cast<float>(b) ? a : b;
}

// The peak as the NPU layout computes it (docs/ops/selection.md, "The peak"): pad with -inf to
// whole chunks of min(max_chunk, n rounded up to 32); T = min(4, chunks) tiles, tile t taking
// chunks [t * chunks / T, (t + 1) * chunks / T); each tile folds its chunks with a seeded 32-lane
// running max and a halving tree (shift 16, 8, 4, 2, 1 lanes, wrapping); partials combined in tile
// order, later ones only if strictly greater.
inline bfloat16 layout_peak(const std::vector<bfloat16>& x, std::size_t max_chunk, bfloat16 seed) {
  const std::size_t n32 = (x.size() + 31) / 32 * 32;
  const std::size_t chunk = std::min(max_chunk, n32);
  const std::size_t chunks = (n32 + chunk - 1) / chunk;
  const std::size_t tiles = std::min<std::size_t>(4, chunks);
  std::vector<bfloat16> padded = x;
  padded.resize(chunk * chunks, bfloat16::from_bits(0xff80));
  std::vector<bfloat16> partial(tiles, seed);
  for (std::size_t c = 0; c < chunks; ++c) {
    std::size_t tile = 0;
    while ((tile + 1) * chunks / tiles <= c) ++tile;
    bfloat16& p = partial[tile];
    bfloat16 lanes[32];
    for (auto& l : lanes) l = p;
    for (std::size_t i = 0; i < chunk; ++i)
      lanes[i % 32] = lane_max(lanes[i % 32], padded[c * chunk + i]);
    for (std::size_t shift = 16; shift >= 1; shift /= 2) {
      bfloat16 next[32];
      for (std::size_t i = 0; i < 32; ++i) next[i] = lane_max(lanes[i], lanes[(i + shift) % 32]);
      for (std::size_t i = 0; i < 32; ++i) lanes[i] = next[i];
    }
    p = lanes[0];
  }
  bfloat16 best = partial[0];
  for (std::size_t t = 1; t < tiles; ++t) {
    if (static_cast<float>(partial[t]) > static_cast<float>(best)) best = partial[t];
  }
  return best;
}

inline bfloat16 fused_peak(const std::vector<bfloat16>& x, std::size_t max_chunk) {
  return layout_peak(x, max_chunk, bfloat16(-1e30f));
}

struct Positional {
  std::vector<bfloat16> out;
  std::size_t survivors = 0;
  float tau = 0;
};

struct Packed {
  std::vector<bfloat16> out;
  std::vector<std::uint32_t> indices;
  float tau = 0;
};

// collapse_rt: tau = bf16(q/256); d = bf16(x - tau); keep d >= 0; out = keep ? x : 0.
inline Positional collapse(const std::vector<bfloat16>& x, std::int32_t q) {
  Positional r;
  const bfloat16 tau = bfloat16(q8_value(q));
  r.tau = tau;
  for (bfloat16 v : x) {
    // The subtract runs on the float datapath: inputs and result flushed, then rounded to bf16
    // (rounding cannot change the sign of a normal value, so it is not modelled).
    const float d = ftz(ftz(static_cast<float>(v)) - static_cast<float>(tau));
    const bool keep = d >= 0.0f;  // true for -0
    r.out.push_back(keep ? v : bfloat16(0.0f));
    r.survivors += keep;
  }
  return r;
}

// collapse_fused: tau = bf16(float(q)/256 * float(peak)); out = x >= tau ? x : 0.
inline Positional collapse_fused(const std::vector<bfloat16>& x, std::int32_t q) {
  Positional r;
  const float product = q8_value(q) * static_cast<float>(fused_peak(x, 4096));
  const bfloat16 tau = bfloat16(product);
  r.tau = tau;
  for (bfloat16 v : x) {
    const bool keep = static_cast<float>(v) >= static_cast<float>(tau);
    r.out.push_back(keep ? v : bfloat16(0.0f));
    r.survivors += keep;
  }
  return r;
}

inline Packed compact_with(const std::vector<bfloat16>& x, float tau) {
  Packed r;
  r.tau = tau;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (static_cast<float>(x[i]) >= tau) {
      r.out.push_back(x[i]);
      r.indices.push_back(static_cast<std::uint32_t>(i));
    }
  }
  r.out.resize(x.size(), bfloat16(0.0f));
  return r;
}

// compact: tau = q/256 in fp32 (not rounded); stable pack, zero fill.
inline Packed compact(const std::vector<bfloat16>& x, std::int32_t q) {
  return compact_with(x, q8_value(q));
}

// pse_collapse: tau = (q/256) * peak in fp32; then compact's scan.
inline Packed pse_collapse(const std::vector<bfloat16>& x, std::int32_t q) {
  return compact_with(x, q8_value(q) * static_cast<float>(fused_peak(x, 2048)));
}

// reduce_max_bf16's start value is the lowest finite bf16.
inline bfloat16 reduce_max(const std::vector<bfloat16>& x) {
  return layout_peak(x, 4096, bfloat16::from_bits(0xff7f));
}

// a > b in top-k's order: floats compare, and +0 beats -0.
inline bool greater(bfloat16 a, bfloat16 b) {
  const float fa = a, fb = b;
  if (fa > fb) return true;
  return fa == 0.0f && fb == 0.0f && !std::signbit(fa) && std::signbit(fb);
}

// The count-th largest non-NaN value: the largest t such that at least `count` elements are
// >= t in the max order. Found by trying every element as a candidate (quadratic; small N only).
inline bfloat16 topk_threshold(const std::vector<bfloat16>& x, std::size_t count) {
  bool found = false;
  bfloat16 best = bfloat16(0.0f);
  for (bfloat16 candidate : x) {
    if (is_nan(candidate)) continue;
    std::size_t at_least = 0;
    for (bfloat16 v : x) at_least += !is_nan(v) && !greater(candidate, v);
    if (at_least >= count && (!found || greater(candidate, best))) {
      best = candidate;
      found = true;
    }
  }
  if (best.bits() == 0x8000) best = bfloat16(0.0f);  // a zero threshold is reported as +0
  return best;
}

}  // namespace ref
