// The tile-array emulator: runs a Design with host buffers. Workers run their core functions on
// the host AIE API, each with its own aie::host::core_state (control registers, op counters);
// fifo acquire/release follow the hardware's lock semantics; DMA channels move exactly the bytes
// the access patterns describe, in order; the runtime sequence runs as the host command stream.
// When nothing can progress the run stops at once and reports who waits on what (deadlock).
//
//   auto d = ...build a design...;
//   emu::Buffers bufs = {emu::to_bytes(input), emu::Buffer(output_bytes)};
//   emu::RunResult r = emu::run(d, bufs);          // bufs[1] now holds the drained output
//   if (r.status == emu::Status::deadlock) std::puts(r.diagnosis.c_str());
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "xdna/design/design.hpp"
#include "xdna/design/plan.hpp"
#include "xdna/emu/record.hpp"

namespace xdna::emu {

using Buffer = std::vector<std::byte>;
using Buffers = std::vector<Buffer>;  // one per runtime argument, sized to its TensorType

template <typename T>
Buffer to_bytes(std::span<const T> values) {
  Buffer b(values.size_bytes());
  if (!b.empty()) std::memcpy(b.data(), values.data(), b.size());
  return b;
}
template <typename T>
Buffer to_bytes(const std::vector<T>& values) {
  return to_bytes(std::span<const T>(values));
}
template <typename T>
std::vector<T> from_bytes(const Buffer& b) {
  std::vector<T> v(b.size() / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), b.data(), v.size() * sizeof(T));
  return v;
}

struct RunOptions {
  // Workers executing at the same time (host threads doing kernel work); 0 = all host cores.
  int host_threads = 0;
  bool validate = true;  // refuse (DeviceLimitError) a design that fails validate()
  bool record = true;    // keep per-event records (kernel calls, transfers, locks)
  // Stop and report as a hang when the run takes longer (a worker spinning without acquiring
  // cannot be seen as blocked). 0 = no limit.
  double timeout_seconds = 0;
};

enum class Status { completed, deadlock, timeout };

// One actor that could not progress when the run stopped.
struct Blocked {
  Actor actor;
  std::string what;  // full sentence: who, which fifo, which lock and its value
};

struct RunResult {
  Status status = Status::completed;
  std::string diagnosis;         // deadlock/timeout: one line per blocked actor
  std::vector<Blocked> blocked;  // the same, structured
  design::Plan plan;             // the layout that ran (tiles, rings, channels, lock names)
  RunRecord record;
  double wall_seconds = 0;  // measured on this host
};

// Throws DeviceLimitError (validation), InputError (buffer count/size), xdna::Error when a worker
// throws (message names the worker and tile). Deadlock/timeout are results, not exceptions.
RunResult run(const design::Design& design, Buffers& buffers, const RunOptions& options = {});

// FNV-1a 64 over the bytes of the given buffers (the CLI's output checksum).
std::uint64_t checksum(const Buffers& buffers, const std::vector<int>& which);

}  // namespace xdna::emu
