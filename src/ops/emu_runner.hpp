// Running one design on the emulator for an operator (internal to ops/): errors become
// xdna::Error naming the design, and the run's figures accumulate into last_emulator_run().
#pragma once

#include "xdna/design/design.hpp"
#include "xdna/emu/emulator.hpp"
#include "xdna/ops/backend.hpp"

namespace xdna::ops::emu_support {

// Starts a new operator call's figures (clears last_emulator_run()).
void begin_operator();

// Runs `d` with `buffers`; throws xdna::Error (with the emulator's diagnosis) unless it
// completed.
void run(const design::Design& d, xdna::emu::Buffers& buffers);

// a + b (designs listed in order, counts and times summed).
EmulatorRunInfo combined(const EmulatorRunInfo& a, const EmulatorRunInfo& b);

// Replaces the figures (an operator that ran several operator-level steps sums them itself).
void set_last_run(const EmulatorRunInfo& info);

}  // namespace xdna::ops::emu_support
