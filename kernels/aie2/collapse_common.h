// Building blocks shared by the collapse-family kernels (FACTS §3): Q8 decoding, the vector peak
// of pass 1, the keep-at-or-above pass 2 and the scalar compaction scan. Header-only so that each
// kernel file stays a single translation unit for the AIE compiler.
#ifndef XDNA_KERNELS_AIE2_COLLAPSE_COMMON_H
#define XDNA_KERNELS_AIE2_COLLAPSE_COMMON_H

#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

namespace xdna_kernels {

constexpr int32_t kBf16Lanes = 32;  // one 512-bit register of bf16
using bf16_vector = aie::vector<bfloat16, kBf16Lanes>;

// Runtime scalars travel as int32 Q8: value = q / 256 (exact for |q| < 2^24).
inline float q8_to_float(int32_t q) {
  return static_cast<float>(q) / 256.0f;
}

// The seed's pass-1 start value: broadcast(bf16(-1e30)), not the lowest bf16, so a vector whose
// values all lie below -1e30 reports a peak of bf16(-1e30).
inline bfloat16 pass1_floor() {
  return bfloat16(-1e30f);
}

// Pass 1 of collapse_fused / pse_collapse: running max per lane, then one reduce_max.
inline bfloat16 vector_peak(const bfloat16* restrict in, int32_t n) {
  bf16_vector running = aie::broadcast<bfloat16, kBf16Lanes>(pass1_floor());
  AIE_PREPARE_FOR_PIPELINING
  AIE_LOOP_MIN_ITERATION_COUNT(1)
  for (int32_t i = 0; i < n; i += kBf16Lanes) {
    running = aie::max(running, aie::load_v<kBf16Lanes>(in + i));
  }
  return aie::reduce_max(running);
}

// Pass 2: out[i] = x[i] >= tau ? x[i] : +0, one compare and one select per vector.
inline void keep_at_or_above(const bfloat16* restrict in, bfloat16* restrict out, bfloat16 tau,
                             int32_t n) {
  const bf16_vector tau_v = aie::broadcast<bfloat16, kBf16Lanes>(tau);
  const bf16_vector zero_v = aie::zeros<bfloat16, kBf16Lanes>();
  AIE_PREPARE_FOR_PIPELINING
  AIE_LOOP_MIN_ITERATION_COUNT(1)
  for (int32_t i = 0; i < n; i += kBf16Lanes) {
    const bf16_vector x = aie::load_v<kBf16Lanes>(in + i);
    aie::store_v(out + i, aie::select(zero_v, x, aie::ge(x, tau_v)));
  }
}

// The compaction scan runs on the scalar unit: AIE2 has no vector gather/scatter or scan, so a
// left-pack is not expressible in vector code (FACTS §2). Writes survivors in order, zero-fills
// the rest, optionally records each survivor's index, and returns the count.
inline int32_t compact_scan(const bfloat16* restrict in, bfloat16* restrict out,
                            uint32_t* restrict indices_out, float tau, int32_t n) {
  int32_t kept = 0;
  for (int32_t i = 0; i < n; ++i) {
    const bfloat16 x = in[i];
    if (static_cast<float>(x) >= tau) {
      out[kept] = x;
      if (indices_out != nullptr) indices_out[kept] = static_cast<uint32_t>(i);
      ++kept;
    }
  }
  AIE_LOOP_NO_UNROLL
  for (int32_t i = kept; i < n; ++i) {
    out[i] = bfloat16(0.0f);  // +0
    if (indices_out != nullptr) indices_out[i] = 0xFFFFFFFFu;
  }
  return kept;
}

}  // namespace xdna_kernels

#endif  // XDNA_KERNELS_AIE2_COLLAPSE_COMMON_H
