// The built-in designs: parameters, deterministic inputs, references, and the comparison.
#include <cstring>
#include <random>

#include "reference.hpp"
#include "xdna/common/error.hpp"
#include "xdna/common/host_memory.hpp"
#include "xdna/emu/builtin.hpp"
#include "xdna/emu/designs.hpp"

namespace xdna::emu {

std::int64_t param_int(const Params& p, const std::string& name, std::int64_t fallback) {
  auto it = p.find(name);
  if (it == p.end()) return fallback;
  try {
    std::size_t used = 0;
    const long long v = std::stoll(it->second, &used, 0);
    if (used != it->second.size()) throw std::invalid_argument("trailing");
    return v;
  } catch (const std::exception&) {
    throw InputError("parameter '" + name + "': '" + it->second + "' is not an integer");
  }
}

std::string param_str(const Params& p, const std::string& name, const std::string& fallback) {
  auto it = p.find(name);
  return it == p.end() ? fallback : it->second;
}

namespace {

template <typename T>
Buffer bytes_of(const std::vector<T>& v) {
  return to_bytes(v);
}

std::uint32_t seed_of(const Params& p) {
  return static_cast<std::uint32_t>(param_int(p, "seed", 1));
}
// The two parameters every design takes: the device, returned, and the seed of the input data,
// checked here too, so that a design built without its data (validation) still refuses a bad one.
arch::Device device_of(const Params& p) {
  seed_of(p);
  return arch::device_by_name(param_str(p, "device", "npu1"));
}
int int_param(const Params& p, const std::string& name, std::int64_t fallback) {
  const auto v = param_int(p, name, fallback);
  if (v < -(1ll << 31) || v > (1ll << 31) - 1)
    throw InputError("parameter '" + name + "' = " + std::to_string(v) + " is out of range");
  return static_cast<int>(v);
}

std::vector<std::uint16_t> random_bf16(std::size_t n, std::uint32_t seed, float lo, float hi) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<std::uint16_t> v(n);
  for (auto& x : v) x = reference::bf16_from_float(dist(rng));
  return v;
}

template <typename T>
std::vector<T> random_ints(std::size_t n, std::uint32_t seed, int lo, int hi) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(lo, hi);
  std::vector<T> v(n);
  for (auto& x : v) x = static_cast<T>(dist(rng));
  return v;
}

// The design builders have checked the sizes are positive; the host buffers (inputs, outputs and
// the reference) must also fit in memory before they are allocated.
std::uint64_t elems(std::int64_t v) {
  return static_cast<std::uint64_t>(v);
}
void require_buffers(const std::string& design, std::initializer_list<std::uint64_t> bytes) {
  std::uint64_t total = 0;
  for (std::uint64_t b : bytes) {
    require_host_memory(b, "design '" + design + "' host buffers");
    total += b;  // each at most half of memory: no overflow
  }
  require_host_memory(total, "design '" + design + "' host buffers");
}

// The vector designs' host buffers: input, output and reference, n elements of `element_bytes`.
void require_vector_buffers(const std::string& design, std::int64_t n,
                            std::uint64_t element_bytes) {
  const auto bytes = checked_bytes({elems(n), element_bytes}, "design '" + design + "' n");
  require_buffers(design, {bytes, bytes, bytes});
}

const ParamSpec kDevice{"device", "npu1", "device or partition (npu1, npu1_2col, npu4, ...)"};
const ParamSpec kSeed{"seed", "1", "seed of the input data"};

// Each design has two builders: design_X checks the parameters and builds the design only (what
// `xdna emu validate` needs), make_X adds the input data and the host reference (what a run
// needs; for the GEMMs the reference alone is O(M K N)).

design::Design design_passthrough(const Params& p) {
  const auto n = param_int(p, "n", 4096);
  auto d = designs::passthrough(device_of(p), n, param_int(p, "chunk", 1024));
  require_vector_buffers("passthrough", n, 4);
  return d;
}

BuiltinCase make_passthrough(const Params& p) {
  auto d = design_passthrough(p);
  const auto n = static_cast<std::size_t>(param_int(p, "n", 4096));
  auto in = random_ints<std::int32_t>(n, seed_of(p), -1000000, 1000000);
  return {std::move(d), {bytes_of(in), Buffer(n * 4)}, {1}, {bytes_of(in)}};
}

design::Design design_vector_scale(const Params& p) {
  const auto n = param_int(p, "n", 4096);
  const int factor = int_param(p, "factor", 300), shift = int_param(p, "shift", 3);
  auto d = designs::vector_scale(device_of(p), n, param_int(p, "chunk", 1024), factor, shift);
  require_vector_buffers("vector_scale", n, 2);
  return d;
}

BuiltinCase make_vector_scale(const Params& p) {
  auto d = design_vector_scale(p);
  const auto n = static_cast<std::size_t>(param_int(p, "n", 4096));
  auto in = random_ints<std::int16_t>(n, seed_of(p), -32768, 32767);
  auto ref = reference::vector_scale(in, int_param(p, "factor", 300), int_param(p, "shift", 3));
  return {std::move(d), {bytes_of(in), Buffer(n * 2)}, {1}, {bytes_of(ref)}};
}

design::Design design_collapse(const Params& p) {
  return designs::collapse_fused(device_of(p), param_int(p, "n", 4096),
                                 int_param(p, "frac_q8", 128));
}

// The data of both collapse designs: n bf16 values in [-4, 4) and the collapse_fused reference.
BuiltinCase with_collapse_data(design::Design d, const Params& p, std::int64_t default_n) {
  const auto n = static_cast<std::size_t>(param_int(p, "n", default_n));
  auto in = random_bf16(n, seed_of(p), -4.0f, 4.0f);
  auto ref = reference::collapse_fused(in, int_param(p, "frac_q8", 128));
  return {std::move(d), {bytes_of(in), Buffer(n * 2)}, {1}, {bytes_of(ref)}};
}

BuiltinCase make_collapse(const Params& p) {
  return with_collapse_data(design_collapse(p), p, 4096);
}

design::Design design_reduce_collapse(const Params& p) {
  const auto n = param_int(p, "n", 16384);
  auto d = designs::reduce_collapse(device_of(p), n, int_param(p, "columns", 4),
                                    int_param(p, "frac_q8", 128));
  require_vector_buffers("reduce_collapse", n, 2);
  return d;
}

BuiltinCase make_reduce_collapse(const Params& p) {
  return with_collapse_data(design_reduce_collapse(p), p, 16384);
}

designs::MatmulType matmul_type(const Params& p) {
  const auto t = param_str(p, "dtype", "i16");
  if (t == "i16") return designs::MatmulType::i16_i32;
  if (t == "bf16") return designs::MatmulType::bf16_f32;
  throw InputError("parameter 'dtype': '" + t +
                   "' is not supported; use i16 (int32 out) or bf16 (f32 out)");
}

design::Design design_matmul(const Params& p, bool array) {
  const auto M = param_int(p, "M", 512), K = param_int(p, "K", 512), N = param_int(p, "N", 512);
  const int tile = int_param(p, "tile", 32);
  const auto type = matmul_type(p);
  auto dev = device_of(p);
  // Before the design: its builder emits runtime operations per row block of M, so absurd sizes
  // must stop here. Non-positive sizes are left to the builder, which names the rule.
  // Multiplied unsigned and checked: M * K in int64 could overflow for command-line sizes.
  const std::string what = "design 'matmul' M x K x N";
  if (M > 0 && K > 0 && N > 0) {
    const auto na = checked_bytes({elems(M), elems(K)}, what);
    const auto nb = checked_bytes({elems(K), elems(N)}, what);
    const auto nc = checked_bytes({elems(M), elems(N)}, what);
    // A and B as 2-byte elements (plus the bf16 path's int staging, 4 bytes), C and its reference.
    require_buffers(array ? "matmul_array" : "matmul",
                    {checked_bytes({na, 6}, what), checked_bytes({nb, 6}, what),
                     checked_bytes({nc, 4}, what), checked_bytes({nc, 4}, what)});
  }
  return array ? designs::matmul_array(dev, M, K, N, tile, type, int_param(p, "rows", 4),
                                       int_param(p, "cols", 4))
               : designs::matmul_single(dev, M, K, N, tile, type);
}

BuiltinCase make_matmul(const Params& p, bool array) {
  design::Design d = design_matmul(p, array);  // checks every size below
  const auto M = param_int(p, "M", 512), K = param_int(p, "K", 512), N = param_int(p, "N", 512);
  const auto na = elems(M) * elems(K), nb = elems(K) * elems(N), nc = elems(M) * elems(N);
  if (matmul_type(p) == designs::MatmulType::i16_i32) {
    auto a = random_ints<std::int16_t>(na, seed_of(p), -256, 255);
    auto b = random_ints<std::int16_t>(nb, seed_of(p) + 1, -256, 255);
    auto c = reference::matmul_i16(a, b, M, K, N);
    return {std::move(d), {bytes_of(a), bytes_of(b), Buffer(nc * 4)}, {2}, {bytes_of(c)}};
  }
  // Small integers: every product and partial sum is exact in fp32, so the bits do not depend on
  // the order in which the kernel accumulates.
  auto ai = random_ints<int>(na, seed_of(p), -8, 8),
       bi = random_ints<int>(nb, seed_of(p) + 1, -8, 8);
  std::vector<std::uint16_t> a(na), b(nb);
  for (std::size_t i = 0; i < na; ++i) a[i] = reference::bf16_from_float(static_cast<float>(ai[i]));
  for (std::size_t i = 0; i < nb; ++i) b[i] = reference::bf16_from_float(static_cast<float>(bi[i]));
  auto c = reference::matmul_bf16_exact(a, b, M, K, N);
  return {std::move(d), {bytes_of(a), bytes_of(b), Buffer(nc * 4)}, {2}, {bytes_of(c)}};
}

design::Design design_deadlock(const Params& p) {
  return designs::deadlock_ring(device_of(p));
}

BuiltinCase make_deadlock(const Params& p) {
  return {design_deadlock(p), {}, {}, {}};
}

std::vector<ParamSpec> with_common(std::vector<ParamSpec> v) {
  v.push_back(kDevice);
  v.push_back(kSeed);
  return v;
}

std::vector<ParamSpec> matmul_params(bool array) {
  std::vector<ParamSpec> v = {{"M", "512", "rows of A and C"},
                              {"K", "512", "columns of A, rows of B"},
                              {"N", "512", "columns of B and C"},
                              {"tile", "32", "tile edge m = k = n: 32 or 64"},
                              {"dtype", "i16", "i16 (int32 out) or bf16 (f32 out)"}};
  if (array) {
    v.push_back({"rows", "4", "core rows used"});
    v.push_back({"cols", "4", "core columns used"});
  }
  return with_common(v);
}

}  // namespace

const std::vector<BuiltinDesign>& builtin_designs() {
  static const std::vector<BuiltinDesign> all = {
      {"passthrough", "shim -> core passthrough_i32 -> shim",
       with_common(
           {{"n", "4096", "int32 elements"}, {"chunk", "1024", "elements per fifo element"}}),
       false, make_passthrough, design_passthrough},
      {"vector_scale", "int16 out = srs(in * factor, shift), positive_inf rounding, saturation",
       with_common({{"n", "4096", "int16 elements"},
                    {"chunk", "1024", "elements per fifo element"},
                    {"factor", "300", "int16 multiplier"},
                    {"shift", "3", "right shift 0..31"}}),
       false, make_vector_scale, design_vector_scale},
      {"collapse_fused", "single-tile bf16 collapse_fused with a Q8 runtime parameter",
       with_common({{"n", "4096", "bf16 elements (<= 4096)"},
                    {"frac_q8", "128", "fraction of the peak, Q8"}}),
       false, make_collapse, design_collapse},
      {"reduce_collapse",
       "cross-tile reduce-then-collapse (partial max per column, join, combine, broadcast)",
       with_common({{"n", "16384", "bf16 elements"},
                    {"columns", "4", "columns used"},
                    {"frac_q8", "128", "fraction of the peak, Q8"}}),
       false, make_reduce_collapse, design_reduce_collapse},
      {"matmul", "single-core GEMM, tiles streamed from the host through mem tile (0,1)",
       matmul_params(false), false, [](const Params& p) { return make_matmul(p, false); },
       [](const Params& p) { return design_matmul(p, false); }},
      {"matmul_array", "GEMM over rows x cols cores (the whole npu1 array by default)",
       matmul_params(true), false, [](const Params& p) { return make_matmul(p, true); },
       [](const Params& p) { return design_matmul(p, true); }},
      {"deadlock", "two cores that both wait to receive first (deadlocks on purpose)",
       with_common({}), true, make_deadlock, design_deadlock},
  };
  return all;
}

const BuiltinDesign& find_builtin(std::string_view name) {
  std::string known;
  for (const auto& b : builtin_designs()) {
    if (b.name == name) return b;
    known += (known.empty() ? "" : ", ") + b.name;
  }
  throw InputError("unknown design '" + std::string(name) + "'; built-in designs: " + known);
}

BuiltinOutcome run_builtin(BuiltinCase& c, const RunOptions& options) {
  BuiltinOutcome o;
  o.run = run(c.design, c.buffers, options);
  o.checksum = checksum(c.buffers, c.outputs);
  o.match = o.run.status == Status::completed;
  for (std::size_t i = 0; i < c.outputs.size(); ++i) {
    const auto& got = c.buffers[static_cast<std::size_t>(c.outputs[i])];
    const auto& want = c.expected[i];
    if (got.size() != want.size()) {
      o.match = false;
      continue;
    }
    for (std::size_t k = 0; k < got.size(); ++k)
      if (got[k] != want[k]) {
        if (o.mismatched_bytes++ == 0) {
          char buf[160];
          std::snprintf(
              buf, sizeof buf, "output '%s' byte %zu: got 0x%02x, expected 0x%02x",
              c.design.runtime_args()[static_cast<std::size_t>(c.outputs[i])].name.c_str(), k,
              static_cast<unsigned>(got[k]), static_cast<unsigned>(want[k]));
          o.first_mismatch = buf;
        }
        o.match = false;
      }
  }
  return o;
}

}  // namespace xdna::emu
