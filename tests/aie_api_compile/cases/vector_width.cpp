// 12 x 16 bits = 192 bits: not a vector register width on AIE2.
#include <aie_api/aie.hpp>

aie::vector<int16, 12> illegal_vector;
