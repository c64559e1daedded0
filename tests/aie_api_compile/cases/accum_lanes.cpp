// acc64 registers hold 4/8/16 lanes (32 as a pair); 64 lanes do not exist on AIE2.
#include <aie_api/aie.hpp>

aie::accum<acc64, 64> illegal_accum;
