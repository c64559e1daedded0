// Timing model, part 3 of 4 (continued): cycles of one DMA transfer (one fifo element) on one hop.
//
// A hop moves an element from a sender tile's MM2S channel to a receiver tile's S2MM channel over
// the stream switch. Its rate is the slower end's: stream_bytes_per_cycle between array tiles,
// shim_ddr_bytes_per_cycle where one end is host memory (the shim). Every element pays a BD set-up;
// an element written to host memory also waits for the write to complete (shim_write_element).
#pragma once

#include <cstdint>

#include "xdna/arch/device.hpp"
#include "xdna/timing/params.hpp"

namespace xdna::timing {

// Sender and receiver tile kinds; arch::TileKind::shim stands for host memory behind the shim.
double hop_cycles(std::uint64_t bytes, arch::TileKind from, arch::TileKind to,
                  const TimingParams& params);

}  // namespace xdna::timing
