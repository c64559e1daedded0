// Symmetric sliding multiplies are a first-generation AIE feature; AIE2 has none.
#include <aie_api/aie.hpp>

auto f() {
  using ops = aie::sliding_mul_sym_xy_ops<16, 8, 1, 1, int16, int16>;
  return ops::mul(aie::vector<int16, 16>(), 0, aie::vector<int16, 32>(), 0);
}
