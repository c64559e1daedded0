// An access pattern turned into byte runs, and the gather/scatter that DMA channels use to move
// part of a stream through it. Contiguous dimensions are merged so a linear transfer is one
// memcpy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "xdna/design/types.hpp"

namespace xdna::emu::detail {

struct BytePattern {
  std::int64_t offset = 0;  // bytes
  std::uint64_t run = 0;    // contiguous bytes per innermost run
  std::vector<std::pair<std::int64_t, std::int64_t>>
      dims;                 // (count, stride bytes), innermost first
  std::uint64_t total = 0;  // bytes in the stream

  // `p` in elements of `elem_bytes`; an empty pattern covers `whole_bytes` linearly.
  static BytePattern make(const design::AccessPattern& p, std::size_t elem_bytes,
                          std::uint64_t whole_bytes);
  bool contiguous() const { return dims.empty(); }
};

// Copies stream bytes [pos, pos+n) of the pattern over `base` into `dst` (gather) or from
// `src` into the pattern (scatter).
void gather(const std::byte* base, const BytePattern& p, std::uint64_t pos, std::uint64_t n,
            std::byte* dst);
void scatter(std::byte* base, const BytePattern& p, std::uint64_t pos, std::uint64_t n,
             const std::byte* src);

}  // namespace xdna::emu::detail
