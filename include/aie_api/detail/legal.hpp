// Which element types and lane counts exist on AIE2 (FACTS §2). Using anything else fails to
// compile with a static_assert, as it would with the real toolchain.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../types.hpp"

namespace aie::detail {

template <typename T>
inline constexpr bool is_vector_elem =
    std::is_same_v<T, int8> || std::is_same_v<T, uint8> || std::is_same_v<T, int16> ||
    std::is_same_v<T, uint16> || std::is_same_v<T, int32> || std::is_same_v<T, uint32> ||
    std::is_same_v<T, bfloat16> || std::is_same_v<T, float>;

// Vectors are 128, 256, 512 (native) or 1024 bits wide.
template <typename T, unsigned Elems>
inline constexpr bool is_legal_vector = is_vector_elem<T> && (sizeof(T) * 8 * Elems == 128 ||
                                                              sizeof(T) * 8 * Elems == 256 ||
                                                              sizeof(T) * 8 * Elems == 512 ||
                                                              sizeof(T) * 8 * Elems == 1024);

template <typename T>
inline constexpr unsigned native_vector_elems = 512 / (sizeof(T) * 8);

template <typename T>
inline constexpr bool is_float_elem = std::is_same_v<T, bfloat16> || std::is_same_v<T, float>;
template <typename T>
inline constexpr bool is_signed_elem = is_float_elem<T> || std::is_same_v<T, int8> ||
                                       std::is_same_v<T, int16> || std::is_same_v<T, int32>;
template <typename T>
inline constexpr bool is_integral_elem = is_vector_elem<T> && !is_float_elem<T>;

// Alignment a vector load/store needs on AIE2: the vector's own size, capped at the 256-bit
// load/store bus (AIE_VECTOR_LDST_ALIGN is 32 bytes for AIE2 in Peano's defines).
template <typename T, unsigned Elems>
inline constexpr std::size_t vector_ldst_align = sizeof(T) * Elems < 32 ? sizeof(T) * Elems : 32;

template <typename Tag>
inline constexpr bool is_accum_tag =
    std::is_same_v<Tag, acc16> || std::is_same_v<Tag, acc24> || std::is_same_v<Tag, acc32> ||
    std::is_same_v<Tag, acc40> || std::is_same_v<Tag, acc48> || std::is_same_v<Tag, acc56> ||
    std::is_same_v<Tag, acc64> || std::is_same_v<Tag, accfloat>;

// Native lane width of each tag on AIE2: up to 32 bits -> acc32, up to 64 -> acc64.
template <typename Tag>
inline constexpr unsigned accum_lane_bits =
    std::is_same_v<Tag, acc16> || std::is_same_v<Tag, acc24> || std::is_same_v<Tag, acc32> ? 32
    : std::is_same_v<Tag, accfloat>                                                        ? 32
                                                                                           : 64;

// Accumulators: acc32 8/16/32 lanes (and 64 as a pair of registers), acc64 4/8/16 (and 32),
// accfloat 8/16/32 (FACTS §2; the doubled widths are the register pairs the API allows).
template <typename Tag, unsigned Elems>
inline constexpr bool is_legal_accum =
    is_accum_tag<Tag> &&
    (accum_lane_bits<Tag> == 32 ? (Elems == 8 || Elems == 16 || Elems == 32 || Elems == 64)
                                : (Elems == 4 || Elems == 8 || Elems == 16 || Elems == 32)) &&
    !(std::is_same_v<Tag, accfloat> && Elems == 64);

// Masks exist for every lane count a vector can have.
template <unsigned Elems>
inline constexpr bool is_legal_mask =
    Elems == 4 || Elems == 8 || Elems == 16 || Elems == 32 || Elems == 64 || Elems == 128;

}  // namespace aie::detail
