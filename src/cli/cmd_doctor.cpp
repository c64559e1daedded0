// `xdna doctor`: checks this machine (or a fixture tree via --root) for everything an NPU needs.
#include <fmt/core.h>

#include "command_registry.hpp"
#include "xdna/device/doctor.hpp"

namespace {

struct DoctorOptions {
  std::string root = "/";
  bool json = false;
};

xdna::cli::Registrar reg(10, [](CLI::App& app) {
  auto opts = std::make_shared<DoctorOptions>();
  auto* sub = app.add_subcommand(
      "doctor",
      "Check NPU bring-up: hardware, kernel, driver, permissions, firmware, IOMMU, XRT, "
      "toolchain. Exit 0 when nothing fails, 1 otherwise");
  sub->add_option("--root", opts->root, "Read the system under this directory (fixture trees)")
      ->capture_default_str();
  sub->add_flag("--json", opts->json, "Print the checks as JSON");
  sub->callback([opts] {
    auto env = xdna::device::HostEnv::from_process(opts->root);
    auto report = xdna::device::run_doctor(env);
    fmt::print("{}", opts->json ? xdna::device::render_doctor_json(report)
                                : xdna::device::render_doctor_text(report));
    xdna::cli::exit_code() = report.any_fail() ? xdna::cli::kExitFailure : xdna::cli::kExitOk;
  });
});

}  // namespace
