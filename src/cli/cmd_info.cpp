// `xdna info`: what the NPU and its driver report (like `xrt-smi examine`, without XRT).
#include <fmt/core.h>

#include "command_registry.hpp"
#include "xdna/common/error.hpp"
#include "xdna/device/info.hpp"

namespace {

struct InfoOptions {
  std::string root = "/";
  bool json = false;
  std::string simulate;
};

xdna::cli::Registrar reg(11, [](CLI::App& app) {
  auto opts = std::make_shared<InfoOptions>();
  auto* sub = app.add_subcommand("info",
                                 "Show each NPU: PCI, driver, firmware, array, clocks, "
                                 "power mode, sensors, hardware contexts");
  sub->add_option("--root", opts->root, "Read the system under this directory (fixture trees)")
      ->capture_default_str();
  sub->add_flag("--json", opts->json, "Print as JSON");
  sub->add_option("--simulate", opts->simulate,
                  "Answer queries with the simulated driver of this version (0.0, 0.1, 0.6)");
  sub->callback([opts] {
    auto env = xdna::device::HostEnv::from_process(opts->root);
    xdna::device::InfoReport report;
    if (!opts->simulate.empty()) {
      auto v = xdna::device::parse_driver_version(opts->simulate);
      if (!v)
        throw xdna::InputError("--simulate '" + opts->simulate +
                               "': expected a driver version like 0.0, 0.1 or 0.6");
      report = xdna::device::collect_info_simulated(env, v->first, v->second);
    } else {
      report = xdna::device::collect_info(env);
    }
    fmt::print("{}", opts->json ? xdna::device::render_info_json(report)
                                : xdna::device::render_info_text(report));
    bool none = report.devices.empty();
    xdna::cli::exit_code() = none ? xdna::cli::kExitFailure : xdna::cli::kExitOk;
  });
});

}  // namespace
