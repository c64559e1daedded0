// CPU fast paths of the selection operators (internal to ops/). Inputs and outputs are raw
// bfloat16 bit patterns. Each function has a SIMD path (AVX-512 when the build targets it) and a
// portable path; both give identical results and the tests check both.
#pragma once

#include <cstddef>
#include <cstdint>

namespace xdna::ops::cpu {

// The public selection calls (selection.cpp) split inputs of at least these many elements over
// cpu_threads() threads; smaller ones run on the calling thread. Measured crossovers on the 2-core
// development host (docs/OPERATORS.md, "Speed"): collapse wins with threads from 2 Mi elements;
// compact loses at 2 Mi and wins at 4 Mi.
inline constexpr std::size_t kThreadedCollapseMin = std::size_t{1} << 21;
inline constexpr std::size_t kThreadedCompactMin = std::size_t{1} << 22;

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

// out[0..n) = 0; fills larger than L2 bypass the caches (threshold_compact's zero tail).
void zero_fill(std::uint16_t* out, std::size_t n);

// Number of x[i] with float(x[i]) >= t (compact's survivor test; NaN never counts).
std::size_t count_survivors(const std::uint16_t* x, std::size_t n, float t);

// compact_survivors for a caller that knows the survivor count k (count_survivors) and needs every
// write to stay inside out[0..k) and index[0..k): threads compacting neighbouring pieces into one
// vector must not touch each other's ranges, and compact_survivors' full-vector stores reach up to
// 64 elements past its survivors. index may not be null (unless k is 0). Returns k; throws
// std::logic_error if k is not the survivor count, still without writing outside [0..k).
std::size_t compact_survivors_exact(const std::uint16_t* x, std::size_t n, float t,
                                    std::uint16_t* out, std::uint32_t* index,
                                    std::uint32_t first_index, std::size_t k);

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
std::size_t count_survivors(const std::uint16_t* x, std::size_t n, float t);
}  // namespace portable

// True when the SIMD paths above are compiled in (false means they forward to portable).
bool selection_simd_enabled();

}  // namespace xdna::ops::cpu
