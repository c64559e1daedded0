// The blocked matrix layout of the GEMM micro-kernels (kernels.h): a rows x cols matrix cut into
// block_rows x block_cols blocks, row-major inside each block and across the block grid. These
// helpers convert from and to ordinary row-major storage; on the NPU a design's DMA access
// pattern does the same reordering.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace xdna::kref {

// Offset of element (i, j) in the blocked layout.
inline std::size_t blocked_offset(std::size_t i, std::size_t j, std::size_t cols,
                                  std::size_t block_rows, std::size_t block_cols) {
  const std::size_t blocks_per_row = cols / block_cols;
  const std::size_t block = (i / block_rows) * blocks_per_row + (j / block_cols);
  return block * block_rows * block_cols + (i % block_rows) * block_cols + (j % block_cols);
}

inline void check_blockable(std::size_t size, std::size_t rows, std::size_t cols,
                            std::size_t block_rows, std::size_t block_cols) {
  if (block_rows == 0 || block_cols == 0 || rows % block_rows != 0 || cols % block_cols != 0 ||
      size != rows * cols)
    throw std::invalid_argument("blocked layout: a " + std::to_string(rows) + " x " +
                                std::to_string(cols) + " matrix of " + std::to_string(size) +
                                " elements does not split into " + std::to_string(block_rows) +
                                " x " + std::to_string(block_cols) + " blocks");
}

template <typename T>
std::vector<T> to_blocked(std::span<const T> row_major, std::size_t rows, std::size_t cols,
                          std::size_t block_rows, std::size_t block_cols) {
  check_blockable(row_major.size(), rows, cols, block_rows, block_cols);
  std::vector<T> out(row_major.size());
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j)
      out[blocked_offset(i, j, cols, block_rows, block_cols)] = row_major[i * cols + j];
  return out;
}

template <typename T>
std::vector<T> from_blocked(std::span<const T> blocked, std::size_t rows, std::size_t cols,
                            std::size_t block_rows, std::size_t block_cols) {
  check_blockable(blocked.size(), rows, cols, block_rows, block_cols);
  std::vector<T> out(blocked.size());
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j)
      out[i * cols + j] = blocked[blocked_offset(i, j, cols, block_rows, block_cols)];
  return out;
}

}  // namespace xdna::kref
