// aie::vector<T, Elems>: a register-sized array of lanes. Storage is a plain array so that the
// host compiler can vectorise the per-lane loops of the operations; lanes start zeroed so that
// emulated runs are deterministic (the hardware leaves them undefined).
//
// Members follow AMD's aie_api: get/set/operator[], push, insert, extract, grow, grow_replicate,
// cast_to, split. Sub-vector indices count in units of the sub-vector's width, as on the chip.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <type_traits>
#include <utility>

#include "detail/legal.hpp"

#ifndef XDNA_AIE_INLINE
#define XDNA_AIE_INLINE inline __attribute__((always_inline))
#endif

namespace aie {

template <typename T, unsigned Elems>
class vector {
  static_assert(detail::is_vector_elem<T>,
                "aie::vector: element type must be int8, uint8, int16, uint16, int32, uint32, "
                "bfloat16 or float on AIE2");
  static_assert(detail::is_legal_vector<T, Elems>,
                "aie::vector<T, Elems>: Elems * bits(T) must be 128, 256, 512 or 1024 on AIE2");

 public:
  using value_type = T;
  static constexpr unsigned size() { return Elems; }
  static constexpr unsigned bits() { return Elems * sizeof(T) * 8; }
  static constexpr unsigned type_bits() { return sizeof(T) * 8; }
  static constexpr bool is_signed() { return detail::is_signed_elem<T>; }
  static constexpr bool is_floating_point() { return detail::is_float_elem<T>; }
  static constexpr bool is_complex() { return false; }
  static constexpr bool is_real() { return true; }

  vector() : lanes_{} {}

  // Lane-by-lane construction, as in the real API: vector<int16, 8> v(1, 2, 3, 4, 5, 6, 7, 8).
  template <typename... Ts>
  requires(sizeof...(Ts) == Elems && Elems > 1) explicit vector(Ts... values) : lanes_{} {
    const T list[] = {static_cast<T>(values)...};
    std::memcpy(lanes_.data(), list, sizeof(list));
  }

  XDNA_AIE_INLINE T get(unsigned i) const { return lanes()[i]; }
  XDNA_AIE_INLINE vector& set(T value, unsigned i) {
    lanes()[i] = value;
    return *this;
  }
  XDNA_AIE_INLINE T operator[](unsigned i) const { return lanes()[i]; }
  XDNA_AIE_INLINE T& operator[](unsigned i) { return lanes()[i]; }

  // Moves every lane up by one and writes `value` into lane 0 (the real API's push).
  vector& push(T value) {
    for (unsigned i = Elems - 1; i > 0; --i) lanes()[i] = lanes()[i - 1];
    lanes()[0] = value;
    return *this;
  }

  // Replaces sub-vector `idx` (of width N) with `v`.
  template <unsigned N>
  vector& insert(unsigned idx, const vector<T, N>& v) {
    static_assert(N <= Elems && Elems % N == 0,
                  "aie::vector::insert: the inserted vector must divide the destination");
    const T* src = v.data();
    for (unsigned i = 0; i < N; ++i) lanes()[idx * N + i] = src[i];
    return *this;
  }

  // Returns sub-vector `idx` of width N.
  template <unsigned N>
  vector<T, N> extract(unsigned idx) const {
    static_assert(N <= Elems && Elems % N == 0,
                  "aie::vector::extract: the extracted width must divide the vector width");
    vector<T, N> out;
    T* dst = out.data();
    for (unsigned i = 0; i < N; ++i) dst[i] = lanes()[idx * N + i];
    return out;
  }

  // A wider vector holding this one at sub-vector `idx`; other lanes are zero on the host
  // (undefined on the chip).
  template <unsigned N>
  vector<T, N> grow(unsigned idx = 0) const {
    static_assert(N >= Elems && N % Elems == 0,
                  "aie::vector::grow: the output width must be a multiple of the input width");
    vector<T, N> out;
    T* dst = out.data();
    for (unsigned i = 0; i < Elems; ++i) dst[idx * Elems + i] = lanes()[i];
    return out;
  }

  // A wider vector holding copies of this one in every sub-vector.
  template <unsigned N>
  vector<T, N> grow_replicate() const {
    static_assert(N >= Elems && N % Elems == 0,
                  "aie::vector::grow_replicate: the output width must be a multiple of the input");
    vector<T, N> out;
    T* dst = out.data();
    for (unsigned i = 0; i < N; ++i) dst[i] = lanes()[i % Elems];
    return out;
  }

  // Reinterprets the register's bits as lanes of type U (same total width).
  template <typename U>
  vector<U, Elems * sizeof(T) / sizeof(U)> cast_to() const {
    static_assert(detail::is_vector_elem<U>,
                  "aie::vector::cast_to: U must be a vector element type");
    vector<U, Elems * sizeof(T) / sizeof(U)> out;
    std::memcpy(out.data(), lanes(), sizeof(T) * Elems);
    return out;
  }

  // Splits into Elems / N sub-vectors of width N.
  template <unsigned N>
  std::array<vector<T, N>, Elems / N> split() const {
    static_assert(N <= Elems && Elems % N == 0, "aie::vector::split: N must divide the width");
    std::array<vector<T, N>, Elems / N> parts;
    for (unsigned p = 0; p < Elems / N; ++p) parts[p] = extract<N>(p);
    return parts;
  }

  // Host-only access to the lanes (used by the API implementation and tests).
  XDNA_AIE_INLINE T* data() { return lanes(); }
  XDNA_AIE_INLINE const T* data() const { return lanes(); }

 private:
  XDNA_AIE_INLINE T* lanes() { return lanes_.data(); }
  XDNA_AIE_INLINE const T* lanes() const { return lanes_.data(); }
  alignas(sizeof(T) * Elems < 64 ? sizeof(T) * Elems : 64) std::array<T, Elems> lanes_;
};

// Reinterprets the bits of `v` as lanes of type U (aie::vector_cast in the real API).
template <typename U, typename T, unsigned Elems>
XDNA_AIE_INLINE auto vector_cast(const vector<T, Elems>& v) {
  return v.template cast_to<U>();
}

template <typename T>
struct is_vector_type : std::false_type {};
template <typename T, unsigned N>
struct is_vector_type<vector<T, N>> : std::true_type {};

// Lanes of a native (512-bit) register of T, and the alignment a vector load/store needs
// (AIE2: the vector's own size up to the 256-bit load/store bus width).
template <typename T>
inline constexpr unsigned native_vector_length_v = detail::native_vector_elems<T>;
template <typename T, unsigned Elems>
inline constexpr std::size_t vector_ldst_align_v = detail::vector_ldst_align<T, Elems>;
inline constexpr std::size_t vector_decl_align = 32;

}  // namespace aie
