// Backend names and the errors for backends that cannot run an operator here.
#include "xdna/ops/backend.hpp"

#include <string>

#include "xdna/common/error.hpp"

namespace xdna::ops {

Backend parse_backend(std::string_view name) {
  if (name == "cpu") return Backend::cpu;
  if (name == "emu") return Backend::emu;
  if (name == "npu") return Backend::npu;
  throw InputError("unknown backend '" + std::string(name) + "': expected cpu, emu or npu");
}

std::string to_string(Backend b) {
  switch (b) {
    case Backend::cpu:
      return "cpu";
    case Backend::emu:
      return "emu";
    case Backend::npu:
      return "npu";
  }
  return "unknown";
}

void throw_npu_unavailable(std::string_view op) {
  throw Error("backend npu: no NPU runtime is available on this machine (operator " +
              std::string(op) +
              "); run it with --backend cpu, or --backend emu to execute the NPU kernels on the "
              "emulator");
}

void throw_emu_unavailable(std::string_view op) {
  throw Error("backend emu: emulator backend not available for " + std::string(op) +
              " yet; use --backend cpu");
}

}  // namespace xdna::ops
