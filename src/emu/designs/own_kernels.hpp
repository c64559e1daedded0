// Prototypes of the emulator's own small kernels (kernels/aie2/passthrough.cc,
// kernels/aie2/vector_scale.cc); the shared kernels are declared in kernels/aie2/kernels.h.
#pragma once

#include <cstdint>

extern "C" {
void passthrough_i32(const int32_t* in, int32_t* out, int32_t n);
void vector_scale_i16(const int16_t* in, int16_t* out, int32_t factor, int32_t shift, int32_t n);
}
