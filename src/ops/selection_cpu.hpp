// CPU fast paths of the selection operators (internal to ops/). Inputs and outputs are raw
// bfloat16 bit patterns. Each function has a SIMD path (AVX-512 when the build targets it) and a
// portable path; both give identical results and the tests check both.
#pragma once

#include <cstddef>
#include <cstdint>

namespace xdna::ops::cpu {

// out may equal x (in place); otherwise the ranges must not overlap.
//
// out[i] = float(x[i]) >= t ? x[i] : 0 (positional). NaN never passes. Returns the survivors.
std::size_t threshold_positional(const std::uint16_t* x, std::size_t n, float t,
                                 std::uint16_t* out);

// Survivors of float(x[i]) >= t packed in order into out[0..k), out[k..n) = 0; index[j] = i of
// the j-th survivor (index may be null). Returns k.
std::size_t threshold_compact(const std::uint16_t* x, std::size_t n, float t, std::uint16_t* out,
                              std::uint32_t* index);

// threshold_compact without the zero fill, for callers whose out is zero already (or who process
// x in pieces): survivors packed into out[0..k), index[j] = first_index + i of the j-th survivor
// (index may be null). Returns k. out[k..n) holds zeros where written and is otherwise untouched;
// index[k..n) may be overwritten with unspecified values. out may equal x.
std::size_t compact_survivors(const std::uint16_t* x, std::size_t n, float t, std::uint16_t* out,
                              std::uint32_t* index, std::uint32_t first_index);

// The count-th largest non-NaN value (1-based) under the total order, as bits. Requires
// 1 <= count <= number of non-NaN values (the caller checks).
std::uint16_t kth_largest_bits(const std::uint16_t* x, std::size_t n, std::size_t count);

// Number of non-NaN elements.
std::size_t count_ordered(const std::uint16_t* x, std::size_t n);

namespace portable {
std::size_t threshold_positional(const std::uint16_t* x, std::size_t n, float t,
                                 std::uint16_t* out);
std::size_t threshold_compact(const std::uint16_t* x, std::size_t n, float t, std::uint16_t* out,
                              std::uint32_t* index);
std::size_t compact_survivors(const std::uint16_t* x, std::size_t n, float t, std::uint16_t* out,
                              std::uint32_t* index, std::uint32_t first_index);
}  // namespace portable

// True when the SIMD paths above are compiled in (false means they forward to portable).
bool selection_simd_enabled();

}  // namespace xdna::ops::cpu
