// Element types, tensor types and access patterns.
#include "xdna/design/types.hpp"

#include <algorithm>

#include "xdna/common/error.hpp"

namespace xdna::design {

std::size_t size_of(DType t) {
  switch (t) {
    case DType::i8:
    case DType::u8:
      return 1;
    case DType::i16:
    case DType::u16:
    case DType::bf16:
      return 2;
    case DType::i32:
    case DType::u32:
    case DType::f32:
      return 4;
  }
  return 0;
}

std::string_view to_string(DType t) {
  switch (t) {
    case DType::i8:
      return "i8";
    case DType::u8:
      return "u8";
    case DType::i16:
      return "i16";
    case DType::u16:
      return "u16";
    case DType::i32:
      return "i32";
    case DType::u32:
      return "u32";
    case DType::bf16:
      return "bf16";
    case DType::f32:
      return "f32";
  }
  return "?";
}

DType parse_dtype(std::string_view name) {
  for (DType t : {DType::i8, DType::u8, DType::i16, DType::u16, DType::i32, DType::u32, DType::bf16,
                  DType::f32})
    if (to_string(t) == name) return t;
  throw InputError("unknown dtype '" + std::string(name) +
                   "'; expected one of i8, u8, i16, u16, i32, u32, bf16, f32");
}

std::int64_t TensorType::count() const {
  std::int64_t n = 1;
  for (auto s : shape) n *= s;
  return n;
}

std::string TensorType::to_string() const {
  std::string s = std::string(design::to_string(dtype)) + "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? "x" : "") + std::to_string(shape[i]);
  return s + "]";
}

AccessPattern AccessPattern::linear(std::int64_t count, std::int64_t offset) {
  return AccessPattern{offset, {count}, {1}};
}

std::int64_t AccessPattern::count() const {
  std::int64_t n = 1;
  for (auto s : sizes) n *= s;
  return n;
}

std::int64_t AccessPattern::max_index() const {
  std::int64_t m = offset;
  for (std::size_t d = 0; d < sizes.size() && d < strides.size(); ++d)
    if (sizes[d] > 0 && strides[d] > 0) m += (sizes[d] - 1) * strides[d];
  return m;
}

std::int64_t AccessPattern::min_index() const {
  std::int64_t m = offset;
  for (std::size_t d = 0; d < sizes.size() && d < strides.size(); ++d)
    if (sizes[d] > 0 && strides[d] < 0) m += (sizes[d] - 1) * strides[d];
  return m;
}

std::string AccessPattern::to_string() const {
  auto list = [](const std::vector<std::int64_t>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
    return s + "]";
  };
  return "offset " + std::to_string(offset) + ", sizes " + list(sizes) + ", strides " +
         list(strides);
}

}  // namespace xdna::design
