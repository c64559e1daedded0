// float x float matrix multiply is emulated with bf16 products on AIE2 and not modelled.
#include <aie_api/aie.hpp>

aie::mmul<4, 8, 4, float, float> illegal_mmul_operands;
