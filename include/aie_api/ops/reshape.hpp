// Lane movement: concat, reverse, shuffle_up/shuffle_down and their _fill/_rotate/_replicate
// forms, shift_bytes, interleave_zip/interleave_unzip, filter_even/filter_odd.
//
// The vacated lanes follow how the AIE2 aie_api builds each shuffle from the byte-shift
// instruction (docs/AIE_API.md "Shuffles"): shuffle_down of a 512-bit vector shifts the vector
// concatenated with itself, so the vacated top lanes hold the wrapped-around bottom lanes; for
// 128/256/1024-bit vectors, and for shuffle_up, they are zero on the host.
#pragma once

#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "../accum.hpp"
#include "../detail/core_state.hpp"
#include "../detail/lanes.hpp"
#include "../vector.hpp"

namespace aie {

namespace detail {
[[noreturn]] inline void bad_lane_arg(const char* what, unsigned value, unsigned limit) {
  throw std::out_of_range(std::string(what) + ": " + std::to_string(value) + " is outside [0, " +
                          std::to_string(limit) + "]");
}
inline void check_lane_arg(const char* what, unsigned value, unsigned limit) {
  if (value > limit) [[unlikely]]
    bad_lane_arg(what, value, limit);
}
inline void check_chunk(const char* what, unsigned chunk, unsigned elems) {
  if (chunk == 0 || chunk > elems || (chunk & (chunk - 1)) != 0) [[unlikely]] {
    throw std::out_of_range(std::string(what) + ": chunk/step " + std::to_string(chunk) +
                            " must be a power of two in [1, " + std::to_string(elems) + "]");
  }
}
// out[i] = concat(lo, hi)[i + n] for i < N (n <= N).
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> window(const vector<T, N>& lo, const vector<T, N>& hi, unsigned n) {
  vector<T, N> out;
  const T* pl = lo.data();
  const T* ph = hi.data();
  T* po = out.data();
  for (unsigned i = 0; i < N; ++i) po[i] = i + n < N ? pl[i + n] : ph[i + n - N];
  host::count(host::unit::shuffle, vector<T, N>::bits());
  return out;
}
}  // namespace detail

// concat(a, b, ...): lanes of a, then of b, ... (the total must be a legal vector width).
template <typename T, unsigned N, typename... Rest>
requires(std::is_convertible_v<const Rest&, const vector<T, N>&>&&...)
    XDNA_AIE_INLINE vector<T, N*(1 + sizeof...(Rest))> concat(const vector<T, N>& first,
                                                              const Rest&... rest) {
  vector<T, N*(1 + sizeof...(Rest))> out;
  unsigned idx = 0;
  out.insert(idx++, first);
  (out.insert(idx++, static_cast<const vector<T, N>&>(rest)), ...);
  host::count(host::unit::shuffle, vector<T, N*(1 + sizeof...(Rest))>::bits());
  return out;
}

// concat of accumulators: lanes of a, then of b, ... (a legal accumulator width).
template <typename Tag, unsigned N, typename... Rest>
requires(std::is_same_v<Rest, accum<Tag, N>>&&...)
    XDNA_AIE_INLINE accum<Tag, N*(1 + sizeof...(Rest))> concat(const accum<Tag, N>& first,
                                                               const Rest&... rest) {
  accum<Tag, N*(1 + sizeof...(Rest))> out;
  unsigned idx = 0;
  out.insert(idx++, first);
  (out.insert(idx++, rest), ...);
  host::count(host::unit::shuffle, accum<Tag, N*(1 + sizeof...(Rest))>::bits());
  return out;
}

template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> reverse(const vector<T, N>& v) {
  vector<T, N> out;
  for (unsigned i = 0; i < N; ++i) out.data()[i] = v.data()[N - 1 - i];
  host::count(host::unit::shuffle, vector<T, N>::bits());
  return out;
}

// shift_bytes(a, b, s): the bytes of concat(a, b) starting at byte s (0 <= s <= bytes of a).
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> shift_bytes(const vector<T, N>& a, const vector<T, N>& b, unsigned s) {
  constexpr unsigned kBytes = N * sizeof(T);
  detail::check_lane_arg("aie::shift_bytes: byte shift", s, kBytes);
  unsigned char both[2 * kBytes];
  std::memcpy(both, a.data(), kBytes);
  std::memcpy(both + kBytes, b.data(), kBytes);
  vector<T, N> out;
  std::memcpy(out.data(), both + s, kBytes);
  host::count(host::unit::shuffle, vector<T, N>::bits());
  return out;
}

// shuffle_down_fill(v, fill, n): lane i = concat(v, fill)[i + n].
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> shuffle_down_fill(const vector<T, N>& v, const vector<T, N>& fill,
                                               unsigned n) {
  detail::check_lane_arg("aie::shuffle_down_fill: n", n, N);
  return detail::window(v, fill, n);
}
// shuffle_down(v, n): lane i = v[i + n]; vacated lanes wrap around for 512-bit vectors, are
// zero otherwise (see the header comment).
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> shuffle_down(const vector<T, N>& v, unsigned n) {
  detail::check_lane_arg("aie::shuffle_down: n", n, N);
  if constexpr (vector<T, N>::bits() == 512) {
    return detail::window(v, v, n);
  } else {
    return detail::window(v, vector<T, N>(), n);
  }
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> shuffle_down_rotate(const vector<T, N>& v, unsigned n) {
  detail::check_lane_arg("aie::shuffle_down_rotate: n", n, N);
  return detail::window(v, v, n);
}
// shuffle_down_replicate(v, n): vacated lanes repeat the last lane.
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> shuffle_down_replicate(const vector<T, N>& v, unsigned n) {
  detail::check_lane_arg("aie::shuffle_down_replicate: n", n, N);
  return detail::window(v, detail::splat<T, N>(v.data()[N - 1]), n);
}

// shuffle_up_fill(v, fill, n): lane i = i < n ? fill[N - n + i] : v[i - n].
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> shuffle_up_fill(const vector<T, N>& v, const vector<T, N>& fill,
                                             unsigned n) {
  detail::check_lane_arg("aie::shuffle_up_fill: n", n, N);
  return detail::window(fill, v, N - n);
}
// shuffle_up(v, n): lane i = v[i - n]; the n vacated low lanes are zero.
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> shuffle_up(const vector<T, N>& v, unsigned n) {
  detail::check_lane_arg("aie::shuffle_up: n", n, N);
  return detail::window(vector<T, N>(), v, N - n);
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> shuffle_up_rotate(const vector<T, N>& v, unsigned n) {
  detail::check_lane_arg("aie::shuffle_up_rotate: n", n, N);
  return detail::window(v, v, (N - n) % N);
}
// shuffle_up_replicate(v, n): vacated lanes repeat lane 0.
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> shuffle_up_replicate(const vector<T, N>& v, unsigned n) {
  detail::check_lane_arg("aie::shuffle_up_replicate: n", n, N);
  return detail::window(detail::splat<T, N>(v.data()[0]), v, N - n);
}

// interleave_zip(a, b, chunk): the sequence a[0:c] b[0:c] a[c:2c] b[c:2c] ...; first = its low
// N lanes, second = its high N lanes.
template <typename T, unsigned N>
XDNA_AIE_INLINE std::pair<vector<T, N>, vector<T, N>> interleave_zip(const vector<T, N>& a,
                                                                     const vector<T, N>& b,
                                                                     unsigned chunk) {
  detail::check_chunk("aie::interleave_zip", chunk, N);
  T seq[2 * N];
  for (unsigned i = 0; i < 2 * N; ++i) {
    const unsigned group = i / chunk, within = i % chunk;
    const unsigned src = (group / 2) * chunk + within;
    seq[i] = (group % 2 == 0) ? a.data()[src] : b.data()[src];
  }
  std::pair<vector<T, N>, vector<T, N>> out;
  std::memcpy(out.first.data(), seq, sizeof(T) * N);
  std::memcpy(out.second.data(), seq + N, sizeof(T) * N);
  host::count(host::unit::shuffle, 2 * vector<T, N>::bits());
  return out;
}

// interleave_unzip(a, b, chunk): of concat(a, b) cut into chunks of c lanes, first = the even
// chunks, second = the odd chunks (the inverse of interleave_zip).
template <typename T, unsigned N>
XDNA_AIE_INLINE std::pair<vector<T, N>, vector<T, N>> interleave_unzip(const vector<T, N>& a,
                                                                       const vector<T, N>& b,
                                                                       unsigned chunk) {
  detail::check_chunk("aie::interleave_unzip", chunk, N);
  std::pair<vector<T, N>, vector<T, N>> out;
  for (unsigned i = 0; i < N; ++i) {
    const unsigned group = i / chunk, within = i % chunk;
    const unsigned even = 2 * group * chunk + within, odd = even + chunk;
    out.first.data()[i] = even < N ? a.data()[even] : b.data()[even - N];
    out.second.data()[i] = odd < N ? a.data()[odd] : b.data()[odd - N];
  }
  host::count(host::unit::shuffle, 2 * vector<T, N>::bits());
  return out;
}

// filter_even(v, step): the even groups of `step` lanes (v[0:s], v[2s:3s], ...), N/2 lanes.
// filter_odd: the odd groups.
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N / 2> filter_even(const vector<T, N>& v, unsigned step = 1) {
  detail::check_chunk("aie::filter_even", step, N / 2);
  vector<T, N / 2> out;
  for (unsigned i = 0; i < N / 2; ++i) out.data()[i] = v.data()[2 * (i / step) * step + i % step];
  host::count(host::unit::shuffle, vector<T, N>::bits());
  return out;
}
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N / 2> filter_odd(const vector<T, N>& v, unsigned step = 1) {
  detail::check_chunk("aie::filter_odd", step, N / 2);
  vector<T, N / 2> out;
  for (unsigned i = 0; i < N / 2; ++i)
    out.data()[i] = v.data()[(2 * (i / step) + 1) * step + i % step];
  host::count(host::unit::shuffle, vector<T, N>::bits());
  return out;
}

}  // namespace aie

namespace aie {

// transpose(v, row, col): v read as a row x col row-major matrix, returned transposed (col x row,
// row-major). row * col must equal the lane count.
template <typename T, unsigned N>
XDNA_AIE_INLINE vector<T, N> transpose(const vector<T, N>& v, unsigned row, unsigned col) {
  if (row * col != N) [[unlikely]] {
    throw std::out_of_range("aie::transpose: " + std::to_string(row) + " x " + std::to_string(col) +
                            " does not match " + std::to_string(N) + " lanes");
  }
  vector<T, N> out;
  const detail::raw_t<T>* in = detail::raw(v.data());
  detail::raw_t<T>* po = detail::raw(out.data());
  for (unsigned r = 0; r < row; ++r)
    for (unsigned c = 0; c < col; ++c) po[c * row + r] = in[r * col + c];
  host::count(host::unit::shuffle, vector<T, N>::bits());
  return out;
}

}  // namespace aie
