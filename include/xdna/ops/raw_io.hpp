// Raw little-endian binary files of vectors and matrices (the `xdna run` file format): no header,
// elements back to back. Errors name the file, its size and what was expected.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace xdna::ops {

// Reads a whole file of `elem_size`-byte elements; `expected` = 0 accepts any whole count >= 1.
std::vector<std::byte> read_raw_file(const std::string& path, std::size_t elem_size,
                                     std::size_t expected, const std::string& what);

template <typename T>
std::vector<T> read_raw(const std::string& path, std::size_t expected, const std::string& what) {
  const auto bytes = read_raw_file(path, sizeof(T), expected, what);
  std::vector<T> v(bytes.size() / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), bytes.data(), bytes.size());
  return v;
}

void write_raw_file(const std::string& path, std::span<const std::byte> bytes);

template <typename T>
void write_raw(const std::string& path, std::span<const T> values) {
  write_raw_file(path, std::as_bytes(values));
}

}  // namespace xdna::ops
