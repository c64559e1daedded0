// `xdna demo`: the README's main job. Without an NPU it runs every built-in AIE kernel on the host
// AIE API, then every built-in dataflow design on the tile-array emulator, checks each bit for bit
// against its scalar reference and prints what it did, with the timing model's projected NPU time
// for each design (the work is in src/kernel_check/selfcheck, emu/ and timing/; this file only
// prints).
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

#include "command_registry.hpp"
#include "selfcheck/kernel_selfcheck.hpp"
#include "xdna/emu/builtin.hpp"
#include "xdna/timing/run_projection.hpp"

namespace {

void print_table(const std::vector<xdna::kernels::KernelCheck>& rows) {
  std::size_t name_w = 6, summary_w = 7;
  for (const auto& r : rows) {
    name_w = std::max(name_w, r.kernel.size());
    summary_w = std::max(summary_w, r.summary.size());
  }
  fmt::print("{:<{}}  {:>8}  {:<{}}  {:>10}  {:>5}  {:>10}\n", "kernel", name_w, "N", "result",
             summary_w, "checksum", "match", "host us");
  for (const auto& r : rows)
    fmt::print("{:<{}}  {:>8}  {:<{}}  {:08x}  {:>5}  {:>10.1f}\n", r.kernel, name_w, r.size,
               r.summary, summary_w, r.checksum, r.match ? "yes" : "NO", r.host_us);
}

// One built-in design run on the emulator with its default parameters.
struct DesignRow {
  std::string name;
  bool match = false;
  std::uint64_t checksum = 0;
  double host_ms = 0;       // measured: emulation wall-clock on this host
  double projected_us = 0;  // projected: timing model, npu1 default clock
  std::string headline;
};

std::vector<DesignRow> run_builtin_designs() {
  std::vector<DesignRow> rows;
  for (const auto& b : xdna::emu::builtin_designs()) {
    if (b.deadlocks) continue;  // built to deadlock; `xdna emu run deadlock` shows the diagnosis
    auto c = b.make({});
    auto o = xdna::emu::run_builtin(c);
    DesignRow r{b.name, o.match, o.checksum, o.run.wall_seconds * 1e3, 0, ""};
    if (o.run.status == xdna::emu::Status::completed) {
      const auto p = xdna::timing::project(o.run, c.design, c.design.device(), "default");
      r.projected_us = p.projected_us;
      r.headline = p.headline();
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

void print_design_table(const std::vector<DesignRow>& rows) {
  fmt::print("{:<16}  {:>5}  {:>16}  {:>12}  {:>17}\n", "design", "match", "checksum",
             "emulated ms", "projected NPU us");
  for (const auto& r : rows)
    fmt::print("{:<16}  {:>5}  {:016x}  {:>12.1f}  {:>17.1f}\n", r.name, r.match ? "yes" : "NO",
               r.checksum, r.host_ms, r.projected_us);
}

void print_json(const std::vector<xdna::kernels::KernelCheck>& rows,
                const std::vector<DesignRow>& designs, bool all_match) {
  nlohmann::json out;
  out["backend"] = "host AIE API";
  out["times"] = "measured on this host (not NPU times)";
  out["all_match"] = all_match;
  auto& list = out["kernels"] = nlohmann::json::array();
  for (const auto& r : rows)
    list.push_back({{"kernel", r.kernel},
                    {"size", r.size},
                    {"result", r.summary},
                    {"checksum", fmt::format("{:08x}", r.checksum)},
                    {"match", r.match},
                    {"host_us", r.host_us}});
  auto& dl = out["designs"] = nlohmann::json::array();
  for (const auto& d : designs)
    dl.push_back({{"design", d.name},
                  {"match", d.match},
                  {"checksum", fmt::format("{:016x}", d.checksum)},
                  {"emulated_ms", d.host_ms},
                  {"projected_us", d.projected_us},
                  {"projection", d.headline}});
  fmt::print("{}\n", out.dump(2));
}

struct DemoOptions {
  bool json = false;
  std::uint32_t seed = 1;
};

xdna::cli::Registrar reg(10, [](CLI::App& app) {
  auto opts = std::make_shared<DemoOptions>();
  auto* sub = app.add_subcommand(
      "demo",
      "Run every built-in AIE kernel on the host AIE API and every built-in design on the "
      "emulator, check each bit for bit against its scalar reference and project NPU time "
      "(exit 0: all match, 1: a mismatch)");
  sub->add_flag("--json", opts->json, "Print the results as JSON");
  sub->add_option("--seed", opts->seed, "Seed of the deterministic input data")
      ->capture_default_str();
  sub->callback([opts] {
    const auto rows = xdna::kernels::run_kernel_selfcheck(opts->seed);
    const auto designs = run_builtin_designs();
    const bool all_match =
        std::all_of(rows.begin(), rows.end(), [](const auto& r) { return r.match; }) &&
        std::all_of(designs.begin(), designs.end(), [](const auto& d) { return d.match; });
    if (opts->json) {
      print_json(rows, designs, all_match);
    } else {
      fmt::print("Built-in AIE kernels on the host AIE API (times measured on this host):\n\n");
      print_table(rows);
      fmt::print("\n{} of {} kernels match their scalar reference bit for bit.\n",
                 std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r.match; }),
                 rows.size());
      fmt::print(
          "\nBuilt-in designs on the tile-array emulator (no NPU runtime path yet; emulated ms "
          "measured on this host; NPU time projected by the timing model, npu1 @ default "
          "clock):\n\n");
      print_design_table(designs);
      fmt::print(
          "\n{} of {} designs match their host reference bit for bit.\n",
          std::count_if(designs.begin(), designs.end(), [](const auto& d) { return d.match; }),
          designs.size());
    }
    xdna::cli::exit_code() = all_match ? xdna::cli::kExitOk : xdna::cli::kExitFailure;
  });
});

}  // namespace
