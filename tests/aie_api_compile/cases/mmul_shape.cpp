// int8 x int8 has no 4x4x4 mode on AIE2 (4x8x4, 4x8x8, ... do exist).
#include <aie_api/aie.hpp>

aie::mmul<4, 4, 4, int8, int8> illegal_mmul;
