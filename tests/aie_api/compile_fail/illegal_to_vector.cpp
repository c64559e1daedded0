// Must not compile: an acc32 accumulator does not convert to bfloat16 lanes.
#include <aie_api/aie.hpp>
int main() {
  aie::accum<acc32, 16> a;
  auto v = a.to_vector<bfloat16>();
  return static_cast<int>(static_cast<float>(v[0]));
}
