// FNV-1a 64: the output checksum every command prints (emulator runs, operators). One definition
// so that `xdna emu run` and `xdna run` checksums of the same bytes agree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace xdna {

inline constexpr std::uint64_t kFnv1aOffsetBasis = 0xcbf29ce484222325ull;

// Continues a running FNV-1a 64 hash `h` over `bytes` (start with kFnv1aOffsetBasis).
inline std::uint64_t fnv1a64(std::span<const std::byte> bytes,
                             std::uint64_t h = kFnv1aOffsetBasis) {
  for (std::byte b : bytes) {
    h ^= static_cast<std::uint64_t>(b);
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace xdna
