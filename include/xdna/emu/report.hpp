// Renders a built-in design's run (status, match, checksum, counters per core and per DMA
// channel, measured host wall-clock) as text for people or one JSON object for scripts, and a
// validation / resource summary of a design.
#pragma once

#include <string>
#include <vector>

#include "xdna/design/validate.hpp"
#include "xdna/emu/builtin.hpp"

namespace xdna::emu {

std::string run_report_text(const BuiltinCase& c, const BuiltinOutcome& o);
std::string run_report_json(const BuiltinCase& c, const BuiltinOutcome& o);

// Per-tile use of memory, locks, BDs and DMA channels against the device's limits, then the
// diagnostics (if any).
std::string validation_report_text(const design::Design& d,
                                   const std::vector<design::Diagnostic>& diags);
std::string validation_report_json(const design::Design& d,
                                   const std::vector<design::Diagnostic>& diags);

}  // namespace xdna::emu
