// Reads the device facts the timing model needs from the device model (see device_rates.hpp).
#include "xdna/timing/device_rates.hpp"

#include <limits>
#include <optional>
#include <string>

#include "xdna/common/error.hpp"

namespace xdna::timing {

namespace {
using aie::host::mac_kind;

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void set_rate(DeviceRates& r, mac_kind k, double rate) {
  r.macs_per_cycle[static_cast<std::size_t>(k)] = rate;
}
}  // namespace

std::vector<std::string> power_mode_names() {
  return {"default", "performance", "turbo", "balanced", "powersaver", "driver-max"};
}

DeviceRates device_rates(const arch::Device& device, std::string_view power_mode,
                         const TimingParams& params) {
  DeviceRates r;
  r.device = device.name;
  r.power_mode = std::string(power_mode);
  if (power_mode == "driver-max") {
    if (!device.clock.driver_max_mhz) {
      throw InputError("timing: device '" + device.name +
                       "' has no driver clock ceiling in its device model; choose one of: " +
                       joined(power_mode_names()));
    }
    r.clock_mhz = *device.clock.driver_max_mhz;
    r.clock_source = "driver DPM table ceiling";
  } else {
    bool known = false;
    for (const auto& name : power_mode_names()) known = known || name == power_mode;
    if (!known) {
      throw InputError("timing: unknown power mode '" + std::string(power_mode) +
                       "'; choose one of: " + joined(power_mode_names()));
    }
    for (const auto& p : device.clock.measured) {
      if (p.label == power_mode) {
        r.clock_mhz = p.mhz;
        r.clock_source = p.source;
      }
    }
    if (r.clock_mhz <= 0) {
      throw InputError("timing: device '" + device.name + "' has no clock for power mode '" +
                       std::string(power_mode) +
                       "' in its device model (nothing public); projections need one");
    }
  }
  r.load_bits = device.vector_load_bits;
  r.store_bits = device.vector_load_bits;  // one 256-bit store unit (FACTS §1)
  // A rate the device model does not hold stays NaN; kernel_cost() refuses kernels that need it.
  const double unknown = std::numeric_limits<double>::quiet_NaN();
  const auto rate = [&](const std::optional<int>& v) { return v ? double(*v) : unknown; };
  set_rate(r, mac_kind::i8_i8, rate(device.macs.i8_i8));
  set_rate(r, mac_kind::i16_i8, rate(device.macs.i16_i8));
  set_rate(r, mac_kind::i16_i16, rate(device.macs.i16_i16));
  set_rate(r, mac_kind::i32_i16, rate(device.macs.i16_i16) * params.i32_i16_rate_vs_i16_i16);
  set_rate(r, mac_kind::bf16_bf16, rate(device.macs.bf16_bf16));
  set_rate(r, mac_kind::fp32, rate(device.macs.bf16_bf16) / params.fp32_mac_bf16_passes);
  return r;
}

}  // namespace xdna::timing
