// aie::mask<Elems>: one bit per lane, produced by comparisons and consumed by select.
#pragma once

#include <bitset>
#include <cstdint>

#include "detail/legal.hpp"

namespace aie {

template <unsigned Elems>
class mask {
  static_assert(detail::is_legal_mask<Elems>, "aie::mask<Elems>: Elems must be 4..128, a power of 2");

 public:
  static constexpr unsigned size() { return Elems; }

  mask() = default;
  explicit mask(bool all) {
    if (all) bits_.set();
  }

  bool test(unsigned i) const { return bits_[i]; }
  void set(unsigned i) { bits_.set(i); }
  void clear(unsigned i) { bits_.reset(i); }
  void set(unsigned i, bool value) { bits_.set(i, value); }
  unsigned count() const { return static_cast<unsigned>(bits_.count()); }
  bool empty() const { return bits_.none(); }
  bool full() const { return bits_.all(); }

  // Words of 32 lanes, lane 0 in bit 0, as the real API's to_uint32/from_uint32.
  static mask from_uint32(std::uint32_t w) {
    mask m;
    for (unsigned i = 0; i < Elems && i < 32; ++i) m.bits_.set(i, (w >> i) & 1u);
    return m;
  }
  static mask from_uint64(std::uint64_t w) {
    mask m;
    for (unsigned i = 0; i < Elems && i < 64; ++i) m.bits_.set(i, (w >> i) & 1u);
    return m;
  }
  std::uint32_t to_uint32(unsigned word = 0) const {
    std::uint32_t w = 0;
    for (unsigned i = 0; i < 32 && word * 32 + i < Elems; ++i)
      w |= static_cast<std::uint32_t>(bits_[word * 32 + i]) << i;
    return w;
  }
  std::uint64_t to_uint64(unsigned word = 0) const {
    std::uint64_t w = 0;
    for (unsigned i = 0; i < 64 && word * 64 + i < Elems; ++i)
      w |= static_cast<std::uint64_t>(bits_[word * 64 + i]) << i;
    return w;
  }

  mask operator&(const mask& o) const { return mask(bits_ & o.bits_); }
  mask operator|(const mask& o) const { return mask(bits_ | o.bits_); }
  mask operator^(const mask& o) const { return mask(bits_ ^ o.bits_); }
  mask operator~() const { return mask(~bits_); }
  bool operator==(const mask& o) const { return bits_ == o.bits_; }

 private:
  explicit mask(const std::bitset<Elems>& b) : bits_(b) {}
  std::bitset<Elems> bits_;
};

}  // namespace aie
