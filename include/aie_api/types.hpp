// Scalar element types and accumulator tags, in the global namespace as kernels name them
// (int8, uint16, bfloat16, acc32, accfloat, ...).
#pragma once

#include <cstdint>

#include "detail/bfloat16.hpp"

using int8 = std::int8_t;
using int16 = std::int16_t;
using int32 = std::int32_t;
using int64 = std::int64_t;
using uint8 = std::uint8_t;
using uint16 = std::uint16_t;
using uint32 = std::uint32_t;
using uint64 = std::uint64_t;

// Accumulator element tags. On AIE2 the native lanes are 32-bit (acc32), 64-bit (acc64) and fp32
// (accfloat); the narrower/wider integer tags map onto them as the real API does.
struct acc16 {};
struct acc24 {};
struct acc32 {};
struct acc40 {};
struct acc48 {};
struct acc56 {};
struct acc64 {};
struct accfloat {};
// Lets a kernel ask the API to pick the accumulator for an operand pair (as `accauto` does).
struct accauto {};
