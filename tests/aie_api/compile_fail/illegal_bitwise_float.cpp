// Must not compile: bitwise operations need integer lanes.
#include <aie_api/aie.hpp>
int main() {
  auto v = aie::bit_and(aie::vector<float, 16>(), aie::vector<float, 16>());
  return static_cast<int>(v[0]);
}
