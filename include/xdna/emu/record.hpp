// What an emulator run recorded, as a plain value: every kernel call with its op-counter delta,
// every DMA transfer (channel, tile, bytes, fifo element), every lock acquire/release with the
// actor that did it, event0/event1 markers and the runtime command stream. A global sequence
// number orders all entries, so a timing model can re-compose a timeline with its dependencies:
// a lock acquire that waited depends on the latest earlier release of the same lock.
//
// Times (`*_us`) are host wall-clock microseconds since the run started: MEASURED on the host,
// not an NPU projection. They are what the Chrome trace shows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <aie_api/detail/core_state.hpp>

#include "xdna/design/plan.hpp"

namespace xdna::emu {

using design::TileId;

// Who acted: a worker (index into Design::workers()), a DMA channel (index into
// Plan::channels) or the runtime command stream.
enum class ActorKind { worker, dma, runtime };
struct Actor {
  ActorKind kind = ActorKind::worker;
  int index = 0;
};

struct KernelCall {
  std::uint64_t begin_seq = 0, end_seq = 0;
  int worker = 0;
  TileId tile;
  std::string kernel;
  double begin_us = 0, end_us = 0;
  aie::host::op_counters ops;  // what this call did (delta of the core's counters)
};

// One element (core/mem tile side) or one runtime task (shim side) moved by one channel.
struct DmaTransfer {
  std::uint64_t begin_seq = 0, end_seq = 0;
  int channel = 0;  // index into Plan::channels (tile, direction, channel number, fifo)
  TileId tile;
  design::DmaDir dir = design::DmaDir::s2mm;
  int channel_number = 0;  // channel number on its tile
  int fifo = 0;
  std::int64_t element = 0;  // n-th element (or n-th runtime task on a shim) of this channel
  int slot = -1;             // ring slot (buffer) used, -1 for host memory
  std::uint64_t bytes = 0;
  double begin_us = 0, end_us = 0;
};

enum class LockOp { acquire, release };
struct LockEvent {
  std::uint64_t seq = 0;
  TileId tile;
  int lock = 0;      // lock id on the tile (Plan tile lock_names names it)
  std::string name;  // "in.cons" style
  Actor actor;
  LockOp op = LockOp::acquire;
  int amount = 1;
  int value_after = 0;
  double t_us = 0;
  double waited_us = 0;  // acquire only: time blocked before it was granted
};

struct EventMarker {
  std::uint64_t seq = 0;
  int worker = 0;
  TileId tile;
  int id = 0;  // 0 = event0(), 1 = event1()
  double t_us = 0;
};

struct RuntimeStep {
  std::uint64_t begin_seq = 0, end_seq = 0;
  int op = 0;  // index into Design::runtime_ops()
  double begin_us = 0, end_us = 0;
};

struct CoreCounters {
  int worker = 0;
  TileId tile;
  std::uint64_t kernel_calls = 0;
  aie::host::op_counters ops;  // sum over the worker's whole run (inside and outside calls)
  double lock_wait_us = 0;
};

struct ChannelCounters {
  int channel = 0;  // index into Plan::channels
  TileId tile;
  design::DmaDir dir = design::DmaDir::s2mm;
  int channel_number = 0;
  int fifo = 0;
  std::uint64_t bytes = 0;
  std::uint64_t transfers = 0;
};

struct RunRecord {
  std::vector<KernelCall> kernel_calls;
  std::vector<DmaTransfer> transfers;
  std::vector<LockEvent> locks;
  std::vector<EventMarker> events;
  std::vector<RuntimeStep> runtime;
  std::vector<CoreCounters> cores;        // one per worker
  std::vector<ChannelCounters> channels;  // one per DMA channel of the plan
};

}  // namespace xdna::emu
