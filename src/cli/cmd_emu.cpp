// `xdna emu list | validate NAME | run NAME`: the built-in dataflow designs on the tile-array
// emulator. Design parameters are options (--n, --M, --tile, --dtype, --device, ...).
#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "command_registry.hpp"
#include "option_checks.hpp"
#include "xdna/common/error.hpp"
#include "xdna/design/validate.hpp"
#include "xdna/emu/builtin.hpp"
#include "xdna/emu/report.hpp"
#include "xdna/emu/trace.hpp"
#include "xdna/timing/run_projection.hpp"

namespace {

struct EmuOptions {
  std::string name;
  std::map<std::string, std::string> values;  // every known parameter option, "" = not given
  bool json = false;
  std::string trace;
  int threads = 0;
  double timeout = 0;
  std::string power_mode = "default";  // clock of the timing model's projection
  std::string projected_trace;         // Chrome trace of the projected NPU timeline
};

// Parameters given on the command line, checked against the design's own list.
xdna::emu::Params params_for(const xdna::emu::BuiltinDesign& b, const EmuOptions& o) {
  xdna::emu::Params p;
  for (const auto& [k, v] : o.values) {
    if (v.empty()) continue;
    bool known = false;
    for (const auto& spec : b.params) known = known || spec.name == k;
    if (!known) {
      std::string names;
      for (const auto& spec : b.params) names += (names.empty() ? "--" : ", --") + spec.name;
      throw xdna::InputError("design '" + b.name + "' has no parameter --" + k +
                             "; its parameters: " + names);
    }
    p[k] = v;
  }
  return p;
}

void add_param_options(CLI::App* sub, EmuOptions& o) {
  std::set<std::string> names;
  for (const auto& b : xdna::emu::builtin_designs())
    for (const auto& p : b.params) names.insert(p.name);
  for (const auto& n : names) {
    o.values[n] = "";
    sub->add_option("--" + n, o.values[n], "design parameter (see `xdna emu list`)");
  }
}

xdna::cli::Registrar reg(30, [](CLI::App& app) {
  auto* emu =
      app.add_subcommand("emu", "Run dataflow designs on the tile-array emulator (no NPU needed)");
  emu->require_subcommand(1);

  auto list_json = std::make_shared<bool>(false);
  auto* list = emu->add_subcommand("list", "List the built-in designs and their parameters");
  list->add_flag("--json", *list_json, "Print as JSON");
  list->callback([list_json] {
    if (*list_json) {
      fmt::print("[");
      bool first = true;
      for (const auto& b : xdna::emu::builtin_designs()) {
        fmt::print(
            "{}\n  {{\"name\": \"{}\", \"summary\": \"{}\", \"deadlocks\": {}, \"params\": {{",
            first ? "" : ",", b.name, b.summary, b.deadlocks);
        for (std::size_t i = 0; i < b.params.size(); ++i)
          fmt::print("{}\"{}\": \"{}\"", i ? ", " : "", b.params[i].name,
                     b.params[i].default_value);
        fmt::print("}}}}");
        first = false;
      }
      fmt::print("\n]\n");
      return;
    }
    for (const auto& b : xdna::emu::builtin_designs()) {
      fmt::print("{:<16} {}\n", b.name, b.summary);
      for (const auto& p : b.params)
        fmt::print("    --{:<10} {:<8} {}\n", p.name, p.default_value, p.help);
    }
  });

  auto vopts = std::make_shared<EmuOptions>();
  auto* validate =
      emu->add_subcommand("validate", "Check a built-in design against its device's limits");
  validate->add_option("name", vopts->name, "design name (xdna emu list)")->required();
  validate->add_flag("--json", vopts->json, "Print as JSON");
  add_param_options(validate, *vopts);
  validate->callback([vopts] {
    const auto& b = xdna::emu::find_builtin(vopts->name);
    const auto design = b.design(params_for(b, *vopts));  // no input data, no host reference
    const auto diags = xdna::design::validate(design);
    fmt::print("{}", vopts->json ? xdna::emu::validation_report_json(design, diags)
                                 : xdna::emu::validation_report_text(design, diags));
    xdna::cli::exit_code() = diags.empty() ? xdna::cli::kExitOk : xdna::cli::kExitInvalid;
  });

  auto ropts = std::make_shared<EmuOptions>();
  auto* run = emu->add_subcommand(
      "run", "Validate, run on the emulator and compare with the host reference");
  run->add_option("name", ropts->name, "design name (xdna emu list)")->required();
  run->add_flag("--json", ropts->json,
                "Print one JSON object (match, checksum, counters, wall-clock)");
  run->add_option("--trace", ropts->trace,
                  "Write a Chrome trace-event JSON file (open in Perfetto)")
      ->check(xdna::cli::writable_file());
  run->add_option("--threads", ropts->threads,
                  "Workers running at once on host threads (0 = all host cores)")
      ->capture_default_str();
  run->add_option("--timeout", ropts->timeout, "Stop after this many seconds (0 = none)")
      ->capture_default_str();
  run->add_option("--power-mode", ropts->power_mode,
                  "Clock of the projected NPU time: default, performance, turbo, balanced, "
                  "powersaver, driver-max")
      ->capture_default_str();
  run->add_option("--projected-trace", ropts->projected_trace,
                  "Write the projected NPU timeline as Chrome trace-event JSON (timing model)")
      ->check(xdna::cli::writable_file());
  add_param_options(run, *ropts);
  run->callback([ropts] {
    const auto& b = xdna::emu::find_builtin(ropts->name);
    auto c = b.make(params_for(b, *ropts));
    const auto diags = xdna::design::validate(c.design);
    if (!diags.empty()) {
      fmt::print(stderr, "{}", xdna::emu::validation_report_text(c.design, diags));
      xdna::cli::exit_code() = xdna::cli::kExitInvalid;
      return;
    }
    // Refuse an unknown --power-mode before spending time on the run.
    const auto modes = xdna::timing::power_mode_names();
    if (std::find(modes.begin(), modes.end(), ropts->power_mode) == modes.end())
      throw xdna::InputError("unknown --power-mode '" + ropts->power_mode + "'; see --help");
    xdna::emu::RunOptions opt;
    opt.host_threads = ropts->threads;
    opt.timeout_seconds = ropts->timeout;
    // Per-event records feed both the trace and the timing model's projection (projected_us),
    // which every completed run reports.
    opt.record = true;
    auto o = xdna::emu::run_builtin(c, opt);
    if (!ropts->trace.empty()) xdna::emu::write_chrome_trace(ropts->trace, c.design, o.run);
    // The timing model's projection of this run (docs/TIMING.md), only for a completed run.
    // A device model without a public clock or MAC rate cannot be projected: say so, keep the run.
    std::optional<xdna::timing::Projection> projection;
    std::string no_projection;
    if (o.run.status == xdna::emu::Status::completed) {
      try {
        projection = xdna::timing::project(o.run, c.design, c.design.device(), ropts->power_mode);
      } catch (const xdna::InputError& e) {
        no_projection = e.what();
      }
    }
    if (projection && !ropts->projected_trace.empty()) {
      std::ofstream f(ropts->projected_trace);
      f << xdna::timing::projected_trace(o.run, c.design, c.design.device(), ropts->power_mode);
      if (!f) throw xdna::SystemError("cannot write " + ropts->projected_trace);
    }
    if (ropts->json) {
      auto j = nlohmann::json::parse(xdna::emu::run_report_json(c, o));
      if (projection) {
        j["projected_us"] = projection->projected_us;
        j["projection"] = xdna::timing::to_json(*projection);
      } else if (!no_projection.empty()) {
        j["projection_error"] = no_projection;
      }
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("{}", xdna::emu::run_report_text(c, o));
      if (projection) fmt::print("{}\n", projection->headline());
      if (!no_projection.empty()) fmt::print("no projection: {}\n", no_projection);
    }
    if (o.run.status != xdna::emu::Status::completed)
      xdna::cli::exit_code() = xdna::cli::kExitDeadlock;
    else
      xdna::cli::exit_code() = o.match ? xdna::cli::kExitOk : xdna::cli::kExitFailure;
  });
});

}  // namespace
