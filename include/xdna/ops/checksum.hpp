// The output checksum the CLI prints: FNV-1a 64 over the output's bytes in memory order
// (little-endian element bytes), offset basis 0xcbf29ce484222325, prime 0x100000001b3.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace xdna::ops {

std::uint64_t fnv1a64(std::span<const std::byte> bytes);

template <typename T>
std::uint64_t fnv1a64_of(std::span<const T> values) {
  return fnv1a64(std::as_bytes(values));
}

// "0x" followed by 16 lower-case hex digits.
std::string checksum_hex(std::uint64_t checksum);

}  // namespace xdna::ops
