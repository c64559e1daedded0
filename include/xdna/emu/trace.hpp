// Chrome trace-event JSON (opens in Perfetto and chrome://tracing) from a run: one process per
// tile, a thread for the core and one per DMA channel; kernel calls and DMA transfers as
// complete ("X") events, lock waits as "X" events named "wait <lock>", event0/event1 as instant
// ("i") events. Timestamps are host wall-clock microseconds (measured, not projected).
#pragma once

#include <string>

#include "xdna/design/design.hpp"
#include "xdna/emu/emulator.hpp"

namespace xdna::emu {

std::string chrome_trace_json(const design::Design& design, const RunResult& result);
// Writes the JSON; throws SystemError naming the path when it cannot.
void write_chrome_trace(const std::string& path, const design::Design& design,
                        const RunResult& result);

}  // namespace xdna::emu
