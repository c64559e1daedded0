// Timing model, part 2 of 4: the device facts it uses, read from the device model.
//
// DeviceRates is the timing model's view of one arch::Device at one clock: multiply-accumulate
// rates per operand class, load/store widths and the clock. Everything here is read from
// include/xdna/arch/device.hpp (FACTS §1); the only derived values are the two MAC classes the
// device model leaves unset (fp32, int32 x int16), which TimingParams prices explicitly.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <aie_api/detail/core_state.hpp>

#include "xdna/arch/device.hpp"
#include "xdna/timing/params.hpp"

namespace xdna::timing {

// The clock settings a projection can assume: the platform profiles someone measured on a
// Phoenix (FACTS §1: default / performance / turbo 1.80 GHz, balanced 1.03, powersaver 0.80).
// `driver-max` is the driver's DPM ceiling (1.6 GHz on npu1).
std::vector<std::string> power_mode_names();

struct DeviceRates {
  std::string device;        // "npu1"
  std::string power_mode;    // "default", "balanced", ...
  double clock_mhz = 0;      // NPU clock assumed for this projection
  std::string clock_source;  // where that clock comes from
  int load_units = 2;        // FACTS §1: two load units, one store unit per bundle
  int store_units = 1;
  int load_bits = 256;  // per load/store unit per cycle (arch::Device::vector_load_bits)
  int store_bits = 256;
  int vector_bits = 512;  // native vector register width (FACTS §2)
  // MACs per cycle per core for each aie::host::mac_kind.
  std::array<double, aie::host::kMacKindCount> macs_per_cycle{};

  double cycles_from_us(double us) const { return us * clock_mhz; }
  double us_from_cycles(double cycles) const { return cycles / clock_mhz; }
};

// Reads the device model. Throws xdna::InputError for an unknown power mode (listing the known
// ones) or when the device model has no clock for the mode. MAC rates the device model does
// not hold are NaN (kernel_cost() refuses kernels that use them).
DeviceRates device_rates(const arch::Device& device, std::string_view power_mode,
                         const TimingParams& params);

}  // namespace xdna::timing
