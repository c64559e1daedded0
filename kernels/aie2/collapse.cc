// collapse, collapse_rt, collapse_fused and collapse_peak: positional selection of the bf16
// lanes at or above a threshold (FACTS §3). Contracts in kernels.h.
#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

#include "kernels.h"

#include "collapse_common.h"

using xdna_kernels::bf16_vector;
using xdna_kernels::kBf16Lanes;

extern "C" {

void collapse_bf16(const bfloat16* restrict in, bfloat16* restrict out) {
  event0();
  constexpr int32_t kN = 1024;
  xdna_kernels::keep_at_or_above(in, out, bfloat16(0.5f), kN);
  event1();
}

void collapse_rt_bf16(const bfloat16* restrict in, bfloat16* restrict out, int32_t tau_q8,
                      int32_t n) {
  event0();
  const bf16_vector tau_v =
      aie::broadcast<bfloat16, kBf16Lanes>(bfloat16(xdna_kernels::q8_to_float(tau_q8)));
  const bf16_vector zero_v = aie::zeros<bfloat16, kBf16Lanes>();
  AIE_PREPARE_FOR_PIPELINING
  AIE_LOOP_MIN_ITERATION_COUNT(1)
  for (int32_t i = 0; i < n; i += kBf16Lanes) {
    const bf16_vector x = aie::load_v<kBf16Lanes>(in + i);
    // The seed's form: the sign of the bf16 difference decides, and x (not d) is written.
    const bf16_vector d = aie::sub(x, tau_v);
    aie::store_v(out + i, aie::select(zero_v, x, aie::ge(d, zero_v)));
  }
  event1();
}

void collapse_fused_bf16(const bfloat16* restrict in, bfloat16* restrict out, int32_t frac_q8,
                         int32_t n) {
  event0();
  const bfloat16 peak = xdna_kernels::vector_peak(in, n);
  // fp32 multiply, then one rounding to bf16 (the scalar conversion, round to nearest even).
  const bfloat16 tau = bfloat16(xdna_kernels::q8_to_float(frac_q8) * static_cast<float>(peak));
  xdna_kernels::keep_at_or_above(in, out, tau, n);
  event1();
}

void collapse_peak_bf16(const bfloat16* restrict in, bfloat16* restrict out,
                        const bfloat16* restrict peak, int32_t frac_q8, int32_t n) {
  event0();
  const bfloat16 tau = bfloat16(xdna_kernels::q8_to_float(frac_q8) * static_cast<float>(peak[0]));
  xdna_kernels::keep_at_or_above(in, out, tau, n);
  event1();
}

}  // extern "C"
