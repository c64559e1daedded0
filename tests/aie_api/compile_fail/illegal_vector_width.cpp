// Must not compile: 48 int16 lanes is 768 bits, not a legal AIE2 vector width.
#include <aie_api/aie.hpp>
int main() {
  aie::vector<int16, 48> v;
  return v[0];
}
