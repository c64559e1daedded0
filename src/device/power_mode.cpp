// Power mode change as a plan: GET_INFO first, SET_STATE only when asked to apply.
#include "xdna/device/power_mode.hpp"

namespace xdna::device {

PowerModeChange change_power_mode(Amdxdna& driver, uapi::PowerMode requested, bool apply) {
  PowerModeChange c;
  c.requested = requested;
  auto now = driver.power_mode();
  c.before = now.value;
  c.before_unsupported = now.unsupported;
  if (!apply) return c;
  driver.set_power_mode(requested);
  c.applied = true;
  c.after = driver.power_mode().value;
  return c;
}

}  // namespace xdna::device
