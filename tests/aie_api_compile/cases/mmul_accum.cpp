// int16 4x2x8 is a 32-bit accumulation mode; asking it for acc64 has no AIE2 equivalent.
#include <aie_api/aie.hpp>

aie::mmul<4, 2, 8, int16, int16, acc64> illegal_mmul_accum;
