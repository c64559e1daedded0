// Timing model, part 3 of 4: cycles of one kernel call on one core, from its op counters.
//
// An AIE2 core issues one VLIW bundle per cycle with slots for two vector loads, one vector store,
// one multiplier (MAC) op, one vector ALU op, one shuffle and scalar work (FACTS §1). Each unit's
// busy cycles follow from what the host AIE API counted: operations, bits moved (a 512-bit load
// occupies both 256-bit load units) and MACs per operand class at the device's rate.
//   - A software-pipelined kernel (its loops marked for pipelining; the compiler overlaps the
//     units) costs the busiest unit: max over units.
//   - Otherwise the units do not overlap: the sum over units.
// Both add kernel_call_cycles for what the counters cannot see (call, loop set-up, pipeline fill).
#pragma once

#include <array>
#include <string_view>

#include <aie_api/detail/core_state.hpp>

#include "xdna/timing/device_rates.hpp"
#include "xdna/timing/params.hpp"

namespace xdna::timing {

using aie::host::kUnitCount;
using aie::host::op_counters;
using aie::host::unit;

std::string_view to_string(unit u);

struct KernelCost {
  std::array<double, kUnitCount> unit_cycles{};  // busy cycles per functional unit
  double issue_cycles = 0;                       // max (pipelined) or sum (not) of unit_cycles
  double overhead_cycles = 0;                    // kernel_call_cycles
  double total_cycles = 0;                       // issue + overhead
  unit bound = unit::scalar;                     // the busiest unit
};

KernelCost kernel_cost(const op_counters& ops, bool pipelined, const DeviceRates& rates,
                       const TimingParams& params);

}  // namespace xdna::timing
