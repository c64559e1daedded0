// aie::mask<Elems>: one bit per lane, produced by comparisons and consumed by select.
//
// On the host each lane's bit is kept in its own byte (0 or 1) so that comparisons and select
// are plain per-lane loops the compiler vectorises; the word views (to_uint32/from_uint32) pack
// lane i into bit i, as the real API does.
#pragma once

#include <array>
#include <cstdint>

#include "detail/legal.hpp"

#ifndef XDNA_AIE_INLINE
#define XDNA_AIE_INLINE inline __attribute__((always_inline))
#endif

namespace aie {

template <unsigned Elems>
class mask {
  static_assert(detail::is_legal_mask<Elems>,
                "aie::mask<Elems>: Elems must be 4..128, a power of 2");

 public:
  static constexpr unsigned size() { return Elems; }

  mask() : lanes_{} {}
  explicit mask(bool all) {
    for (unsigned i = 0; i < Elems; ++i) lanes_[i] = all ? 1 : 0;
  }

  XDNA_AIE_INLINE bool test(unsigned i) const { return lanes_[i] != 0; }
  XDNA_AIE_INLINE void set(unsigned i) { lanes_[i] = 1; }
  XDNA_AIE_INLINE void clear(unsigned i) { lanes_[i] = 0; }
  XDNA_AIE_INLINE void set(unsigned i, bool value) { lanes_[i] = value ? 1 : 0; }
  unsigned count() const {
    unsigned n = 0;
    for (unsigned i = 0; i < Elems; ++i) n += lanes_[i];
    return n;
  }
  bool empty() const { return count() == 0; }
  bool full() const { return count() == Elems; }

  // Words of 32 (64) lanes, lane 0 in bit 0, as the real API's to_uint32/from_uint32.
  static mask from_uint32(std::uint32_t w) {
    mask m;
    for (unsigned i = 0; i < Elems && i < 32; ++i) m.lanes_[i] = (w >> i) & 1u;
    return m;
  }
  static mask from_uint64(std::uint64_t w) {
    mask m;
    for (unsigned i = 0; i < Elems && i < 64; ++i) m.lanes_[i] = (w >> i) & 1u;
    return m;
  }
  std::uint32_t to_uint32(unsigned word = 0) const {
    std::uint32_t w = 0;
    for (unsigned i = 0; i < 32 && word * 32 + i < Elems; ++i)
      w |= static_cast<std::uint32_t>(lanes_[word * 32 + i]) << i;
    return w;
  }
  std::uint64_t to_uint64(unsigned word = 0) const {
    std::uint64_t w = 0;
    for (unsigned i = 0; i < 64 && word * 64 + i < Elems; ++i)
      w |= static_cast<std::uint64_t>(lanes_[word * 64 + i]) << i;
    return w;
  }

  mask operator&(const mask& o) const {
    return combine(o, [](auto a, auto b) { return a & b; });
  }
  mask operator|(const mask& o) const {
    return combine(o, [](auto a, auto b) { return a | b; });
  }
  mask operator^(const mask& o) const {
    return combine(o, [](auto a, auto b) { return a ^ b; });
  }
  mask operator~() const {
    mask m;
    for (unsigned i = 0; i < Elems; ++i) m.lanes_[i] = lanes_[i] ^ 1u;
    return m;
  }
  mask& operator&=(const mask& o) { return *this = *this & o; }
  mask& operator|=(const mask& o) { return *this = *this | o; }
  mask& operator^=(const mask& o) { return *this = *this ^ o; }
  bool operator==(const mask& o) const { return lanes_ == o.lanes_; }
  bool operator!=(const mask& o) const { return !(*this == o); }

  // Host-only: one byte per lane, 0 or 1 (used by the API implementation).
  XDNA_AIE_INLINE std::uint8_t* data() { return lanes_.data(); }
  XDNA_AIE_INLINE const std::uint8_t* data() const { return lanes_.data(); }

 private:
  template <typename F>
  XDNA_AIE_INLINE mask combine(const mask& o, F f) const {
    mask m;
    for (unsigned i = 0; i < Elems; ++i)
      m.lanes_[i] = static_cast<std::uint8_t>(f(lanes_[i], o.lanes_[i]));
    return m;
  }
  std::array<std::uint8_t, Elems> lanes_;
};

}  // namespace aie
