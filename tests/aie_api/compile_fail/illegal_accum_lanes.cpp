// Must not compile: accfloat has no 64-lane form on AIE2.
#include <aie_api/aie.hpp>
int main() {
  aie::accum<accfloat, 64> a;
  return static_cast<int>(a.get(0));
}
