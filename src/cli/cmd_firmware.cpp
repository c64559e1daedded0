// `xdna firmware list | install FILE | rollback`: NPU firmware under /lib/firmware/amdnpu/.
// install and rollback print their plan and change nothing unless --apply is given.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "command_registry.hpp"
#include "xdna/device/discovery.hpp"
#include "xdna/device/firmware.hpp"

namespace {

namespace dev = xdna::device;

struct FirmwareOptions {
  std::string root = "/";
  std::string device;
  std::string file;
  bool apply = false;
  bool json = false;
};

void print_list(const FirmwareOptions& o) {
  auto env = dev::HostEnv::from_process(o.root);
  auto folder = dev::select_firmware_folder(env, o.device);
  auto kernel = dev::kernel_release(env);
  auto r = dev::resolve_firmware(env, folder, kernel);
  auto backups = dev::list_firmware_backups(env, folder, kernel);
  if (o.json) {
    nlohmann::json files = nlohmann::json::array();
    for (std::size_t i = 0; i < r.present.size(); ++i)
      files.push_back({{"path", r.present[i].display},
                       {"size", r.present[i].size},
                       {"compression", r.present[i].compression},
                       {"loaded", i == 0}});
    nlohmann::json bk = nlohmann::json::array();
    for (const auto& b : backups) {
      nlohmann::json names = nlohmann::json::array();
      for (const auto& f : b.files) names.push_back("/" + f.lexically_relative(env.root).string());
      bk.push_back({{"stamp", b.stamp}, {"files", names}});
    }
    fmt::print("{}\n", nlohmann::json{{"device", folder},
                                      {"kernel", kernel},
                                      {"names", r.names},
                                      {"files", files},
                                      {"backups", bk}}
                           .dump(2));
    return;
  }
  fmt::print("device {} (kernel {}), loader looks for: ", folder, kernel.empty() ? "?" : kernel);
  for (std::size_t i = 0; i < r.names.size(); ++i) fmt::print("{}{}", i ? ", " : "", r.names[i]);
  fmt::print("\n");
  if (r.present.empty()) fmt::print("  no firmware file found\n");
  for (std::size_t i = 0; i < r.present.size(); ++i)
    fmt::print("  {} {} ({} bytes{})\n", i == 0 ? "loaded  " : "shadowed", r.present[i].display,
               r.present[i].size,
               r.present[i].compression.empty() ? "" : ", " + r.present[i].compression);
  if (backups.empty()) fmt::print("backups: none\n");
  for (const auto& b : backups) {
    fmt::print("backup {}:", b.stamp);
    for (const auto& f : b.files) fmt::print(" /{}", f.lexically_relative(env.root).string());
    fmt::print("\n");
  }
}

void run_plan(const FirmwareOptions& o, const dev::HostEnv& env, const dev::FirmwarePlan& plan) {
  for (const auto& n : plan.notes) fmt::print("{}\n", n);
  fmt::print("{}:\n{}", o.apply ? "applying" : "dry run (add --apply to do this)",
             plan.describe(env));
  if (o.apply) {
    dev::apply_firmware_plan(plan);
    fmt::print("done\n");
  }
}

xdna::cli::Registrar reg(12, [](CLI::App& app) {
  auto opts = std::make_shared<FirmwareOptions>();
  auto* sub = app.add_subcommand("firmware", "List, install or roll back NPU firmware");
  sub->require_subcommand(1);
  auto common = [opts](CLI::App* leaf) {
    leaf->add_option("--root", opts->root, "Operate on the system under this directory")
        ->capture_default_str();
    leaf->add_option("--device", opts->device,
                     "Device id and revision (e.g. 1502_00); default: the NPU found");
  };
  auto* list = sub->add_subcommand("list", "Show the firmware files, which one loads, backups");
  common(list);
  list->add_flag("--json", opts->json, "Print as JSON");
  list->callback([opts] { print_list(*opts); });
  auto* install = sub->add_subcommand(
      "install", "Install FILE as the device's firmware; old files go to a timestamped backup");
  install->add_option("FILE", opts->file, "Firmware file (npu.sbin or npu.sbin.zst)")
      ->required()
      ->check(CLI::ExistingFile);
  install->add_flag("--apply", opts->apply, "Do it (default: print the plan only)");
  common(install);
  install->callback([opts] {
    auto env = dev::HostEnv::from_process(opts->root);
    auto folder = dev::select_firmware_folder(env, opts->device);
    auto plan = dev::plan_firmware_install(env, folder, opts->file, dev::kernel_release(env));
    run_plan(*opts, env, plan);
  });
  auto* rollback = sub->add_subcommand("rollback", "Restore the most recent backup");
  rollback->add_flag("--apply", opts->apply, "Do it (default: print the plan only)");
  common(rollback);
  rollback->callback([opts] {
    auto env = dev::HostEnv::from_process(opts->root);
    auto folder = dev::select_firmware_folder(env, opts->device);
    auto plan = dev::plan_firmware_rollback(env, folder, dev::kernel_release(env));
    run_plan(*opts, env, plan);
  });
});

}  // namespace
