// Public entry points of the emulator.
#include "xdna/emu/emulator.hpp"
#include "xdna/common/fnv1a.hpp"

#include "engine.hpp"

namespace xdna::emu {

RunResult run(const design::Design& design, Buffers& buffers, const RunOptions& options) {
  detail::Engine engine(design, buffers, options);
  return engine.run();
}

std::uint64_t checksum(const Buffers& buffers, const std::vector<int>& which) {
  std::uint64_t h = kFnv1aOffsetBasis;
  for (int i : which) h = fnv1a64(buffers.at(static_cast<std::size_t>(i)), h);
  return h;
}

}  // namespace xdna::emu
