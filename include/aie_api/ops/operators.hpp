// aie::operators: the operator spellings of the API functions, enabled in kernels with
// `using namespace aie::operators;` (as in AMD's aie_api). Comparisons return aie::mask.
#pragma once

#include "accumulate.hpp"
#include "compare.hpp"
#include "elementwise.hpp"
#include "load_store.hpp"

namespace aie::operators {

#define XDNA_AIE_BINARY_OP(op, fn)                                                     \
  template <typename T, unsigned N>                                                    \
  XDNA_AIE_INLINE auto operator op(const vector<T, N>& a, const vector<T, N>& b) {     \
    return ::aie::fn(a, b);                                                            \
  }                                                                                    \
  template <typename T, unsigned N>                                                    \
  XDNA_AIE_INLINE auto operator op(const vector<T, N>& a, std::type_identity_t<T> b) { \
    return ::aie::fn(a, b);                                                            \
  }                                                                                    \
  template <typename T, unsigned N>                                                    \
  XDNA_AIE_INLINE auto operator op(std::type_identity_t<T> a, const vector<T, N>& b) { \
    return ::aie::fn(a, b);                                                            \
  }
XDNA_AIE_BINARY_OP(+, add)
XDNA_AIE_BINARY_OP(-, sub)
XDNA_AIE_BINARY_OP(<, lt)
XDNA_AIE_BINARY_OP(<=, le)
XDNA_AIE_BINARY_OP(>, gt)
XDNA_AIE_BINARY_OP(>=, ge)
XDNA_AIE_BINARY_OP(==, eq)
XDNA_AIE_BINARY_OP(!=, neq)
XDNA_AIE_BINARY_OP(&, bit_and)
XDNA_AIE_BINARY_OP(|, bit_or)
XDNA_AIE_BINARY_OP(^, bit_xor)
#undef XDNA_AIE_BINARY_OP

template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> operator-(const vector<T, N>& a) {
  return ::aie::neg(a);
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> operator~(const vector<T, N>& a) {
  return ::aie::bit_not(a);
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> operator<<(const vector<T, N>& a, unsigned s) {
  return ::aie::upshift(a, s);
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> operator>>(const vector<T, N>& a, unsigned s) {
  return ::aie::downshift(a, s);
}

template <typename T, unsigned N, typename R>
XDNA_AIE_INLINE vector<T, N>& operator+=(vector<T, N>& a, const R& b) {
  return a = ::aie::add(a, b);
}
template <typename T, unsigned N, typename R>
XDNA_AIE_INLINE vector<T, N>& operator-=(vector<T, N>& a, const R& b) {
  return a = ::aie::sub(a, b);
}
template <typename T, unsigned N, typename R>
XDNA_AIE_INLINE vector<T, N>& operator&=(vector<T, N>& a, const R& b) {
  return a = ::aie::bit_and(a, b);
}
template <typename T, unsigned N, typename R>
XDNA_AIE_INLINE vector<T, N>& operator|=(vector<T, N>& a, const R& b) {
  return a = ::aie::bit_or(a, b);
}
template <typename T, unsigned N, typename R>
XDNA_AIE_INLINE vector<T, N>& operator^=(vector<T, N>& a, const R& b) {
  return a = ::aie::bit_xor(a, b);
}

// Compound assignment through a vector iterator (`*it += v`) loads, operates, stores.
template <typename T, unsigned N, typename R>
XDNA_AIE_INLINE vector_ref<T, N>& operator+=(vector_ref<T, N>&& a, const R& b) {
  return a = ::aie::add(a.value(), b);
}
template <typename T, unsigned N, typename R>
XDNA_AIE_INLINE vector_ref<T, N>& operator-=(vector_ref<T, N>&& a, const R& b) {
  return a = ::aie::sub(a.value(), b);
}
template <typename T, unsigned N, typename R>
XDNA_AIE_INLINE vector_ref<T, N>& operator&=(vector_ref<T, N>&& a, const R& b) {
  return a = ::aie::bit_and(a.value(), b);
}
template <typename T, unsigned N, typename R>
XDNA_AIE_INLINE vector_ref<T, N>& operator|=(vector_ref<T, N>&& a, const R& b) {
  return a = ::aie::bit_or(a.value(), b);
}
template <typename T, unsigned N, typename R>
XDNA_AIE_INLINE vector_ref<T, N>& operator^=(vector_ref<T, N>&& a, const R& b) {
  return a = ::aie::bit_xor(a.value(), b);
}

// Accumulators: +, - with accumulators or vectors, unary -, and the compound forms.
template <typename Tag, unsigned N, typename R>
XDNA_AIE_INLINE accum<Tag, N> operator+(const accum<Tag, N>& a, const R& b) {
  return ::aie::add(a, b);
}
template <typename Tag, unsigned N, typename R>
XDNA_AIE_INLINE accum<Tag, N> operator-(const accum<Tag, N>& a, const R& b) {
  return ::aie::sub(a, b);
}
template <typename Tag, unsigned N>
XDNA_AIE_INLINE accum<Tag, N> operator-(const accum<Tag, N>& a) {
  return ::aie::neg(a);
}
template <typename Tag, unsigned N, typename R>
XDNA_AIE_INLINE accum<Tag, N>& operator+=(accum<Tag, N>& a, const R& b) {
  return a = ::aie::add(a, b);
}
template <typename Tag, unsigned N, typename R>
XDNA_AIE_INLINE accum<Tag, N>& operator-=(accum<Tag, N>& a, const R& b) {
  return a = ::aie::sub(a, b);
}

}  // namespace aie::operators
