// Host buffers for kernel calls: kernels load and store whole 512-bit registers, and checked
// builds verify the alignment, so the buffers handed to them are 64-byte aligned.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace xdna::kref {

template <typename T, std::size_t Alignment = 64>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() = default;
  template <typename U>
  AlignedAllocator(const AlignedAllocator<U, Alignment>&) {}  // NOLINT: rebinding
  template <typename U>
  struct rebind {
    using other = AlignedAllocator<U, Alignment>;
  };
  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{Alignment}));
  }
  void deallocate(T* p, std::size_t) { ::operator delete (p, std::align_val_t{Alignment}); }
  bool operator==(const AlignedAllocator&) const { return true; }
};

template <typename T>
using aligned_vector = std::vector<T, AlignedAllocator<T>>;

}  // namespace xdna::kref
