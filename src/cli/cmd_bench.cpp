// `xdna bench [--quick|--full] [--out DIR] [--only SECTION]`: runs the project's experiments and
// writes report.md, report.json and SVG figures. Rows are measured on this host, projected for the
// NPU by the timing model, or reference values from FACTS.md; each names the command that
// reproduces it. Progress goes to stderr. The experiments are library calls (ops/, prune/, emu/,
// timing/); peers that cannot share a translation unit with the AIE API (OpenBLAS's cblas.h
// defines its own bfloat16) run as the Google Benchmark programs under bench/.
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "aie2/kernels.h"
#include "command_registry.hpp"
#include "option_checks.hpp"
#include "xdna/arch/device.hpp"
#include "xdna/common/error.hpp"
#include "xdna/emu/builtin.hpp"
#include "xdna/ops/backend.hpp"
#include "xdna/ops/matmul.hpp"
#include "xdna/ops/selection.hpp"
#include "xdna/ops/synthetic.hpp"
#include "xdna/ops/vision.hpp"
#include "xdna/prune/experiments.hpp"
#include "xdna/timing/analytic_counts.hpp"
#include "xdna/timing/bench_report.hpp"
#include "xdna/timing/reference_designs.hpp"
#include "xdna/timing/run_projection.hpp"
#include "xdna/version.hpp"

namespace {

using namespace xdna;
using timing::BenchRow;
using timing::BenchSection;
using timing::Provenance;

struct BenchOptions {
  bool quick = true;
  bool full = false;
  std::string out = "bench-report";
  std::vector<std::string> only;
};

void progress(const std::string& what) {
  fmt::print(stderr, "[bench] {}\n", what);
}

// Median wall-clock seconds of `fn` over `runs` runs (after one warm-up).
double median_seconds(int runs, const std::function<void()>& fn) {
  fn();
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    const auto a = std::chrono::steady_clock::now();
    fn();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

std::string pct(double projected, double measured) {
  return fmt::format("FACTS §4 measured {:.4g}; {:+.1f}%", measured,
                     100 * (projected / measured - 1));
}

// ---- NPU, projected ---------------------------------------------------------------------------

timing::KernelProfile collapse_fused_profile(int n) {
  std::vector<bfloat16> x(static_cast<std::size_t>(n) + 64), y(x.size());
  for (int i = 0; i < n; ++i) x[static_cast<std::size_t>(i) + 32] = bfloat16(float(i % 17) / 16);
  // 64-byte aligned starts inside the vectors.
  auto aligned = [](bfloat16* p) {
    return reinterpret_cast<bfloat16*>((reinterpret_cast<std::uintptr_t>(p) + 63) &
                                       ~std::uintptr_t{63});
  };
  aie::host::op_counters counters;
  aie::host::core_state core;
  core.counters = &counters;
  {
    aie::host::scoped_core scope(core);
    collapse_fused_bf16(aligned(x.data()), aligned(y.data()), 128, n);
  }
  return {"collapse_fused_bf16", counters, true};
}

struct ProjectedPoint {
  std::string name;
  double measured_us;
  bool end_to_end;
  const char* status;  // fitted (one of the 4 calibration measurements) or predicted
  std::function<timing::DesignTimeline(const timing::DeviceRates&, const timing::TimingParams&)>
      make;
};

double gemm_us(int M, int K, int N, const timing::DeviceRates& r, const timing::TimingParams& p) {
  timing::reference::GemmShape g;
  g.M = M;
  g.K = K;
  g.N = N;
  return timing::project(
             timing::reference::gemm_single_core(g, timing::analytic::gemm_i16_i32(32, 32, 32),
                                                 timing::analytic::zero_i32(32, 32), r, p),
             r, p)
      .projected_us;
}

BenchSection npu_projected(timing::BenchReport& report, bool full) {
  progress("NPU projections of FACTS §4's designs (timing model)");
  const timing::TimingParams p = timing::default_params();
  const timing::DeviceRates r = timing::device_rates(arch::npu1(), "default", p);
  BenchSection s{
      "NPU, projected: FACTS §4's designs",
      fmt::format(
          "Timing model {} on npu1 at {:.0f} MHz (default power mode). Kernel op counts: GEMM "
          "micro-kernel and vision kernels analytic (equal to the host AIE API's counts where "
          "the kernel exists, tests/timing), collapse_fused counted by running it. "
          "Calibration: 4 parameters fitted to passthrough (2 values), GEMM 512³ and "
          "edge-detect 640×480; the rest are predictions (docs/TIMING.md).",
          timing::kModelVersion, r.clock_mhz),
      {}};
  const auto edge = [](int w, int h) {
    return [w, h](const timing::DeviceRates& rr, const timing::TimingParams& pp) {
      return timing::reference::edge_detect(
          w, h, timing::reference::analytic_edge_detect_kernels(w), rr, pp);
    };
  };
  const auto gemm = [](int M, int K, int N) {
    return [M, K, N](const timing::DeviceRates& rr, const timing::TimingParams& pp) {
      timing::reference::GemmShape g;
      g.M = M;
      g.K = K;
      g.N = N;
      return timing::reference::gemm_single_core(g, timing::analytic::gemm_i16_i32(32, 32, 32),
                                                 timing::analytic::zero_i32(32, 32), rr, pp);
    };
  };
  const timing::KernelProfile collapse = collapse_fused_profile(1024);
  std::vector<ProjectedPoint> points = {
      {"passthrough 4096 B, NPU time", 127.5, false, "fitted",
       [](auto& rr, auto& pp) {
         return timing::reference::passthrough(4096, timing::analytic::copy(4096), rr, pp);
       }},
      {"passthrough 4096 B, end-to-end", 220.6, true, "fitted",
       [](auto& rr, auto& pp) {
         return timing::reference::passthrough(4096, timing::analytic::copy(4096), rr, pp);
       }},
      {"single-core int16 GEMM 512³, 32³ tiles", 3956, false, "fitted", gemm(512, 512, 512)},
      {"patch-embed int16 256×768×768", 6600, false, "predicted; known miss, docs/TIMING.md",
       gemm(256, 768, 768)},
      {"edge-detect 640×480 per frame", 1020, false, "fitted", edge(640, 480)},
      {"edge-detect 1280×720 per frame", 2210, false, "predicted", edge(1280, 720)},
      {"edge-detect 1920×1080 per frame", 4540, false, "predicted", edge(1920, 1080)},
      {"collapse_fused N=1024, end-to-end", 270, true, "predicted",
       [collapse](auto& rr, auto& pp) {
         return timing::reference::single_tile(2048, 2048, collapse, 3, rr, pp);
       }},
  };
  for (const auto& pt : points) {
    const timing::Projection pr = timing::project(pt.make(r, p), r, p);
    const double us = pt.end_to_end ? pr.end_to_end_us : pr.projected_us;
    s.rows.push_back({pt.name, us, "us", Provenance::projected, pct(us, pt.measured_us),
                      "xdna bench --only npu", pt.status});
  }

  // M sweep (figure): projected GFLOP/s vs the two measured ends.
  progress("M sweep 256..8192 x 768 x 768 (projected)");
  timing::Figure f{"gemm_m_sweep",
                   "int16 GEMM M×768×768, single core: GFLOP/s",
                   "M (rows)",
                   "GFLOP/s",
                   true,
                   {},
                   "xdna bench --only npu"};
  timing::Series proj{"timing model", {}, {}, Provenance::projected};
  std::vector<int> ms =
      full ? std::vector<int>{256, 512, 1024, 2048, 4096, 8192} : std::vector<int>{256, 1024, 4096};
  for (int M : ms) {
    const double us = gemm_us(M, 768, 768, r, p);
    proj.x.push_back(M);
    proj.y.push_back(2.0 * M * 768 * 768 / (us * 1e3));
  }
  f.series.push_back(proj);
  f.series.push_back(
      {"measured on an 8845HS (FACTS §4)", {256, 8192}, {53.6, 64.3}, Provenance::reference});
  report.figures.push_back(f);

  timing::Figure e{"edge_detect_resolution",
                   "edge-detect per frame vs pixels",
                   "megapixels",
                   "ms per frame",
                   false,
                   {},
                   "xdna bench --only npu"};
  timing::Series ep{"timing model", {}, {}, Provenance::projected};
  const std::array<std::array<int, 2>, 3> res = {{{640, 480}, {1280, 720}, {1920, 1080}}};
  for (auto [w, h] : res) {
    ep.x.push_back(w * h / 1e6);
    ep.y.push_back(timing::project(edge(w, h)(r, p), r, p).projected_us / 1000);
  }
  e.series.push_back(ep);
  e.series.push_back({"measured on an 8845HS (FACTS §4)",
                      {0.3072, 0.9216, 2.0736},
                      {1.02, 2.21, 4.54},
                      Provenance::reference});
  report.figures.push_back(e);

  // Power modes: one design at each clock of the device model.
  for (const char* mode : {"balanced", "powersaver"}) {
    const timing::DeviceRates rm = timing::device_rates(arch::npu1(), mode, p);
    s.rows.push_back({fmt::format("edge-detect 1920×1080 at {} ({:.0f} MHz)", mode, rm.clock_mhz),
                      timing::project(edge(1920, 1080)(rm, p), rm, p).projected_us, "us",
                      Provenance::projected, "", "xdna bench --only npu", ""});
  }
  return s;
}

// ---- Emulator: built-in designs, measured wall-clock and projected NPU time --------------------

BenchSection emulator() {
  BenchSection s{
      "Emulator: built-in designs",
      "Each built-in design run once on the emulator with its default parameters: wall-clock "
      "measured on this host, NPU time projected from the run record (host dispatch included).",
      {}};
  for (const auto& b : emu::builtin_designs()) {
    if (b.deadlocks) continue;
    progress("emulator: " + b.name);
    try {
      auto c = b.make({});
      emu::RunOptions opt;
      opt.record = true;
      const auto o = emu::run_builtin(c, opt);
      const timing::Projection pr = timing::project(o.run, c.design, c.design.device(), "default");
      const std::string cmd = "xdna emu run " + b.name + " --json";
      s.rows.push_back(
          {b.name + ": emulated wall-clock", o.run.wall_seconds * 1e3, "ms", Provenance::measured,
           o.match ? "outputs match the reference" : "OUTPUTS DIFFER from the reference", cmd, ""});
      s.rows.push_back({b.name + ": NPU time", pr.projected_us, "us", Provenance::projected,
                        fmt::format("emulated wall-clock / projected NPU time = {:.2g}",
                                    o.run.wall_seconds * 1e6 / pr.projected_us),
                        cmd, ""});
    } catch (const std::exception& e) {
      s.rows.push_back({b.name + ": failed", std::nan(""), "", Provenance::measured, e.what(),
                        "xdna emu run " + b.name + " --json", ""});
    }
  }
  return s;
}

// ---- Host operators, measured ------------------------------------------------------------------

BenchSection host_ops(bool full) {
  const int runs = full ? 9 : 3;
  BenchSection s{
      "Operators on this host (CPU backend), measured",
      fmt::format("Median of {} runs after a warm-up, {} hardware threads. Compare with the NPU "
                  "projections above and the peers below.",
                  runs, std::thread::hardware_concurrency()),
      {}};
  progress("host: int16 matmul 512³");
  {
    const auto a = ops::synthetic_i16(512 * 512, 1, -100, 100);
    const auto b = ops::synthetic_i16(512 * 512, 2, -100, 100);
    const double sec = median_seconds(runs, [&] {
      ops::matmul_i16(a, b, {512, 512, 512}, ops::Backend::cpu);
    });
    s.rows.push_back({"int16 matmul 512×512×512", 2.0 * 512 * 512 * 512 / sec / 1e9, "GFLOP/s",
                      Provenance::measured,
                      fmt::format("{:.3f} ms; NPU measured 67.86 GFLOP/s (FACTS §4)", sec * 1e3),
                      "xdna bench --only host",
                      "ops::matmul_i16, as `xdna run matmul --backend cpu`"});
  }
  progress("host: edge-detect");
  for (auto [w, h] : std::vector<std::array<int, 2>>{{640, 480}, {1920, 1080}}) {
    const auto img =
        ops::synthetic_image(static_cast<std::size_t>(w), static_cast<std::size_t>(h), 3);
    ops::ImageRgba out;
    const double sec = median_seconds(runs, [&] { ops::edge_detect(img, out, ops::Backend::cpu); });
    s.rows.push_back({fmt::format("edge-detect {}×{}", w, h), sec * 1e3, "ms", Provenance::measured,
                      "", "xdna run edge-detect --input IMAGE.png --output out.png --backend cpu",
                      ""});
  }
  progress("host: collapse_fused 1 Mi bf16");
  {
    const auto x = ops::synthetic_bf16(1 << 20, 4);
    const double sec =
        median_seconds(runs, [&] { ops::collapse_fused(x, 0.5f, ops::Backend::cpu); });
    s.rows.push_back({"collapse_fused N = 1 Mi bf16", 2.0 * (1 << 20) / sec / 1e9, "GB/s",
                      Provenance::measured, fmt::format("{:.3f} ms", sec * 1e3),
                      "xdna run collapse-fused --frac 0.5 --backend cpu", ""});
  }
  return s;
}

// ---- Peers through the Google Benchmark programs ------------------------------------------------

std::filesystem::path self_dir() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path() : p.parent_path();
}

// Runs one benchmark program with a filter; returns its JSON (or null with a reason).
nlohmann::json run_benchmark(const std::filesystem::path& exe, const std::string& filter,
                             double min_time, std::string& command, std::string& why) {
  command =
      fmt::format("{} --benchmark_filter='{}' --benchmark_min_time={} --benchmark_format=json",
                  exe.string(), filter, min_time);
  if (!std::filesystem::exists(exe)) {
    why = "not built (build the bench targets)";
    return nullptr;
  }
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen((command + " 2>/dev/null").c_str(), "r"),
                                             pclose);
  if (!pipe) {
    why = "could not start";
    return nullptr;
  }
  std::string text;
  std::array<char, 4096> buf{};
  while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe.get())) text.append(buf.data(), n);
  try {
    return nlohmann::json::parse(text);
  } catch (const std::exception&) {
    why = "its output was not benchmark JSON";
    return nullptr;
  }
}

BenchSection peers(bool full) {
  BenchSection s{
      "Peers (OpenBLAS, OpenCV, Eigen), measured side by side",
      "Google Benchmark programs of this project, run from here; real time per iteration. "
      "Ratios compare rows of the same program run.",
      {}};
  const double min_time = full ? 0.5 : 0.05;
  const auto bench_dir = self_dir() / "bench";
  struct Job {
    std::filesystem::path exe;
    std::string filter;
    std::string title;
  };
  const std::vector<Job> jobs = {
      {bench_dir / "ops" / "bench_ops_matmul",
       "BM_(MatmulInt16|MatmulBf16|OpenBlasSgemm)/512/512/512",
       "GEMM 512³: ours (int16, bf16) vs OpenBLAS sgemm"},
      {bench_dir / "ops" / "bench_ops_edge_detect", "BM_EdgeDetect",
       "edge-detect 1920×1080: ours vs OpenCV"},
      {bench_dir / "kernels" / "kernels_bench", "BM_GemmI32_512_Eigen|BM_GemmI16_512_MmulKernel/32",
       "512³ GEMM: AIE micro-kernel on the host API vs Eigen"},
  };
  for (const auto& job : jobs) {
    progress("peers: " + job.title);
    std::string cmd, why;
    const nlohmann::json j = run_benchmark(job.exe, job.filter, min_time, cmd, why);
    if (j.is_null() || !j.contains("benchmarks")) {
      s.rows.push_back({job.title, std::nan(""), "", Provenance::measured, why, cmd, ""});
      continue;
    }
    double first = 0;
    for (const auto& b : j["benchmarks"]) {
      const double t = b.value("real_time", 0.0);
      const std::string unit = b.value("time_unit", "ns");
      if (first == 0) first = t;
      s.rows.push_back({b.value("name", std::string("?")), t, unit + "/iter", Provenance::measured,
                        first > 0 ? fmt::format("{:.2f}x the first row", t / first) : "", cmd,
                        job.title});
    }
  }
  return s;
}

// ---- Pruning experiments
// -------------------------------------------------------------------------

BenchSection pruning(bool full) {
  BenchSection s{
      "Pruning experiments (FACTS §5), measured on this host",
      "Work ratio counted as the seed did; cosine of pruned vs dense output; wall-clock speed-up "
      "measured (median) with the selection on the CPU backend.",
      {}};
  prune::ThreadPool pool(0);
  prune::ExperimentOptions eo;
  eo.repeats = full ? 5 : 1;
  eo.pool = &pool;
  progress("pruning: FFN, skewed regime");
  const std::vector<double> pcts =
      full ? std::vector<double>{25, 50, 75} : std::vector<double>{50, 75};
  const auto t = prune::run_ffn_experiment(prune::Regime::skewed, pcts, eo);
  const std::string cmd = fmt::format("xdna prune ffn --regime skewed --prune {} --repeats {}",
                                      full ? "25,50,75" : "50,75", eo.repeats);
  for (const auto& row : t.rows) {
    s.rows.push_back({fmt::format("FFN skewed, prune {:.0f}%: work ratio", row.prune_pct),
                      row.work_ratio, "x", Provenance::measured,
                      fmt::format("cosine {:.4f}", row.cosine), cmd, ""});
    s.rows.push_back({fmt::format("FFN skewed, prune {:.0f}%: wall-clock speed-up", row.prune_pct),
                      row.wall_speedup, "x", Provenance::measured, t.wall_note, cmd, ""});
  }
  return s;
}

bool wanted(const BenchOptions& o, const std::string& section) {
  return o.only.empty() || std::find(o.only.begin(), o.only.end(), section) != o.only.end();
}

void run_bench(const BenchOptions& o) {
  const bool full = o.full;
  timing::BenchReport report;
  report.title = "open-xdna benchmark report";
  report.mode = full ? "full" : "quick";
  report.header = {
      fmt::format("xdna {} ({} mode); timing model {}", kVersion, report.mode,
                  timing::kModelVersion),
      fmt::format("host: {} hardware threads; no NPU: NPU numbers are projections",
                  std::thread::hardware_concurrency()),
      "reproduce everything: `xdna bench " + std::string(full ? "--full" : "--quick") + "`"};
  const auto start = std::chrono::steady_clock::now();
  if (wanted(o, "npu")) report.sections.push_back(npu_projected(report, full));
  if (wanted(o, "emu")) report.sections.push_back(emulator());
  if (wanted(o, "host")) report.sections.push_back(host_ops(full));
  if (wanted(o, "peers")) report.sections.push_back(peers(full));
  if (wanted(o, "prune")) report.sections.push_back(pruning(full));
  const double sec =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.header.push_back(fmt::format("the report took {:.1f} s to produce", sec));
  timing::write_report(report, o.out);
  progress(fmt::format("wrote {}/report.md, report.json and {} figures in {:.1f} s", o.out,
                       report.figures.size(), sec));
  fmt::print("{}\n", (std::filesystem::path(o.out) / "report.md").string());
}

xdna::cli::Registrar reg(80, [](CLI::App& app) {
  auto o = std::make_shared<BenchOptions>();
  auto* sub = app.add_subcommand(
      "bench", "Run the project's experiments and write a report (Markdown, JSON, SVG)");
  auto* quick =
      sub->add_flag("--quick", o->quick, "Small sizes and few repeats, a few minutes (default)");
  sub->add_flag("--full", o->full, "Larger sweeps, more repeats, every built-in design")
      ->excludes(quick);
  sub->add_option("--out", o->out, "Output directory (created before the run)")
      ->capture_default_str()
      ->check(xdna::cli::writable_dir());
  sub->add_option("--only", o->only, "Sections to run: npu, emu, host, peers, prune (default: all)")
      ->check(CLI::IsMember({"npu", "emu", "host", "peers", "prune"}));
  sub->callback([o] {
    run_bench(*o);
    xdna::cli::exit_code() = xdna::cli::kExitOk;
  });
});

}  // namespace
