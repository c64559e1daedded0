// The resources a design uses on each tile, derived deterministically from the Design: element
// buffers placed in tile memory (bank by bank, the core stack included), lock pairs, DMA
// channels and buffer descriptors. validate() checks the plan against the device model; the
// emulator runs on exactly this layout, so what is validated is what runs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "xdna/design/design.hpp"

namespace xdna::design {

inline constexpr std::uint32_t kCoreStackBytes = 1024;  // Peano's default core stack (FACTS §1)
inline constexpr std::uint32_t kBufferAlignment = 32;   // one 256-bit load

enum class DmaDir { s2mm, mm2s };  // stream->memory (into the tile), memory->stream (out)
std::string_view to_string(DmaDir d);

// One buffer in a tile's data memory.
struct PlacedBuffer {
  PlacedBuffer() = default;
  PlacedBuffer(std::string n, std::uint32_t b) : name(std::move(n)), bytes(b) {}
  std::string name;  // "fifo 'in' [1]", "stack", "rtp 'frac'", "local 'acc'"
  std::uint32_t bytes = 0;
  std::uint32_t offset = 0;  // valid when placed
  int bank = -1;             // first bank; -1 = did not fit any bank
  bool placed = false;
};

// A part of an element with its own lock pair (a whole element, or one part of a split/join).
struct Segment {
  std::uint32_t offset = 0;  // bytes inside the element
  std::uint32_t bytes = 0;
  int prod_lock = -1;  // lock ids on the ring's tile
  int cons_lock = -1;
};

// The element buffers of one fifo end (or of a mem-tile link) on one tile.
struct Ring {
  std::string name;
  TileId tile;
  std::uint32_t element_bytes = 0;
  int depth = 0;
  std::vector<int> slots;  // PlacedBuffer indices in the tile's buffer list, one per depth slot
  std::vector<Segment> segments;
};

// A DMA channel and what it does: one element (or segment sequence) per BD chain.
struct DmaChannel {
  TileId tile;
  DmaDir dir = DmaDir::s2mm;
  int channel = 0;
  int fifo = -1;              // the fifo whose data crosses this channel
  int ring = -1;              // ring it reads/writes (-1: shim, host memory)
  std::vector<int> segments;  // segments of the ring visited per element, in order
  AccessPattern dims;         // applied to each visited segment
  int bds = 0;                // buffer descriptors the channel needs
};

struct TilePlan {
  TileId tile;
  arch::TileKind kind = arch::TileKind::core;
  std::vector<PlacedBuffer> buffers;
  std::uint32_t bytes_used = 0;  // sum of buffer sizes (aligned)
  int locks = 0;
  std::vector<std::string> lock_names;  // by lock id: "in.prod", "in.cons", ...
  int s2mm = 0, mm2s = 0;
  int bds = 0;
  int bds_even = 0, bds_odd = 0;  // mem tiles: channels share two BD halves
};

// Where each fifo end lives.
struct EndPlan {
  int ring = -1;     // -1 for shim ends
  int channel = -1;  // DmaChannel index, -1 when a worker accesses the ring directly
};

struct Plan {
  std::map<TileId, TilePlan> tiles;
  std::vector<Ring> rings;
  std::vector<DmaChannel> channels;
  std::vector<EndPlan> producer;               // by fifo
  std::vector<std::vector<EndPlan>> consumer;  // by fifo, by consumer
  std::vector<PlacedBuffer> rtp_buffers;       // by runtime param: tile-memory placement
  std::vector<int> rtp_buffer_index;           // by runtime param: index in its tile's buffers
  std::vector<std::vector<int>> local_buffer_index;  // by worker, by local
  std::vector<int> shim_bds_peak;  // by column: shim BDs in flight in the busiest phase

  const TilePlan* tile(TileId t) const {
    auto it = tiles.find(t);
    return it == tiles.end() ? nullptr : &it->second;
  }
};

// Never throws on a bad design: items that cannot be placed are marked and left to validate().
Plan make_plan(const Design& design);

}  // namespace xdna::design
