// Control case: legal uses of everything the other cases misuse; must compile cleanly, so that
// a failure of the other cases is due to their one illegal line.
#include <aie_api/aie.hpp>

void legal_control() {
  aie::vector<int16, 32> v;
  aie::accum<acc64, 16> acc;
  aie::mmul<4, 4, 4, int16, int16> mm;
  mm.mac(aie::vector<int16, 16>(), aie::vector<int16, 16>());
  aie::mmul<4, 2, 8, int16, int16, acc32> mm32;
  using ops = aie::sliding_mul_xy_ops<32, 8, 1, 1, int8, uint8>;
  (void)ops::mul(aie::vector<int8, 32>(), 0, aie::vector<uint8, 64>(), 0);
  (void)v;
  (void)acc;
  (void)mm32;
}
