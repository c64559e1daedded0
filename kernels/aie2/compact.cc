// compact and pse_collapse: threshold on the scalar unit, survivors packed in order, zero fill
// (FACTS §3). The indexed forms also report where each survivor came from. Contracts in
// kernels.h.
#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

#include "kernels.h"

#include "collapse_common.h"

extern "C" {

void compact_bf16(const bfloat16* restrict in, bfloat16* restrict out, int32_t tau_q8, int32_t n) {
  event0();
  xdna_kernels::compact_scan(in, out, nullptr, xdna_kernels::q8_to_float(tau_q8), n);
  event1();
}

void compact_indexed_bf16(const bfloat16* restrict in, bfloat16* restrict out,
                          uint32_t* restrict indices_out, int32_t* restrict count_out,
                          int32_t tau_q8, int32_t n) {
  event0();
  count_out[0] =
      xdna_kernels::compact_scan(in, out, indices_out, xdna_kernels::q8_to_float(tau_q8), n);
  event1();
}

void pse_collapse_bf16(const bfloat16* restrict in, bfloat16* restrict out, int32_t frac_q8,
                       int32_t n) {
  event0();
  const bfloat16 peak = xdna_kernels::vector_peak(in, n);
  // Unlike collapse_fused, tau stays in fp32.
  const float tau = xdna_kernels::q8_to_float(frac_q8) * static_cast<float>(peak);
  xdna_kernels::compact_scan(in, out, nullptr, tau, n);
  event1();
}

void pse_collapse_indexed_bf16(const bfloat16* restrict in, bfloat16* restrict out,
                               uint32_t* restrict indices_out, int32_t* restrict count_out,
                               int32_t frac_q8, int32_t n) {
  event0();
  const bfloat16 peak = xdna_kernels::vector_peak(in, n);
  const float tau = xdna_kernels::q8_to_float(frac_q8) * static_cast<float>(peak);
  count_out[0] = xdna_kernels::compact_scan(in, out, indices_out, tau, n);
  event1();
}

}  // extern "C"
