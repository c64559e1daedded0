// Vector loads and stores, and the vector iterators kernels walk buffers with.
//
// load_v/store_v need the address aligned to aie::vector_ldst_align_v<T, N> (the vector's size
// up to 32 bytes on AIE2); load_unaligned_v/store_unaligned_v only to the element (times
// `aligned_elems`). Checked builds (debug, asan) verify alignment and buffer bounds through
// XDNA_AIE_CHECK_ACCESS; release builds compile to a plain copy.
#pragma once

#include <cstddef>
#include <cstring>
#include <iterator>

#include "../detail/access_check.hpp"
#include "../detail/core_state.hpp"
#include "../vector.hpp"

namespace aie {

namespace detail {
template <typename T, unsigned Elems>
XDNA_AIE_INLINE vector<T, Elems> load_checked(const T* ptr, std::size_t alignment,
                                              const char* what) {
  XDNA_AIE_CHECK_ACCESS(ptr, sizeof(T) * Elems, alignment, what);
  (void)alignment;
  (void)what;
  vector<T, Elems> v;
  std::memcpy(v.data(), ptr, sizeof(T) * Elems);
  host::count(host::unit::load, vector<T, Elems>::bits());
  return v;
}
template <typename T, unsigned Elems>
XDNA_AIE_INLINE void store_checked(T* ptr, const vector<T, Elems>& v, std::size_t alignment,
                                   const char* what) {
  XDNA_AIE_CHECK_ACCESS(ptr, sizeof(T) * Elems, alignment, what);
  (void)alignment;
  (void)what;
  std::memcpy(ptr, v.data(), sizeof(T) * Elems);
  host::count(host::unit::store, vector<T, Elems>::bits());
}
}  // namespace detail

// load_v<N>(p): N lanes from an aligned address.
template <unsigned Elems, typename T>
XDNA_AIE_INLINE vector<T, Elems> load_v(const T* ptr) {
  return detail::load_checked<T, Elems>(ptr, vector_ldst_align_v<T, Elems>, "load_v");
}
// load_v(p): a native (512-bit) vector.
template <typename T>
requires detail::is_vector_elem<T> XDNA_AIE_INLINE vector<T, native_vector_length_v<T>> load_v(
    const T* ptr) {
  return load_v<native_vector_length_v<T>>(ptr);
}

// load_unaligned_v<N>(p, aligned_elems): the address only needs element alignment times
// `aligned_elems` (the real API uses the hint to pick a cheaper instruction sequence).
template <unsigned Elems, typename T>
XDNA_AIE_INLINE vector<T, Elems> load_unaligned_v(const T* ptr, unsigned aligned_elems = 1) {
  return detail::load_checked<T, Elems>(ptr, sizeof(T) * aligned_elems, "load_unaligned_v");
}
template <typename T>
requires detail::is_vector_elem<T> XDNA_AIE_INLINE vector<T, native_vector_length_v<T>>
load_unaligned_v(const T* ptr, unsigned aligned_elems = 1) {
  return load_unaligned_v<native_vector_length_v<T>>(ptr, aligned_elems);
}

// store_v(p, v): writes all lanes of v to an aligned address; returns p (as the real API).
template <typename T, unsigned Elems>
XDNA_AIE_INLINE T* store_v(T* ptr, const vector<T, Elems>& v) {
  detail::store_checked(ptr, v, vector_ldst_align_v<T, Elems>, "store_v");
  return ptr;
}
template <typename T, unsigned Elems>
XDNA_AIE_INLINE T* store_unaligned_v(T* ptr, const vector<T, Elems>& v,
                                     unsigned aligned_elems = 1) {
  detail::store_checked(ptr, v, sizeof(T) * aligned_elems, "store_unaligned_v");
  return ptr;
}

// A reference to a vector in memory, what dereferencing a mutable vector iterator yields. It
// *is* an aie::vector holding the lanes at the address (so `auto v = *it` and
// `aie::max(*it, w)` work as with the real API), and assigning to it stores them back.
// Cost accounting: the lanes are read when the reference is made, but the read is reported as
// a load only if the reference was never assigned to, so `*out++ = v` counts one store and
// `v = *in++` one load. A reference is not meant to be copied (it is a prvalue of the iterator).
template <typename T, unsigned Elems>
class vector_ref : public vector<T, Elems> {
 public:
  using vector_type = vector<T, Elems>;

  explicit vector_ref(T* ptr) : ptr_(ptr) {
    XDNA_AIE_CHECK_ACCESS(ptr, sizeof(T) * Elems, (vector_ldst_align_v<T, Elems>),
                          "vector iterator access");
    std::memcpy(this->data(), ptr, sizeof(T) * Elems);
  }
  vector_ref(const vector_ref&) = delete;
  ~vector_ref() {
    if (!stored_ && !read_) host::count(host::unit::load, vector_type::bits());
  }

  // The lanes, reported as a load now (used by read-modify-write: `*it += v`).
  XDNA_AIE_INLINE const vector_type& value() {
    if (!read_) host::count(host::unit::load, vector_type::bits());
    read_ = true;
    return *this;
  }

  XDNA_AIE_INLINE vector_ref& operator=(const vector_type& v) {
    detail::store_checked(ptr_, v, vector_ldst_align_v<T, Elems>, "vector iterator store");
    std::memcpy(this->data(), v.data(), sizeof(T) * Elems);
    stored_ = true;
    return *this;
  }
  XDNA_AIE_INLINE vector_ref& operator=(const vector_ref& other) {
    return *this = static_cast<const vector_type&>(other);
  }

 private:
  T* ptr_;
  bool stored_ = false;
  bool read_ = false;
};

// Random-access iterator over consecutive N-lane vectors of a buffer (begin_vector and
// begin_restrict_vector; `restrict` is only an aliasing promise to the AIE compiler).
template <typename T, unsigned Elems>
class vector_iterator {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = vector<std::remove_const_t<T>, Elems>;
  using difference_type = std::ptrdiff_t;
  static constexpr bool is_const = std::is_const_v<T>;
  using reference = std::conditional_t<is_const, value_type, vector_ref<T, Elems>>;

  vector_iterator() = default;
  explicit vector_iterator(T* ptr) : ptr_(ptr) {}

  XDNA_AIE_INLINE reference operator*() const {
    if constexpr (is_const) {
      return load_v<Elems>(ptr_);
    } else {
      return vector_ref<T, Elems>(ptr_);
    }
  }
  XDNA_AIE_INLINE reference operator[](difference_type i) const { return *(*this + i); }

  XDNA_AIE_INLINE vector_iterator& operator++() {
    ptr_ += Elems;
    return *this;
  }
  XDNA_AIE_INLINE vector_iterator operator++(int) {
    vector_iterator old = *this;
    ptr_ += Elems;
    return old;
  }
  XDNA_AIE_INLINE vector_iterator& operator--() {
    ptr_ -= Elems;
    return *this;
  }
  XDNA_AIE_INLINE vector_iterator operator--(int) {
    vector_iterator old = *this;
    ptr_ -= Elems;
    return old;
  }
  XDNA_AIE_INLINE vector_iterator& operator+=(difference_type n) {
    ptr_ += n * static_cast<difference_type>(Elems);
    return *this;
  }
  XDNA_AIE_INLINE vector_iterator& operator-=(difference_type n) {
    ptr_ -= n * static_cast<difference_type>(Elems);
    return *this;
  }
  friend vector_iterator operator+(vector_iterator it, difference_type n) { return it += n; }
  friend vector_iterator operator+(difference_type n, vector_iterator it) { return it += n; }
  friend vector_iterator operator-(vector_iterator it, difference_type n) { return it -= n; }
  friend difference_type operator-(const vector_iterator& a, const vector_iterator& b) {
    return (a.ptr_ - b.ptr_) / static_cast<difference_type>(Elems);
  }
  friend bool operator==(const vector_iterator& a, const vector_iterator& b) {
    return a.ptr_ == b.ptr_;
  }
  friend bool operator!=(const vector_iterator& a, const vector_iterator& b) {
    return a.ptr_ != b.ptr_;
  }
  friend bool operator<(const vector_iterator& a, const vector_iterator& b) {
    return a.ptr_ < b.ptr_;
  }

  T* ptr() const { return ptr_; }

 private:
  T* ptr_ = nullptr;
};

template <unsigned Elems, typename T>
XDNA_AIE_INLINE vector_iterator<T, Elems> begin_vector(T* ptr) {
  return vector_iterator<T, Elems>(ptr);
}
template <unsigned Elems, typename T>
XDNA_AIE_INLINE vector_iterator<T, Elems> begin_restrict_vector(T* ptr) {
  return vector_iterator<T, Elems>(ptr);
}
template <unsigned Elems, typename T>
XDNA_AIE_INLINE vector_iterator<const T, Elems> cbegin_vector(const T* ptr) {
  return vector_iterator<const T, Elems>(ptr);
}
template <unsigned Elems, typename T>
XDNA_AIE_INLINE vector_iterator<const T, Elems> cbegin_restrict_vector(const T* ptr) {
  return vector_iterator<const T, Elems>(ptr);
}

}  // namespace aie
