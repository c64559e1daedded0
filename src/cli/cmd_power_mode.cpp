// `xdna power-mode get|set MODE`: the NPU's DPM power mode through GET_INFO / SET_STATE.
// set prints the change and changes nothing unless --apply is given.
#include <fmt/core.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "command_registry.hpp"
#include "xdna/common/error.hpp"
#include "xdna/device/amdxdna.hpp"
#include "xdna/device/discovery.hpp"
#include "xdna/device/info.hpp"
#include "xdna/device/power_mode.hpp"
#include "xdna/device/sim_driver.hpp"

namespace {

struct PowerOptions {
  std::string root = "/";
  std::string simulate;
  std::string mode;
  bool apply = false;
  bool json = false;
};

// Runs `fn` against the first NPU's driver (or the simulated one).
template <typename Fn>
void with_driver(const PowerOptions& o, Fn&& fn) {
  auto env = xdna::device::HostEnv::from_process(o.root);
  if (!o.simulate.empty()) {
    auto v = xdna::device::parse_driver_version(o.simulate);
    if (!v)
      throw xdna::InputError("--simulate '" + o.simulate +
                             "': expected a driver version like 0.0, 0.1 or 0.6");
    auto cfg = xdna::device::SimDriverConfig::phoenix(v->first, v->second);
    cfg.caller_is_root = env.identity.uid == 0;
    xdna::device::SimulatedDriver sim(cfg);
    xdna::device::Amdxdna driver(sim);
    fn(driver, std::string("simulated"));
    return;
  }
  for (const auto& f : xdna::device::discover_npus(env)) {
    if (f.accel.empty()) continue;
    auto t = xdna::device::FdTransport::open(env.at("/dev/accel/" + f.accel.front()));
    xdna::device::Amdxdna driver(*t);
    fn(driver, f.bdf);
    return;
  }
  throw xdna::SystemError("no NPU with a driver-bound device node found; run `xdna doctor`");
}

std::string mode_or(const std::optional<xdna::device::uapi::PowerMode>& m,
                    const std::string& other) {
  return m ? xdna::device::power_mode_name(*m) : other;
}

nlohmann::json mode_json(const std::optional<xdna::device::uapi::PowerMode>& m) {
  return m ? nlohmann::json(xdna::device::power_mode_name(*m)) : nlohmann::json(nullptr);
}

void print_change(const PowerOptions& o, const std::string& where,
                  const xdna::device::PowerModeChange& c) {
  const char* requested = xdna::device::power_mode_name(c.requested);
  if (o.json) {
    nlohmann::json j = {
        {"device", where}, {"requested", requested}, {"applied", c.applied}, {"dry_run", !o.apply}};
    if (o.apply) {
      j["previous"] = mode_json(c.before);
      j["current"] = mode_json(c.after);
    } else {
      j["current"] = mode_json(c.before);
    }
    if (!c.before)
      j[o.apply ? "previous_unsupported" : "current_unsupported"] = c.before_unsupported;
    fmt::print("{}\n", j.dump(2));
  } else if (o.apply) {
    fmt::print("{}: power mode set to {}\n", where, mode_or(c.after, "(cannot read back)"));
  } else if (c.already_in_effect()) {
    fmt::print("{}: power mode is already {}; nothing would change\n", where, requested);
  } else {
    fmt::print(
        "{}: would set power mode from {} to {}; run again with --apply (as root) to do it\n",
        where, mode_or(c.before, "unknown (" + c.before_unsupported + ")"), requested);
  }
}

xdna::cli::Registrar reg(13, [](CLI::App& app) {
  auto opts = std::make_shared<PowerOptions>();
  auto* sub = app.add_subcommand("power-mode",
                                 "Get or set the NPU power mode "
                                 "(default, low, medium, high, turbo)");
  sub->require_subcommand(1);
  auto common = [opts](CLI::App* leaf) {
    leaf->add_option("--root", opts->root, "Read the system under this directory")
        ->capture_default_str();
    leaf->add_option("--simulate", opts->simulate,
                     "Use the simulated driver of this version (0.0, 0.1, 0.6)");
  };
  auto* get = sub->add_subcommand("get", "Print the current power mode");
  common(get);
  get->add_flag("--json", opts->json, "Print as JSON");
  get->callback([opts] {
    with_driver(*opts, [&](xdna::device::Amdxdna& d, const std::string& where) {
      auto q = d.power_mode();
      if (opts->json) {
        nlohmann::json j = {{"device", where}};
        if (q.value)
          j["power_mode"] = xdna::device::power_mode_name(*q.value);
        else
          j["unsupported"] = q.unsupported;
        fmt::print("{}\n", j.dump(2));
      } else if (q.value) {
        fmt::print("{}: power mode {}\n", where, xdna::device::power_mode_name(*q.value));
      } else {
        fmt::print("{}: power mode {}\n", where, q.unsupported);
      }
      xdna::cli::exit_code() = q.value ? xdna::cli::kExitOk : xdna::cli::kExitFailure;
    });
  });
  auto* set = sub->add_subcommand(
      "set", "Set the power mode (root only: the driver's rule); prints the change unless --apply");
  set->add_option("MODE", opts->mode, "default | low | medium | high | turbo")->required();
  set->add_flag("--apply", opts->apply, "Do it (default: print the change only)");
  common(set);
  set->add_flag("--json", opts->json, "Print as JSON");
  set->callback([opts] {
    auto mode = xdna::device::parse_power_mode(opts->mode);
    if (!mode)
      throw xdna::InputError("power mode '" + opts->mode +
                             "': expected default, low, medium, high or turbo");
    with_driver(*opts, [&](xdna::device::Amdxdna& d, const std::string& where) {
      print_change(*opts, where, xdna::device::change_power_mode(d, *mode, opts->apply));
    });
  });
});

}  // namespace
