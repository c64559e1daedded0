// Public entry points of the emulator.
#include "xdna/emu/emulator.hpp"

#include "engine.hpp"

namespace xdna::emu {

RunResult run(const design::Design& design, Buffers& buffers, const RunOptions& options) {
  detail::Engine engine(design, buffers, options);
  return engine.run();
}

std::uint64_t checksum(const Buffers& buffers, const std::vector<int>& which) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64
  for (int i : which)
    for (std::byte b : buffers.at(static_cast<std::size_t>(i))) {
      h ^= static_cast<std::uint64_t>(b);
      h *= 0x100000001b3ull;
    }
  return h;
}

}  // namespace xdna::emu
