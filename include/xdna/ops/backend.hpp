// Where an operator runs. Every operator in ops/ takes one Backend argument; the same call gives
// the same bits on every backend where the operation is bit-exactly defined.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xdna::ops {

enum class Backend {
  cpu,  // native vectorised, multi-threaded host code
  emu,  // the NPU kernels in a dataflow design on the tile-array emulator
  npu,  // the real device (not available on machines without one)
};

// "cpu" | "emu" | "npu"; throws xdna::InputError naming the value otherwise.
Backend parse_backend(std::string_view name);
std::string to_string(Backend b);

// What the emulator did for the most recent Backend::emu operator call on this thread (an
// operator may run several designs, e.g. a matmul blocked into pieces: the figures add up).
// Wall time is MEASURED on this host; projected_us is the timing model's PROJECTED NPU time
// (npu1, default power mode), summed over the designs run.
struct EmulatorRunInfo {
  std::vector<std::string> designs;  // names of the designs run
  std::size_t runs = 0;              // emulator runs
  std::uint64_t kernel_calls = 0;
  std::uint64_t dma_bytes = 0;  // bytes moved by every DMA channel
  std::size_t cores = 0;        // workers of the largest design
  double host_wall_seconds = 0;
  double projected_us = 0;
  bool projected = false;  // false when the timing model could not project a run
};
const EmulatorRunInfo& last_emulator_run();

// Thrown by every operator called with Backend::npu: this build has no NPU runtime path yet.
[[noreturn]] void throw_npu_unavailable(std::string_view op);
// Thrown by operators whose emulator path does not exist (names the operator).
[[noreturn]] void throw_emu_unavailable(std::string_view op);

}  // namespace xdna::ops
