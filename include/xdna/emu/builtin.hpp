// The built-in designs of `xdna emu`: each one a design builder, deterministic input data and an
// independent host reference (scalar code written from the documented kernel semantics), so a
// run can report whether the emulated outputs equal the reference bit for bit.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "xdna/design/design.hpp"
#include "xdna/emu/emulator.hpp"

namespace xdna::emu {

using Params = std::map<std::string, std::string>;  // name -> value, as given on the CLI

struct ParamSpec {
  std::string name;
  std::string default_value;
  std::string help;
};

struct BuiltinCase {
  design::Design design;
  Buffers buffers;           // inputs filled, outputs zeroed, one per runtime argument
  std::vector<int> outputs;  // runtime arguments compared with the reference
  Buffers expected;          // reference bytes, one per entry of `outputs`
};

struct BuiltinDesign {
  std::string name;
  std::string summary;
  std::vector<ParamSpec> params;                   // always includes "device"
  bool deadlocks = false;                          // built to deadlock (for the diagnosis)
  std::function<BuiltinCase(const Params&)> make;  // design, input data and host reference
  // The design alone, with the same parameter checks (what validation needs: no data, no
  // reference, which for the GEMMs is O(M K N) host work).
  std::function<design::Design(const Params&)> design;
};

const std::vector<BuiltinDesign>& builtin_designs();
// Throws InputError listing the known names.
const BuiltinDesign& find_builtin(std::string_view name);

struct BuiltinOutcome {
  RunResult run;
  bool match = false;          // completed and every output equals the reference bit for bit
  std::uint64_t checksum = 0;  // FNV-1a 64 over the output buffers
  std::uint64_t mismatched_bytes = 0;
  std::string first_mismatch;  // "output 'C' byte 1234: got 0x12, expected 0x34"
};

BuiltinOutcome run_builtin(BuiltinCase& c, const RunOptions& options = {});

// Parameter access with checked conversion (InputError naming the parameter and value).
std::int64_t param_int(const Params& p, const std::string& name, std::int64_t fallback);
std::string param_str(const Params& p, const std::string& name, const std::string& fallback);

}  // namespace xdna::emu
