// int8 coefficients with int16 data: no sliding multiply mode on AIE2.
#include <aie_api/aie.hpp>

auto f() {
  using ops = aie::sliding_mul_xy_ops<16, 4, 1, 1, int8, int16>;
  return ops::mul(aie::vector<int8, 32>(), 0, aie::vector<int16, 32>(), 0);
}
