// Where an operator runs. Every operator in ops/ takes one Backend argument; the same call gives
// the same bits on every backend where the operation is bit-exactly defined.
#pragma once

#include <string>
#include <string_view>

namespace xdna::ops {

enum class Backend {
  cpu,  // native vectorised, multi-threaded host code
  emu,  // the NPU kernels in a dataflow design on the tile-array emulator
  npu,  // the real device (not available on machines without one)
};

// "cpu" | "emu" | "npu"; throws xdna::InputError naming the value otherwise.
Backend parse_backend(std::string_view name);
std::string to_string(Backend b);

}  // namespace xdna::ops
