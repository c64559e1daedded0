// aie::accum<Tag, Elems>: accumulator registers. acc32-class lanes hold 32-bit two's complement
// and wrap modulo 2^32, acc64-class lanes wrap modulo 2^64 (the hardware adders drop the carry),
// accfloat lanes are IEEE binary32 without subnormals (flushed to signed zero, AM020).
//
// from_vector(v, shift) moves a vector in (integer lanes shifted up by `shift`);
// to_vector<T>(shift) is the shift-round-saturate unit and obeys the current core's rounding
// and saturation registers (detail/core_state.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <type_traits>

#include "detail/core_state.hpp"
#include "detail/legal.hpp"
#include "detail/raw.hpp"
#include "detail/rounding.hpp"
#include "vector.hpp"

namespace aie {

namespace detail {
template <typename Tag>
using accum_storage_t =
    std::conditional_t<std::is_same_v<Tag, accfloat>, float,
                       std::conditional_t<accum_lane_bits<Tag> == 32, std::int32_t, std::int64_t>>;

// Which vector element types an accumulator of Tag converts from/to on AIE2.
template <typename Tag, typename T>
inline constexpr bool accum_converts = std::is_same_v<Tag, accfloat>
                                           ? is_float_elem<T>
                                           : (is_integral_elem<T> &&
                                              sizeof(T) * 8 <= accum_lane_bits<Tag>);
}  // namespace detail

template <typename Tag, unsigned Elems>
class accum {
  static_assert(
      detail::is_accum_tag<Tag>,
      "aie::accum<Tag, Elems>: Tag must be an accumulator tag (acc32, acc64, accfloat, ...)");
  static_assert(detail::is_legal_accum<Tag, Elems>,
                "aie::accum<Tag, Elems>: illegal lane count on AIE2 (acc32: 8/16/32/64, acc64: "
                "4/8/16/32, accfloat: 8/16/32)");

 public:
  using value_type = detail::accum_storage_t<Tag>;
  using value_tag = Tag;
  using tag_type = Tag;
  static constexpr unsigned size() { return Elems; }
  static constexpr unsigned lane_bits() { return detail::accum_lane_bits<Tag>; }
  static constexpr unsigned accum_bits() { return lane_bits(); }
  static constexpr unsigned bits() { return Elems * lane_bits(); }
  static constexpr bool is_floating_point() { return std::is_same_v<Tag, accfloat>; }
  static constexpr bool is_complex() { return false; }

  accum() : lanes_{} {}

  // Construction from a vector, as from_vector(v, shift).
  template <typename T>
  explicit accum(const vector<T, Elems>& v, int shift = 0) : lanes_{} {
    from_vector(v, shift);
  }

  XDNA_AIE_INLINE value_type get(unsigned i) const { return lanes_[i]; }
  XDNA_AIE_INLINE accum& set(value_type v, unsigned i) {
    lanes_[i] = v;
    return *this;
  }

  // Loads `v` into the lanes: integers sign/zero-extended and shifted up by `shift` (wrapping
  // at the lane width), floats widened to fp32 with subnormals flushed.
  template <typename T>
  accum& from_vector(const vector<T, Elems>& v, int shift = 0) {
    static_assert(detail::accum_converts<Tag, T>,
                  "aie::accum::from_vector: this element type does not convert to this "
                  "accumulator on AIE2 (integers <= lane width for acc32/acc64, float/bfloat16 "
                  "for accfloat)");
    const detail::raw_t<T>* in = detail::raw(v.data());
    if constexpr (std::is_same_v<Tag, accfloat>) {
      for (unsigned i = 0; i < Elems; ++i)
        lanes_[i] = detail::flush_subnormal(detail::value_of<T>(in[i]));
    } else {
      detail::check_shift(shift, lane_bits(), "aie::accum::from_vector");
      using U = std::make_unsigned_t<value_type>;
      const unsigned s = static_cast<unsigned>(shift);
      for (unsigned i = 0; i < Elems; ++i)
        lanes_[i] = static_cast<value_type>(static_cast<U>(static_cast<value_type>(in[i])) << s);
    }
    host::count(host::unit::vector_alu, bits());
    return *this;
  }

  // Shift-round-saturate to lanes of T under the current core's rounding and saturation modes.
  template <typename T>
  vector<T, Elems> to_vector(int shift = 0) const {
    static_assert(detail::accum_converts<Tag, T>,
                  "aie::accum::to_vector: this accumulator does not convert to this element type "
                  "on AIE2 (integers <= lane width for acc32/acc64, float/bfloat16 for accfloat)");
    vector<T, Elems> out;
    const host::core_state& core = host::current_core();
    if constexpr (std::is_same_v<T, float>) {
      for (unsigned i = 0; i < Elems; ++i) out.data()[i] = lanes_[i];
    } else if constexpr (std::is_same_v<T, bfloat16>) {
      detail::srs_float_to_bf16<Elems>(lanes_.data(), detail::raw(out.data()), core.rounding);
    } else {
      detail::check_shift(shift, lane_bits(), "aie::accum::to_vector");
      detail::srs_integer<T, value_type, Elems>(lanes_.data(), out.data(), shift, core.rounding,
                                                core.saturation);
    }
    host::count(host::unit::vector_alu, bits());
    return out;
  }

  // Sub-accumulator `idx` of width N.
  template <unsigned N>
  accum<Tag, N> extract(unsigned idx) const {
    static_assert(N <= Elems && Elems % N == 0, "aie::accum::extract: N must divide the width");
    accum<Tag, N> out;
    for (unsigned i = 0; i < N; ++i) out.data()[i] = lanes_[idx * N + i];
    return out;
  }

  // A wider accumulator holding this one at sub-accumulator `idx` (other lanes zero).
  template <unsigned N>
  accum<Tag, N> grow(unsigned idx = 0) const {
    static_assert(N >= Elems && N % Elems == 0,
                  "aie::accum::grow: N must be a multiple of the width");
    accum<Tag, N> out;
    for (unsigned i = 0; i < Elems; ++i) out.data()[idx * Elems + i] = lanes_[i];
    return out;
  }

  template <unsigned N>
  accum& insert(unsigned idx, const accum<Tag, N>& a) {
    static_assert(N <= Elems && Elems % N == 0, "aie::accum::insert: N must divide the width");
    for (unsigned i = 0; i < N; ++i) lanes_[idx * N + i] = a.data()[i];
    return *this;
  }

  // Host-only access to the lanes (used by the API implementation and tests).
  XDNA_AIE_INLINE value_type* data() { return lanes_.data(); }
  XDNA_AIE_INLINE const value_type* data() const { return lanes_.data(); }

 private:
  alignas(64) std::array<value_type, Elems> lanes_;
};

template <typename T>
struct is_accum_type : std::false_type {};
template <typename Tag, unsigned N>
struct is_accum_type<accum<Tag, N>> : std::true_type {};

// Free-function forms used by kernels: aie::from_vector<acc32>(v, shift), aie::to_vector<T>(acc,
// s).
template <typename Tag, typename T, unsigned Elems>
accum<Tag, Elems> from_vector(const vector<T, Elems>& v, int shift = 0) {
  return accum<Tag, Elems>(v, shift);
}
template <typename T, typename Tag, unsigned Elems>
vector<T, Elems> to_vector(const accum<Tag, Elems>& a, int shift = 0) {
  return a.template to_vector<T>(shift);
}

}  // namespace aie
