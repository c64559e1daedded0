// Must not compile: the AIE2 multiplier has no int32 x int8 mode.
#include <aie_api/aie.hpp>
int main() {
  auto acc = aie::mul(aie::vector<int32, 16>(), aie::vector<int8, 16>());
  return static_cast<int>(acc.get(0));
}
