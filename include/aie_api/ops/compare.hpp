// Comparisons (lt, le, gt, ge, eq, neq -> aie::mask), whole-vector equality, and select.
//
// bfloat16/float lanes compare as IEEE values: -0 equals +0, and every ordered comparison and
// eq with a NaN lane is false (neq true). select(a, b, m): lane i = m[i] ? b[i] : a[i].
#pragma once

#include <type_traits>

#include "../detail/core_state.hpp"
#include "../detail/lanes.hpp"
#include "../mask.hpp"
#include "../vector.hpp"

namespace aie {

#define XDNA_AIE_COMPARE(name, op)                                                 \
  template <typename T, unsigned N>                                                \
  XDNA_AIE_INLINE mask<N> name(const vector<T, N>& a, const vector<T, N>& b) {     \
    host::count(host::unit::vector_alu, vector<T, N>::bits());                     \
    return detail::compare2(a, b, [](auto x, auto y) { return x op y; });          \
  }                                                                                \
  template <typename T, unsigned N>                                                \
  XDNA_AIE_INLINE mask<N> name(const vector<T, N>& a, std::type_identity_t<T> b) { \
    return name(a, detail::splat<T, N>(b));                                        \
  }                                                                                \
  template <typename T, unsigned N>                                                \
  XDNA_AIE_INLINE mask<N> name(std::type_identity_t<T> a, const vector<T, N>& b) { \
    return name(detail::splat<T, N>(a), b);                                        \
  }
XDNA_AIE_COMPARE(lt, <)
XDNA_AIE_COMPARE(le, <=)
XDNA_AIE_COMPARE(gt, >)
XDNA_AIE_COMPARE(ge, >=)
XDNA_AIE_COMPARE(eq, ==)
XDNA_AIE_COMPARE(neq, !=)
#undef XDNA_AIE_COMPARE

// True when every lane compares equal (eq on all lanes).
template <typename T, unsigned N>
XDNA_AIE_INLINE bool equal(const vector<T, N>& a, const vector<T, N>& b) {
  return eq(a, b).full();
}
template <typename T, unsigned N>
XDNA_AIE_INLINE bool not_equal(const vector<T, N>& a, const vector<T, N>& b) {
  return !equal(a, b);
}

// select(a, b, m): lane i = m[i] ? b[i] : a[i]. Either operand may be a scalar.
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> select(const vector<T, N>& a, const vector<T, N>& b,
                                    const mask<N>& m) {
  host::count(host::unit::vector_alu, vector<T, N>::bits());
  vector<T, N> out;
  const detail::raw_t<T>* pa = detail::raw(a.data());
  const detail::raw_t<T>* pb = detail::raw(b.data());
  const std::uint8_t* pm = m.data();
  detail::raw_t<T>* po = detail::raw(out.data());
  for (unsigned i = 0; i < N; ++i) po[i] = pm[i] ? pb[i] : pa[i];
  return out;
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> select(std::type_identity_t<T> a, const vector<T, N>& b,
                                    const mask<N>& m) {
  return select(detail::splat<T, N>(a), b, m);
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> select(const vector<T, N>& a, std::type_identity_t<T> b,
                                    const mask<N>& m) {
  return select(a, detail::splat<T, N>(b), m);
}
// Both scalars: the result width comes from the mask.
template <typename T, unsigned N>
requires detail::is_vector_elem<T> XDNA_AIE_INLINE vector<T, N> select(T a, T b, const mask<N>& m) {
  return select(detail::splat<T, N>(a), detail::splat<T, N>(b), m);
}

}  // namespace aie
