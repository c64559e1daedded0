// gray2rgba line kernel (contract in vision_kernels.h): 32 gray pixels become 128 bytes by two
// rounds of interleaving — (g, g) pairs with (g, 255) pairs, two lanes at a time.
#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

#include "vision_kernels.h"

extern "C" {

void gray2rgba_line_u8(const uint8_t* restrict gray, uint8_t* restrict rgba, int32_t width) {
  constexpr int32_t kLanes = 32;
  event0();
  const aie::vector<uint8_t, kLanes> opaque = aie::broadcast<uint8_t, kLanes>(255);
  int32_t j = 0;
  AIE_PREPARE_FOR_PIPELINING
  for (; j + kLanes <= width; j += kLanes) {
    const aie::vector<uint8_t, kLanes> g = aie::load_v<kLanes>(gray + j);
    const auto gg = aie::interleave_zip(g, g, 1);                    // g0 g0 g1 g1 ...
    const auto ga = aie::interleave_zip(g, opaque, 1);               // g0 255 g1 255 ...
    const auto low = aie::interleave_zip(gg.first, ga.first, 2);     // pixels 0..15
    const auto high = aie::interleave_zip(gg.second, ga.second, 2);  // pixels 16..31
    uint8_t* o = rgba + 4 * j;
    aie::store_v(o, low.first);
    aie::store_v(o + kLanes, low.second);
    aie::store_v(o + 2 * kLanes, high.first);
    aie::store_v(o + 3 * kLanes, high.second);
  }
  for (; j < width; ++j) {  // tail of fewer than 32 pixels
    uint8_t* o = rgba + 4 * j;
    o[0] = o[1] = o[2] = gray[j];
    o[3] = 255;
  }
  event1();
}

}  // extern "C"
