// Maximum of a bf16 vector: a vector max over the data, then a tree inside the register built
// from shift_bytes (each step folds the upper half of the lanes onto the lower half, with
// wrap-around, so lane 0 ends up holding the maximum). Partial and combine forms let a vector
// longer than one tile be reduced across tiles. Contracts in kernels.h.
#include <stdint.h>

#include <limits>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

#include "kernels.h"

namespace {

constexpr int32_t kLanes = 32;
using bf16_vector = aie::vector<bfloat16, kLanes>;

bf16_vector lanewise_max(const bfloat16* restrict in, bf16_vector running, int32_t n) {
  AIE_PREPARE_FOR_PIPELINING
  AIE_LOOP_MIN_ITERATION_COUNT(1)
  for (int32_t i = 0; i < n; i += kLanes) {
    running = aie::max(running, aie::load_v<kLanes>(in + i));
  }
  return running;
}

// 64-byte register: fold by 32, 16, 8, 4 and 2 bytes (16, 8, 4, 2, 1 lanes). Each shifted copy
// is named as an aie::vector first: on the AIE toolchain shift_bytes is an intrinsic on native
// registers, and aie::max wants aie::vector operands.
bfloat16 register_tree_max(bf16_vector v) {
  for (unsigned bytes = 32; bytes >= 2; bytes /= 2) {
    const bf16_vector folded = shift_bytes(v, v, bytes);
    v = aie::max(v, folded);
  }
  return v.get(0);
}

}  // namespace

extern "C" {

void reduce_max_bf16(const bfloat16* restrict in, bfloat16* restrict out, int32_t n) {
  event0();
  const bf16_vector lowest =
      aie::broadcast<bfloat16, kLanes>(std::numeric_limits<bfloat16>::lowest());
  out[0] = register_tree_max(lanewise_max(in, lowest, n));
  event1();
}

void reduce_max_running_bf16(const bfloat16* restrict in, bfloat16* restrict peak, int32_t n) {
  event0();
  const bf16_vector seed = aie::broadcast<bfloat16, kLanes>(peak[0]);
  peak[0] = register_tree_max(lanewise_max(in, seed, n));
  event1();
}

void max_combine_bf16(const bfloat16* restrict partials, bfloat16* restrict out, int32_t count) {
  event0();
  bfloat16 best = partials[0];
  for (int32_t i = 1; i < count; ++i) {
    if (static_cast<float>(partials[i]) > static_cast<float>(best)) best = partials[i];
  }
  out[0] = best;
  event1();
}

}  // extern "C"
