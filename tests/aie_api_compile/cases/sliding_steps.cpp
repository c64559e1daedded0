// On AIE2 DataStepY must equal DataStepX.
#include <aie_api/aie.hpp>

auto f() {
  using ops = aie::sliding_mul_ops<16, 4, 1, 1, 2, int16, int16>;
  return ops::mul(aie::vector<int16, 16>(), 0, aie::vector<int16, 32>(), 0);
}
