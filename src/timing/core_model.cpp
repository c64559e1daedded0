// Cycles of one kernel call from its op counters (see core_model.hpp).
#include "xdna/timing/core_model.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "xdna/common/error.hpp"

namespace xdna::timing {

namespace {
using aie::host::kMacKindCount;
using aie::host::mac_kind;

const char* mac_kind_name(std::size_t k) {
  static const char* names[] = {"i8_i8", "i16_i8", "i16_i16", "i32_i16", "bf16_bf16", "fp32"};
  return k < kMacKindCount ? names[k] : "?";
}

double ratio(std::uint64_t amount, double per_cycle) {
  return static_cast<double>(amount) / per_cycle;
}
}  // namespace

std::string_view to_string(unit u) {
  switch (u) {
    case unit::load:
      return "load";
    case unit::store:
      return "store";
    case unit::vector_alu:
      return "vector_alu";
    case unit::multiplier:
      return "multiplier";
    case unit::shuffle:
      return "shuffle";
    case unit::scalar:
      return "scalar";
    case unit::count_:
      break;
  }
  return "?";
}

KernelCost kernel_cost(const op_counters& ops, bool pipelined, const DeviceRates& rates,
                       const TimingParams& params) {
  KernelCost c;
  auto at = [&](unit u) -> double& { return c.unit_cycles[static_cast<std::size_t>(u)]; };
  // Every unit issues at most one operation per cycle; wide operations take more than one slot.
  at(unit::load) = std::max(ratio(ops.ops_of(unit::load), rates.load_units),
                            ratio(ops.bits_of(unit::load), rates.load_units * rates.load_bits));
  at(unit::store) = std::max(ratio(ops.ops_of(unit::store), rates.store_units),
                             ratio(ops.bits_of(unit::store), rates.store_units * rates.store_bits));
  at(unit::vector_alu) = std::max(ratio(ops.ops_of(unit::vector_alu), 1),
                                  ratio(ops.bits_of(unit::vector_alu), rates.vector_bits));
  at(unit::shuffle) = std::max(ratio(ops.ops_of(unit::shuffle), 1),
                               ratio(ops.bits_of(unit::shuffle), rates.vector_bits));
  at(unit::scalar) = ratio(ops.ops_of(unit::scalar), 1);
  double mac_cycles = 0;
  for (std::size_t k = 0; k < kMacKindCount; ++k) {
    if (ops.macs[k] == 0) continue;
    const double rate = rates.macs_per_cycle[k];
    if (!(rate > 0)) {
      throw InputError("timing: a kernel issued " + std::to_string(ops.macs[k]) + " " +
                       mac_kind_name(k) + " MACs but device '" + rates.device +
                       "' has no public rate for them in its device model");
    }
    mac_cycles += ratio(ops.macs[k], rate);
  }
  at(unit::multiplier) = std::max(ratio(ops.ops_of(unit::multiplier), 1), mac_cycles);

  double busiest = -1;
  for (std::size_t u = 0; u < kUnitCount; ++u) {
    if (c.unit_cycles[u] > busiest) {
      busiest = c.unit_cycles[u];
      c.bound = static_cast<unit>(u);
    }
    c.issue_cycles =
        pipelined ? std::max(c.issue_cycles, c.unit_cycles[u]) : c.issue_cycles + c.unit_cycles[u];
  }
  c.overhead_cycles = params.kernel_call_cycles;
  c.total_cycles = c.issue_cycles + c.overhead_cycles;
  return c;
}

}  // namespace xdna::timing
