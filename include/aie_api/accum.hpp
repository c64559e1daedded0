// aie::accum<Tag, Elems>: accumulator registers. acc32-class lanes hold 32-bit two's complement
// and wrap modulo 2^32, acc64-class lanes wrap modulo 2^64 (the hardware adders drop the carry),
// accfloat lanes are IEEE binary32.
#pragma once

#include <array>
#include <cstdint>
#include <type_traits>

#include "detail/legal.hpp"

namespace aie {

namespace detail {
template <typename Tag>
using accum_storage_t =
    std::conditional_t<std::is_same_v<Tag, accfloat>, float,
                       std::conditional_t<accum_lane_bits<Tag> == 32, std::int32_t, std::int64_t>>;
}  // namespace detail

template <typename Tag, unsigned Elems>
class accum {
  static_assert(detail::is_accum_tag<Tag>,
                "aie::accum<Tag, Elems>: Tag must be an accumulator tag (acc32, acc64, accfloat, ...)");
  static_assert(detail::is_legal_accum<Tag, Elems>,
                "aie::accum<Tag, Elems>: illegal lane count on AIE2 (acc32: 8/16/32/64, acc64: "
                "4/8/16/32, accfloat: 8/16/32)");

 public:
  using value_type = detail::accum_storage_t<Tag>;
  using tag_type = Tag;
  static constexpr unsigned size() { return Elems; }
  static constexpr unsigned lane_bits() { return detail::accum_lane_bits<Tag>; }
  static constexpr unsigned bits() { return Elems * lane_bits(); }

  accum() : lanes_{} {}

  value_type get(unsigned i) const { return lanes_[i]; }
  accum& set(value_type v, unsigned i) {
    lanes_[i] = v;
    return *this;
  }

  // Host-only access to the lanes (used by the API implementation and tests).
  value_type* data() { return lanes_.data(); }
  const value_type* data() const { return lanes_.data(); }

 private:
  std::array<value_type, Elems> lanes_;
};

}  // namespace aie
