// Element types, tensor types and access patterns of dataflow designs (IRON's vocabulary:
// tensor types for fifo elements and runtime buffers, TensorAccessPattern for DMA transfers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xdna::design {

enum class DType { i8, u8, i16, u16, i32, u32, bf16, f32 };
std::size_t size_of(DType t);
std::string_view to_string(DType t);
DType parse_dtype(std::string_view name);  // throws InputError naming the value

// A dense tensor: element type and shape (row-major). Fifo elements and runtime buffers.
struct TensorType {
  DType dtype = DType::i32;
  std::vector<std::int64_t> shape;
  std::int64_t count() const;
  std::size_t bytes() const { return static_cast<std::size_t>(count()) * size_of(dtype); }
  std::string to_string() const;  // "bf16[64x64]"
};

// Addresses a DMA visits, in elements of the buffer's dtype: offset, then up to 4 (size, stride)
// pairs, OUTERMOST FIRST (as IRON's TensorAccessPattern and mlir-aie's npu_dma_memcpy_nd write
// them). Element i of the stream comes from offset + sum_d idx_d * stride_d. An empty pattern
// means "the whole buffer, linearly". Stride 0 repeats data (for example the outermost dim
// re-sending a tile).
struct AccessPattern {
  std::int64_t offset = 0;
  std::vector<std::int64_t> sizes;
  std::vector<std::int64_t> strides;

  static AccessPattern linear(std::int64_t count, std::int64_t offset = 0);
  bool empty() const { return sizes.empty(); }
  std::int64_t count() const;      // elements visited (product of sizes)
  std::int64_t max_index() const;  // largest element index visited (offset included)
  std::int64_t min_index() const;  // smallest (strides may be negative in principle)
  std::string to_string() const;   // "offset 0, sizes [4,32,32], strides [32,128,1]"
};

}  // namespace xdna::design
