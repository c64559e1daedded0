// Cycles of a kernel call from its op counters, checked against counts worked out by hand from
// the unit widths of FACTS §1 (two 256-bit load units, one 256-bit store unit, MAC rates).
#include <gtest/gtest.h>

#include "xdna/arch/device.hpp"
#include "xdna/common/error.hpp"
#include "xdna/timing/core_model.hpp"

namespace xdna::timing {
namespace {

using aie::host::mac_kind;

void add(op_counters& c, unit u, std::uint64_t ops, std::uint64_t bits_each) {
  c.ops[static_cast<std::size_t>(u)] += ops;
  c.bits[static_cast<std::size_t>(u)] += ops * bits_each;
}

TimingParams no_overhead() {
  TimingParams p;
  p.kernel_call_cycles = 0;
  return p;
}

TEST(CoreModel, TwoLoadUnitsHalveTheLoadCycles) {
  const DeviceRates r = device_rates(arch::npu1(), "default", no_overhead());
  op_counters c;
  add(c, unit::load, 100, 256);  // 100 loads of 256 bits: 50 cycles on two units
  EXPECT_DOUBLE_EQ(kernel_cost(c, true, r, no_overhead()).total_cycles, 50.0);
  op_counters wide;
  add(wide, unit::load, 100, 512);  // a 512-bit load takes both units: 100 cycles
  EXPECT_DOUBLE_EQ(kernel_cost(wide, true, r, no_overhead()).total_cycles, 100.0);
}

TEST(CoreModel, MacRatePerOperandClassComesFromTheDevice) {
  const DeviceRates r = device_rates(arch::npu1(), "default", no_overhead());
  op_counters c;
  c.ops[static_cast<std::size_t>(unit::multiplier)] = 10;
  c.macs[static_cast<std::size_t>(mac_kind::i16_i16)] = 6400;  // 64 per cycle -> 100 cycles
  EXPECT_DOUBLE_EQ(kernel_cost(c, true, r, no_overhead()).total_cycles, 100.0);
  op_counters i8;
  i8.ops[static_cast<std::size_t>(unit::multiplier)] = 10;
  i8.macs[static_cast<std::size_t>(mac_kind::i8_i8)] = 6400;  // 256 per cycle -> 25 cycles
  EXPECT_DOUBLE_EQ(kernel_cost(i8, true, r, no_overhead()).total_cycles, 25.0);
}

TEST(CoreModel, PipelinedTakesTheBusiestUnitOtherwiseTheSum) {
  const DeviceRates r = device_rates(arch::npu1(), "default", no_overhead());
  op_counters c;
  add(c, unit::load, 64, 256);       // 32 cycles
  add(c, unit::store, 40, 256);      // 40 cycles
  add(c, unit::vector_alu, 8, 512);  // 8 cycles
  const KernelCost pipelined = kernel_cost(c, true, r, no_overhead());
  EXPECT_DOUBLE_EQ(pipelined.total_cycles, 40.0);
  EXPECT_EQ(pipelined.bound, unit::store);
  EXPECT_DOUBLE_EQ(kernel_cost(c, false, r, no_overhead()).total_cycles, 80.0);
}

TEST(CoreModel, CallOverheadIsAddedOncePerCall) {
  TimingParams p;
  p.kernel_call_cycles = 123;
  const DeviceRates r = device_rates(arch::npu1(), "default", p);
  EXPECT_DOUBLE_EQ(kernel_cost(op_counters{}, true, r, p).total_cycles, 123.0);
}

TEST(CoreModel, MacsWithoutAPublicRateAreRefused) {
  arch::Device d = arch::npu1();
  d.macs.i16_i16.reset();
  const DeviceRates r = device_rates(d, "default", TimingParams{});
  op_counters c;
  c.macs[static_cast<std::size_t>(mac_kind::i16_i16)] = 64;
  EXPECT_THROW(kernel_cost(c, true, r, TimingParams{}), InputError);
}

TEST(DeviceRates, ClockFollowsThePowerMode) {
  const TimingParams p;
  EXPECT_DOUBLE_EQ(device_rates(arch::npu1(), "default", p).clock_mhz, 1800.0);
  EXPECT_DOUBLE_EQ(device_rates(arch::npu1(), "balanced", p).clock_mhz, 1030.0);
  EXPECT_DOUBLE_EQ(device_rates(arch::npu1(), "powersaver", p).clock_mhz, 800.0);
  EXPECT_DOUBLE_EQ(device_rates(arch::npu1(), "driver-max", p).clock_mhz, 1600.0);
}

TEST(DeviceRates, UnknownPowerModeListsTheKnownOnes) {
  try {
    device_rates(arch::npu1(), "warp", TimingParams{});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("warp"), std::string::npos);
    EXPECT_NE(what.find("balanced"), std::string::npos);
  }
}

}  // namespace
}  // namespace xdna::timing
