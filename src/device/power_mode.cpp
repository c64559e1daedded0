// Power mode change as a plan: GET_INFO first, SET_STATE only when asked to apply.
#include "xdna/device/power_mode.hpp"

#include "xdna/common/error.hpp"

namespace xdna::device {

PowerModeChange change_power_mode(Amdxdna& driver, uapi::PowerMode requested, bool apply) {
  PowerModeChange c;
  c.requested = requested;
  try {
    auto now = driver.power_mode();
    c.before = now.value;
    c.before_unsupported = now.unsupported;
  } catch (const SystemError& e) {
    // The dry run exists to report the mode, so it fails. Applying does not need it: a driver
    // reporting a mode this tool does not know can still be set to one it does.
    if (!apply) throw;
    c.before_unsupported = e.what();
  }
  if (!apply) return c;
  driver.set_power_mode(requested);
  c.applied = true;
  c.after = driver.power_mode().value;
  return c;
}

}  // namespace xdna::device
