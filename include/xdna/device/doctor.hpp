// device/ — `xdna doctor`: checks of everything between a fresh laptop and a running NPU (FACTS
// §7 symptom table). Each check reports pass / warn / fail / skip with what was found, why it
// matters and the exact fix. All input comes through a HostEnv (root directory, identity, PATH,
// memlock), so every check runs on fixture trees.
#pragma once

#include <string>
#include <vector>

#include "xdna/device/host.hpp"

namespace xdna::device {

enum class CheckStatus { kPass, kWarn, kFail, kSkip };
const char* check_status_name(CheckStatus s);  // "pass", "warn", "fail", "skip"

struct Check {
  std::string id;     // stable identifier ("firmware-files")
  std::string title;  // human title ("NPU firmware files")
  CheckStatus status = CheckStatus::kSkip;
  std::string found;  // what was observed
  std::string why;    // why it matters
  std::string fix;    // exact fix ("" for pass/skip)
};

struct DoctorReport {
  std::vector<Check> checks;
  bool any_fail() const;
  const Check* find(const std::string& id) const;  // first check with this id
};

DoctorReport run_doctor(const HostEnv& env);

std::string render_doctor_text(const DoctorReport& report);
std::string render_doctor_json(const DoctorReport& report);

}  // namespace xdna::device
