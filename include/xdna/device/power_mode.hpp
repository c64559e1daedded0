// device/ — changing the NPU power mode as a plan: read the mode now in effect, and only when the
// caller asks to apply it issue SET_STATE and read the result back. Changing system state is a
// dry run unless told otherwise (the same rule as firmware install / rollback).
#pragma once

#include <optional>
#include <string>

#include "xdna/device/amdxdna.hpp"
#include "xdna/device/uapi.hpp"

namespace xdna::device {

struct PowerModeChange {
  uapi::PowerMode requested = uapi::PowerMode::kDefault;
  // The mode in effect before any change; empty when the driver cannot report it (the reason is
  // in `before_unsupported`).
  std::optional<uapi::PowerMode> before;
  std::string before_unsupported;
  bool applied = false;  // SET_STATE was issued and accepted
  // After applying: the mode the driver reports now; empty when it cannot say.
  std::optional<uapi::PowerMode> after;
  // True when the dry run would not change anything (the requested mode is already in effect).
  bool already_in_effect() const { return before && *before == requested; }
};

// Reads the current power mode (GET_INFO only). With `apply`, then issues SET_STATE for
// `requested` and reads the mode back; SET_STATE errors propagate from Amdxdna::set_power_mode
// (root only, unsupported by an old driver). Without `apply` no SET_STATE is ever issued, and a
// mode that cannot be read (SystemError: an unknown mode, a failed GET_INFO) propagates; with
// `apply` it goes into `before_unsupported` and the mode is set all the same.
PowerModeChange change_power_mode(Amdxdna& driver, uapi::PowerMode requested, bool apply);

}  // namespace xdna::device
