// aie::vector<T, Elems>: a register-sized array of lanes. Storage is a plain array so that the
// host compiler can vectorise the per-lane loops of the operations; lanes start zeroed so that
// emulated runs are deterministic (the hardware leaves them undefined).
#pragma once

#include <array>
#include <cstddef>

#include "detail/legal.hpp"

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

  vector() : lanes_{} {}

  // Lane-by-lane construction, as in the real API: vector<int16, 8> v(1, 2, 3, 4, 5, 6, 7, 8).
  template <typename... Ts>
    requires(sizeof...(Ts) == Elems && Elems > 1)
  explicit vector(Ts... values) : lanes_{static_cast<T>(values)...} {}

  T get(unsigned i) const { return lanes_[i]; }
  vector& set(T value, unsigned i) {
    lanes_[i] = value;
    return *this;
  }
  T operator[](unsigned i) const { return lanes_[i]; }
  T& operator[](unsigned i) { return lanes_[i]; }

  // Host-only access to the lanes (used by the API implementation and tests).
  T* data() { return lanes_.data(); }
  const T* data() const { return lanes_.data(); }

 private:
  std::array<T, Elems> lanes_;
};

}  // namespace aie
