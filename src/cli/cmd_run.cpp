// `xdna run OP`: runs one operator of ops/ on the chosen backend (the work is in
// xdna::ops::run_operator; this file parses options and prints).
#include <fmt/core.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "command_registry.hpp"
#include "option_checks.hpp"
#include "xdna/common/error.hpp"
#include "xdna/ops/backend.hpp"
#include "xdna/ops/runner.hpp"

namespace {

struct RunOptions {
  std::string op;
  std::string backend = "cpu";
  std::vector<std::string> inputs;
  std::string output;
  std::optional<double> tau, frac;
  std::optional<std::size_t> count;
  std::size_t m = 0, k = 0, n = 0;
  std::string dtype;
  std::size_t size = 4096;
  std::uint64_t seed = 1;
  std::size_t width = 640, height = 480;
  bool json = false;
};

std::string scalar_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return fmt::format("{:.6g}", v.get<double>());
  return v.dump();
}

void print_text(const nlohmann::json& r) {
  fmt::print("{} on {}\n", r["op"].get<std::string>(), r["backend"].get<std::string>());
  for (const auto& [key, value] : r.items()) {
    if (key == "op" || key == "backend" || key == "projected_note") continue;
    if (key == "input") {
      fmt::print("  {:<17} {}\n", key,
                 value["source"] == "generated"
                     ? "generated deterministically (seed " + value["seed"].dump() + ")"
                     : value["files"].dump());
    } else if (key == "emulated") {
      fmt::print(
          "  {:<17} {} run(s) of {}, {} cores, {} kernel calls, {} DMA bytes, "
          "{:.3g} s host wall time (measured)\n",
          key, value["runs"].get<int>(), value["designs"].dump(), value["cores"].get<int>(),
          value["kernel_calls"].get<std::uint64_t>(), value["dma_bytes"].get<std::uint64_t>(),
          value["host_wall_seconds"].get<double>());
    } else if (key == "projected_npu_us") {
      fmt::print("  {:<17} {:.1f} us (projected by the timing model for npu1, not measured)\n", key,
                 value.get<double>());
    } else {
      fmt::print("  {:<17} {}\n", key, scalar_text(value));
    }
  }
}

xdna::cli::Registrar reg(40, [](CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand(
      "run",
      "Run one operator on the CPU fast path or the emulator: collapse, collapse-fused, compact, "
      "pse-collapse, topk, reduce-max, matmul, mlp2, edge-detect, patch-embed. Without --input "
      "the inputs are generated deterministically from --seed.");
  sub->add_option("op", o->op, "Operator name")->required();
  sub->add_option("--backend", o->backend, "cpu | emu | npu")->capture_default_str();
  sub->add_option("--input", o->inputs,
                  "Input file, repeat in the operator's order (raw little-endian binary; PNG for "
                  "edge-detect): matmul A B, mlp2 x W1 W2, patch-embed image weights");
  sub->add_option("--output", o->output,
                  "Write the output (raw little-endian binary; PNG for edge-detect)")
      ->check(xdna::cli::writable_file());
  sub->add_option("--tau", o->tau, "Threshold for collapse and compact (default 0.5)");
  sub->add_option("--frac", o->frac,
                  "Fraction of the peak for collapse-fused and pse-collapse (default 0.5)");
  sub->add_option("--count", o->count, "Survivors for topk (default n/4)")
      ->check(xdna::cli::non_negative());
  // 0 stands for "default" in the request, so an explicit 0 must not silently become 512.
  sub->add_option("--m", o->m, "matmul: rows of A (512); mlp2: rows (512)")
      ->check(xdna::cli::at_least_one());
  sub->add_option("--k", o->k, "matmul: columns of A (512); mlp2: width (512)")
      ->check(xdna::cli::at_least_one());
  sub->add_option("--n", o->n, "matmul: columns of B (512)")->check(xdna::cli::at_least_one());
  sub->add_option("--dtype", o->dtype,
                  "matmul, patch-embed: int16 (int32 out, default) | bf16 (fp32 out) | bf16-bf16");
  auto* size = sub->add_option("--size", o->size, "Length of a generated vector (selection ops)")
                   ->capture_default_str()
                   ->check(xdna::cli::non_negative());
  auto* seed = sub->add_option("--seed", o->seed, "Seed of generated inputs")
                   ->capture_default_str()
                   ->check(xdna::cli::non_negative());
  auto* width = sub->add_option("--width", o->width, "Width of a generated image (edge-detect)")
                    ->capture_default_str()
                    ->check(xdna::cli::non_negative());
  auto* height = sub->add_option("--height", o->height, "Height of a generated image (edge-detect)")
                     ->capture_default_str()
                     ->check(xdna::cli::non_negative());
  sub->add_flag("--json", o->json, "Print one JSON object");
  sub->callback([o, size, width, height, seed] {
    // The request cannot tell a given default from an absent option; refuse these here rather
    // than ignore them silently.
    const bool selection = o->op == "collapse" || o->op == "collapse-fused" || o->op == "compact" ||
                           o->op == "pse-collapse" || o->op == "topk" || o->op == "reduce-max";
    const auto& known = xdna::ops::operator_names();
    const bool is_known = std::find(known.begin(), known.end(), o->op) != known.end();
    if (is_known && size->count() && !selection)
      throw xdna::InputError("option --size does not apply to " + o->op +
                             " (it sets the length of a generated vector for the selection ops)");
    if (is_known && (width->count() || height->count()) && o->op != "edge-detect")
      throw xdna::InputError("option --width/--height does not apply to " + o->op +
                             " (it sets the size of a generated image for edge-detect)");
    if (!o->inputs.empty() && (size->count() || width->count() || height->count() || seed->count()))
      throw xdna::InputError(
          "options --size, --width, --height and --seed describe generated inputs; they do not "
          "apply with --input");
    xdna::ops::RunRequest rq;
    rq.op = o->op;
    rq.backend = xdna::ops::parse_backend(o->backend);
    rq.inputs = o->inputs;
    rq.output = o->output;
    rq.tau = o->tau;
    rq.frac = o->frac;
    rq.count = o->count;
    rq.m = o->m;
    rq.k = o->k;
    rq.n = o->n;
    rq.dtype = o->dtype;
    rq.size = o->size;
    rq.seed = o->seed;
    rq.width = o->width;
    rq.height = o->height;
    const nlohmann::json report = xdna::ops::run_operator(rq);
    if (o->json) {
      fmt::print("{}\n", report.dump(2));
    } else {
      print_text(report);
    }
    xdna::cli::exit_code() = xdna::cli::kExitOk;
  });
});

}  // namespace
