// Checks a design against its device model and returns EVERY problem at once. Each diagnostic
// names the rule, the tile, the fifo or buffer, and the numbers involved, e.g.
//   [memory] tile (0,2): buffers need 66560 B but a core tile has 65536 B (fifo 'a' 2x16384 B,
//            fifo 'b' 2x16384 B, stack 1024 B)
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "xdna/design/design.hpp"

namespace xdna::design {

// Rules, one per kind of device limit or design mistake.
enum class Rule {
  device,          // the device model is a preview or empty
  partition,       // a tile outside the partition
  placement,       // wrong tile kind for the role (worker off a core row, link off a mem tile)
  structure,       // fifo/link/port/runtime references that do not fit together
  memory,          // tile memory: buffers x depth + core stack
  bank,            // buffers do not fit the memory banks
  locks,           // lock count per tile, lock value range (depth)
  bds,             // buffer descriptors per tile
  dma_channels,    // DMA channels per tile and direction
  access_pattern,  // dims, wrap/step/iteration limits, length, 4-byte granularity, bounds
  reach,           // a core using memory it cannot reach
};
std::string_view to_string(Rule r);

struct Diagnostic {
  Rule rule = Rule::structure;
  std::optional<TileId> tile;
  std::string item;               // fifo / buffer / worker / runtime op the problem is about
  std::string message;            // full sentence with the numbers
  std::string to_string() const;  // "[rule] message"
};

std::vector<Diagnostic> validate(const Design& design);

// Throws xdna::DeviceLimitError listing every diagnostic when validate() finds any.
void require_valid(const Design& design);

}  // namespace xdna::design
