// Cycles of one fifo element's DMA hop (see dma_model.hpp).
#include "xdna/timing/dma_model.hpp"

#include <algorithm>

namespace xdna::timing {

double hop_cycles(std::uint64_t bytes, arch::TileKind from, arch::TileKind to,
                  const TimingParams& params) {
  using arch::TileKind;
  // The slower end sets the rate: host memory behind a shim is slower than the stream switch.
  double rate = params.stream_bytes_per_cycle;
  if (from == TileKind::shim || to == TileKind::shim)
    rate = std::min(rate, params.shim_ddr_bytes_per_cycle);
  double cycles = params.bd_setup_cycles + static_cast<double>(bytes) / rate;
  if (to == TileKind::shim) cycles += params.shim_write_element_cycles;
  return cycles;
}

}  // namespace xdna::timing
