// `xdna run` in library form (see runner.hpp): load or generate, run, write, report.
#include "xdna/ops/runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>

#include "xdna/common/error.hpp"
#include "xdna/common/host_memory.hpp"
#include "xdna/ops/checksum.hpp"
#include "xdna/ops/image.hpp"
#include "xdna/ops/matmul.hpp"
#include "xdna/ops/mlp.hpp"
#include "xdna/ops/patch_embed.hpp"
#include "xdna/ops/raw_io.hpp"
#include "xdna/ops/selection.hpp"
#include "xdna/ops/synthetic.hpp"
#include "xdna/ops/vision.hpp"

namespace xdna::ops {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

template <typename T>
void finish(json& report, const RunRequest& rq, std::span<const T> out, const std::string& what) {
  report["checksum"] = checksum_hex(fnv1a64_of(out));
  report["checksum_of"] = what + " (" + std::to_string(out.size_bytes()) + " bytes, FNV-1a 64)";
  if (!rq.output.empty()) {
    write_raw(rq.output, out);
    report["output_file"] = rq.output;
  }
}

void require_inputs(const RunRequest& rq, std::size_t n, const char* names) {
  if (!rq.inputs.empty() && rq.inputs.size() != n) {
    throw InputError(rq.op + " takes " + std::to_string(n) + " --input file(s) (" + names +
                     "), got " + std::to_string(rq.inputs.size()));
  }
}

json input_note(const RunRequest& rq) {
  if (rq.inputs.empty()) return {{"source", "generated"}, {"seed", rq.seed}};
  return {{"source", "file"}, {"files", rq.inputs}};
}

void reject(bool present, const RunRequest& rq, const char* option) {
  if (present) throw InputError("option " + std::string(option) + " does not apply to " + rq.op);
}

std::vector<bfloat16> vector_input(const RunRequest& rq) {
  require_inputs(rq, 1, "a bf16 vector");
  if (rq.inputs.empty()) {
    if (rq.size == 0) throw InputError(rq.op + ": --size must be at least 1");
    // Input, output and (compaction) 32-bit survivor indices: 8 bytes per element.
    require_host_memory(checked_bytes({rq.size, 8}, rq.op + " --size " + std::to_string(rq.size)),
                        rq.op + " --size " + std::to_string(rq.size));
    return synthetic_bf16(rq.size, rq.seed);
  }
  const auto raw = read_raw<std::uint16_t>(rq.inputs[0], 0, "bf16 vector");
  std::vector<bfloat16> v(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) v[i] = bfloat16::from_bits(raw[i]);
  return v;
}

json run_selection(const RunRequest& rq) {
  reject(rq.m || rq.k || rq.n, rq, "--m/--k/--n");
  reject(!rq.dtype.empty() && rq.dtype != "bf16", rq, "--dtype other than bf16");
  const auto x = vector_input(rq);
  json r = {{"n", x.size()}, {"input", input_note(rq)}};
  const auto t0 = Clock::now();
  const bool uses_tau = rq.op == "collapse" || rq.op == "compact";
  const bool uses_frac = rq.op == "collapse-fused" || rq.op == "pse-collapse";
  reject(!uses_tau && rq.tau.has_value(), rq, "--tau");
  reject(!uses_frac && rq.frac.has_value(), rq, "--frac");
  reject(rq.op != "topk" && rq.count.has_value(), rq, "--count");
  const float tau = static_cast<float>(rq.tau.value_or(0.5));
  const float frac = static_cast<float>(rq.frac.value_or(0.5));
  if (rq.op == "collapse" || rq.op == "collapse-fused") {
    const CollapseResult c =
        rq.op == "collapse" ? collapse(x, tau, rq.backend) : collapse_fused(x, frac, rq.backend);
    r["host_seconds"] = seconds_since(t0);
    r["survivors"] = c.survivors;
    r["tau"] = c.tau;
    r[uses_tau ? "tau_q8" : "frac_q8"] = c.q8;
    if (uses_frac) r["peak"] = c.peak;
    finish(r, rq, std::span<const bfloat16>(c.out), "out, bf16 positional");
  } else if (rq.op == "compact" || rq.op == "pse-collapse") {
    const CompactResult c =
        rq.op == "compact" ? compact(x, tau, rq.backend) : pse_collapse(x, frac, rq.backend);
    r["host_seconds"] = seconds_since(t0);
    r["survivors"] = c.count;
    r["tau"] = c.tau;
    r[uses_tau ? "tau_q8" : "frac_q8"] = c.q8;
    if (uses_frac) r["peak"] = c.peak;
    if (!c.indices.empty()) {
      r["first_index"] = c.indices.front();
      r["last_index"] = c.indices.back();
    }
    finish(r, rq, std::span<const bfloat16>(c.out), "out, bf16 packed then zeros");
  } else if (rq.op == "topk") {
    const std::size_t count = rq.count.value_or(std::max<std::size_t>(1, x.size() / 4));
    const bfloat16 t = topk_threshold(x, count, rq.backend);
    r["host_seconds"] = seconds_since(t0);
    std::size_t survivors = 0;
    for (bfloat16 v : x) survivors += static_cast<float>(v) >= static_cast<float>(t);
    r["count"] = count;
    r["threshold"] = static_cast<float>(t);
    r["threshold_bits"] = t.bits();
    r["survivors"] = survivors;
    const bfloat16 out[1] = {t};
    finish(r, rq, std::span<const bfloat16>(out), "threshold, bf16");
  } else {  // reduce-max
    const bfloat16 m = reduce_max(x, rq.backend);
    r["host_seconds"] = seconds_since(t0);
    r["max"] = static_cast<float>(m);
    r["max_bits"] = m.bits();
    const bfloat16 out[1] = {m};
    finish(r, rq, std::span<const bfloat16>(out), "max, bf16");
  }
  return r;
}

std::string dtype_or(const RunRequest& rq, const char* fallback) {
  const std::string d = rq.dtype.empty() ? fallback : rq.dtype;
  if (d != "int16" && d != "bf16" && d != "bf16-bf16") {
    throw InputError("--dtype '" + d + "': expected int16 (int32 out), bf16 (fp32 out) or " +
                     "bf16-bf16 (bf16 out)");
  }
  return d;
}

template <typename T>
std::vector<T> matrix_input(const RunRequest& rq, std::size_t which, std::size_t elems,
                            const char* what, std::uint64_t seed_offset, int lo, int hi) {
  if (!rq.inputs.empty()) return read_raw<T>(rq.inputs[which], elems, what);
  if constexpr (std::is_same_v<T, std::int16_t>) {
    return synthetic_i16(elems, rq.seed + seed_offset, lo, hi);
  } else {
    const auto v = synthetic_bf16(elems, rq.seed + seed_offset);
    return std::vector<T>(v.begin(), v.end());
  }
}

std::vector<bfloat16> bf16_matrix(const RunRequest& rq, std::size_t which, std::size_t elems,
                                  const char* what, std::uint64_t seed_offset) {
  if (rq.inputs.empty()) return synthetic_bf16(elems, rq.seed + seed_offset);
  const auto raw = read_raw<std::uint16_t>(rq.inputs[which], elems, what);
  std::vector<bfloat16> v(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) v[i] = bfloat16::from_bits(raw[i]);
  return v;
}

json run_matmul(const RunRequest& rq) {
  require_inputs(rq, 2, "A then B");
  const MatmulShape s{rq.m ? rq.m : 512, rq.k ? rq.k : 512, rq.n ? rq.n : 512};
  const std::string dtype = dtype_or(rq, "int16");
  {
    // A and B (2 bytes per element) and C (4 bytes), before anything is allocated.
    const std::string what =
        "matmul " + std::to_string(s.m) + "x" + std::to_string(s.k) + "x" + std::to_string(s.n);
    const std::uint64_t a = checked_bytes({s.m, s.k, 2}, what),
                        b = checked_bytes({s.k, s.n, 2}, what),
                        c = checked_bytes({s.m, s.n, 4}, what);
    for (std::uint64_t part : {a, b, c}) require_host_memory(part, what);  // no overflow below
    require_host_memory(a + b + c, what);
  }
  json r = {{"m", s.m}, {"k", s.k}, {"n", s.n}, {"dtype", dtype}, {"input", input_note(rq)}};
  const double flops = 2.0 * double(s.m) * double(s.k) * double(s.n);
  if (dtype == "int16") {
    const auto a = matrix_input<std::int16_t>(rq, 0, s.m * s.k, "matrix A (int16)", 0, -1000, 1000);
    const auto b = matrix_input<std::int16_t>(rq, 1, s.k * s.n, "matrix B (int16)", 1, -1000, 1000);
    const auto t0 = Clock::now();
    const auto c = matmul_i16(a, b, s, rq.backend);
    r["host_seconds"] = seconds_since(t0);
    r["host_gops"] = flops / r["host_seconds"].get<double>() * 1e-9;
    finish(r, rq, std::span<const std::int32_t>(c), "C, int32 row-major");
  } else {
    const auto a = bf16_matrix(rq, 0, s.m * s.k, "matrix A (bf16)", 0);
    const auto b = bf16_matrix(rq, 1, s.k * s.n, "matrix B (bf16)", 1);
    const auto t0 = Clock::now();
    if (dtype == "bf16") {
      const auto c = matmul_bf16(a, b, s, rq.backend);
      r["host_seconds"] = seconds_since(t0);
      finish(r, rq, std::span<const float>(c), "C, fp32 row-major");
    } else {
      const auto c = matmul_bf16_out(a, b, s, rq.backend);
      r["host_seconds"] = seconds_since(t0);
      finish(r, rq, std::span<const bfloat16>(c), "C, bf16 row-major");
    }
    r["host_gflops"] = flops / r["host_seconds"].get<double>() * 1e-9;
  }
  return r;
}

json run_mlp2(const RunRequest& rq) {
  require_inputs(rq, 3, "x, W1, W2");
  reject(rq.n != 0, rq, "--n (mlp2 is square: --k sets the width)");
  reject(!rq.dtype.empty() && rq.dtype != "int16", rq, "--dtype other than int16");
  Mlp2Shape s;
  s.rows = rq.m ? rq.m : 512;
  s.in = s.hidden = s.out = rq.k ? rq.k : 512;
  {
    // x, W1, W2 (2 bytes per element), the hidden and output activations (4 bytes).
    const std::string what =
        "mlp2 rows " + std::to_string(s.rows) + " width " + std::to_string(s.in);
    const std::uint64_t io = checked_bytes({s.rows, s.in, 2 + 4 + 4}, what),
                        weights = checked_bytes({s.in, s.in, 2 * 2}, what);
    require_host_memory(io, what);
    require_host_memory(weights, what);
    require_host_memory(io + weights, what);
  }
  const auto x = matrix_input<std::int16_t>(rq, 0, s.rows * s.in, "x (int16)", 0, -64, 64);
  const auto w1 = matrix_input<std::int16_t>(rq, 1, s.in * s.hidden, "W1 (int16)", 1, -64, 64);
  const auto w2 = matrix_input<std::int16_t>(rq, 2, s.hidden * s.out, "W2 (int16)", 2, -64, 64);
  const auto t0 = Clock::now();
  const Mlp2Result m = mlp2(x, w1, w2, s, rq.backend);
  json r = {{"rows", s.rows},
            {"width", s.in},
            {"input", input_note(rq)},
            {"host_seconds", seconds_since(t0)},
            {"hidden_peak", m.hidden_peak},
            {"requant_scaled", m.scaled}};
  finish(r, rq, std::span<const std::int32_t>(m.y), "y, int32 row-major");
  return r;
}

json run_edge_detect(const RunRequest& rq) {
  require_inputs(rq, 1, "an RGBA8 PNG");
  reject(rq.m || rq.k || rq.n, rq, "--m/--k/--n");
  const ImageRgba img = rq.inputs.empty() ? synthetic_image(rq.width, rq.height, rq.seed)
                                          : read_png_rgba(rq.inputs[0]);
  const auto t0 = Clock::now();
  const ImageRgba out = edge_detect(img, rq.backend);
  json r = {{"width", img.width},
            {"height", img.height},
            {"input", input_note(rq)},
            {"host_seconds", seconds_since(t0)}};
  std::size_t edges = 0;
  for (std::size_t i = 0; i < out.width * out.height; ++i) {
    const std::uint8_t* p = out.pixels.data() + i * 4;
    edges += (p[0] & p[1] & p[2]) == 255;
  }
  r["white_pixels"] = edges;
  r["checksum"] = checksum_hex(fnv1a64_of(std::span<const std::uint8_t>(out.pixels)));
  r["checksum_of"] =
      "output pixels, RGBA8 row-major (" + std::to_string(out.pixels.size()) + " bytes, FNV-1a 64)";
  if (!rq.output.empty()) {
    write_png_rgba(rq.output, out);
    r["output_file"] = rq.output;
  }
  return r;
}

json run_patch_embed(const RunRequest& rq) {
  require_inputs(rq, 2, "image 224x224x3 HWC, then weights 768x768");
  reject(rq.m || rq.k || rq.n, rq, "--m/--k/--n");
  const std::string dtype = dtype_or(rq, "int16");
  reject(dtype == "bf16-bf16", rq, "--dtype bf16-bf16");
  json r = {{"dtype", dtype},
            {"rows", kPatchRowsPadded},
            {"patches", kPatchCount},
            {"dim", kPatchDim},
            {"input", input_note(rq)}};
  if (dtype == "int16") {
    const auto img =
        matrix_input<std::int16_t>(rq, 0, kPatchImageElems, "image (int16)", 0, 0, 255);
    const auto w =
        matrix_input<std::int16_t>(rq, 1, kPatchDim * kPatchDim, "weights (int16)", 1, -128, 127);
    const auto t0 = Clock::now();
    const auto out = patch_embed(std::span<const std::int16_t>(img), w, rq.backend);
    r["host_seconds"] = seconds_since(t0);
    finish(r, rq, std::span<const std::int32_t>(out), "embeddings, int32 256x768");
  } else {
    const auto img = bf16_matrix(rq, 0, kPatchImageElems, "image (bf16)", 0);
    const auto w = bf16_matrix(rq, 1, kPatchDim * kPatchDim, "weights (bf16)", 1);
    const auto t0 = Clock::now();
    const auto out = patch_embed(std::span<const bfloat16>(img), w, rq.backend);
    r["host_seconds"] = seconds_since(t0);
    finish(r, rq, std::span<const float>(out), "embeddings, fp32 256x768");
  }
  return r;
}

}  // namespace

const std::vector<std::string>& operator_names() {
  static const std::vector<std::string> names = {
      "collapse",   "collapse-fused", "compact", "pse-collapse", "topk",
      "reduce-max", "matmul",         "mlp2",    "edge-detect",  "patch-embed"};
  return names;
}

json run_operator(const RunRequest& rq) {
  json r;
  if (rq.op == "collapse" || rq.op == "collapse-fused" || rq.op == "compact" ||
      rq.op == "pse-collapse" || rq.op == "topk" || rq.op == "reduce-max") {
    r = run_selection(rq);
  } else if (rq.op == "matmul") {
    r = run_matmul(rq);
  } else if (rq.op == "mlp2") {
    r = run_mlp2(rq);
  } else if (rq.op == "edge-detect") {
    r = run_edge_detect(rq);
  } else if (rq.op == "patch-embed") {
    r = run_patch_embed(rq);
  } else {
    std::string list;
    for (const auto& n : operator_names()) list += (list.empty() ? "" : ", ") + n;
    throw InputError("unknown operator '" + rq.op + "': expected one of " + list);
  }
  r["op"] = rq.op;
  r["backend"] = to_string(rq.backend);
  if (rq.backend == Backend::emu) {
    const EmulatorRunInfo& e = last_emulator_run();
    std::vector<std::string> designs;  // each design once, in first-run order
    for (const auto& d : e.designs) {
      if (std::find(designs.begin(), designs.end(), d) == designs.end()) designs.push_back(d);
    }
    json em = {{"designs", designs},       {"runs", e.runs},
               {"cores", e.cores},         {"kernel_calls", e.kernel_calls},
               {"dma_bytes", e.dma_bytes}, {"host_wall_seconds", e.host_wall_seconds}};
    r["emulated"] = em;
    if (e.projected) {
      r["projected_npu_us"] = e.projected_us;
      r["projected_note"] = "timing-model projection for npu1 (default power mode), not measured";
    }
  }
  return r;
}

}  // namespace xdna::ops
