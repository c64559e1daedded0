// Public entry points of the emulator.
#include "xdna/emu/emulator.hpp"
#include "xdna/common/fnv1a.hpp"

#include <cmath>
#include <string>

#include "engine.hpp"
#include "xdna/common/error.hpp"

namespace xdna::emu {

RunResult run(const design::Design& design, Buffers& buffers, const RunOptions& options) {
  // Refuse nonsense limits instead of reading them as "no limit" (a NaN timeout never fires).
  if (options.host_threads < 0)
    throw InputError("emulator host threads (--threads) = " + std::to_string(options.host_threads) +
                     " must be >= 0 (0 = all host cores)");
  if (!(options.timeout_seconds >= 0) || std::isinf(options.timeout_seconds))
    throw InputError("emulator timeout (--timeout) = " + std::to_string(options.timeout_seconds) +
                     " s must be a finite number >= 0 (0 = no limit)");
  detail::Engine engine(design, buffers, options);
  return engine.run();
}

std::uint64_t checksum(const Buffers& buffers, const std::vector<int>& which) {
  std::uint64_t h = kFnv1aOffsetBasis;
  for (int i : which) h = fnv1a64(buffers.at(static_cast<std::size_t>(i)), h);
  return h;
}

}  // namespace xdna::emu
