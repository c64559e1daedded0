// Projection of real emulator runs: a design is built, run on the emulator, and its record is
// re-composed by the timing model. Checked against the same design's timeline built by hand
// (reference_designs.hpp style, FifoLocks), which does not look at the record's order at all.
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "aie2/kernels.h"
#include "xdna/common/error.hpp"
#include "xdna/design/design.hpp"
#include "xdna/emu/builtin.hpp"
#include "xdna/emu/emulator.hpp"
#include "xdna/timing/analytic_counts.hpp"
#include "xdna/timing/reference_designs.hpp"
#include "xdna/timing/run_projection.hpp"

namespace xdna::timing {
namespace {

using design::DType;
using design::TensorType;

// shim(0) -> [mem(0) ->] core(0,2) relu_bf16 -> shim(0), `elements` elements of `chunk` bf16.
design::Design relu_design(int elements, int chunk, bool via_mem_tile) {
  design::Design d(arch::npu1(), "relu");
  const TensorType elem{DType::bf16, {chunk}};
  design::FifoRef in;
  if (via_mem_tile) {
    auto l3 = d.object_fifo("in_l3", elem, 2, design::shim(0), {design::mem(0)});
    in = d.object_fifo("in", elem, 2, design::mem(0), {design::core(0, 2)});
    d.forward(l3, in);
  } else {
    in = d.object_fifo("in", elem, 2, design::shim(0), {design::core(0, 2)});
  }
  auto out = d.object_fifo("out", elem, 2, design::core(0, 2), {design::shim(0)});
  d.worker("relu", design::core(0, 2), {in.cons(), out.prod()}, [=](design::Core& c) {
    for (int i = 0; i < elements; ++i) {
      auto x = c.acquire(0);
      auto y = c.acquire(1);
      c.call("relu_bf16", [&] { relu_bf16(x.as<bfloat16>(), y.as<bfloat16>(), chunk); });
      c.release(0);
      c.release(1);
    }
  });
  const int a = d.runtime_arg("input", {DType::bf16, {elements * chunk}});
  const int b = d.runtime_arg("output", {DType::bf16, {elements * chunk}});
  d.start();
  d.fill(via_mem_tile ? design::FifoRef{0} : in, a);
  d.drain(out, b);
  return d;
}

emu::RunResult run_relu(const design::Design& d, int n, int threads = 1) {
  std::vector<bfloat16> x(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    x[static_cast<std::size_t>(i)] = bfloat16(static_cast<float>(i % 9) - 4);
  emu::Buffers bufs = {emu::to_bytes(x), emu::Buffer(x.size() * sizeof(bfloat16))};
  emu::RunOptions opt;
  opt.host_threads = threads;
  emu::RunResult r = emu::run(d, bufs, opt);
  EXPECT_EQ(r.status, emu::Status::completed) << r.diagnosis;
  return r;
}

// The same dataflow built by hand: shim->core hop per element (the shim task is cut at the
// element boundaries by the core's S2MM), the kernel, core->shim hop, 2-deep fifos.
double hand_built_us(int elements, int chunk, const KernelProfile& relu, const DeviceRates& r,
                     const TimingParams& p) {
  DesignBuilder b("hand-built relu", r, p);
  b.dispatch();
  const double h = p.lock_handoff_cycles;
  FifoLocks in(2, h), out(2, h);
  const auto bytes = static_cast<std::uint64_t>(chunk) * 2;
  for (std::size_t e = 0; e < static_cast<std::size_t>(elements); ++e) {
    std::vector<Dependency> deps;
    in.need_free(e, deps);
    const auto i = b.hop("shim in", bytes, arch::TileKind::shim, arch::TileKind::core, deps, "in");
    in.written(e, i);
    deps.clear();
    in.need_written(e, deps);
    out.need_free(e, deps);
    const auto k = b.kernel("core", relu, deps, "relu");
    in.released(e, k);
    out.written(e, k);
    deps.clear();
    out.need_written(e, deps);
    const auto o =
        b.hop("core out", bytes, arch::TileKind::core, arch::TileKind::shim, deps, "out");
    out.released(e, o);
  }
  return project(b.finish(2), r, p).projected_us;
}

TEST(RunProjection, MatchesTheSameDataflowBuiltByHand) {
  const int elements = 8, chunk = 512;
  const design::Design d = relu_design(elements, chunk, false);
  const emu::RunResult run = run_relu(d, elements * chunk);
  ASSERT_EQ(run.record.kernel_calls.size(), static_cast<std::size_t>(elements));
  const Projection p = project(run, d, arch::npu1(), "default");
  const DeviceRates rates = device_rates(arch::npu1(), "default", default_params());
  const KernelProfile relu{"relu_bf16", run.record.kernel_calls[0].ops, true};
  const double expected = hand_built_us(elements, chunk, relu, rates, default_params());
  std::printf("record-based %.3f us, hand-built %.3f us, kernel %.0f cycles\n", p.projected_us,
              expected, kernel_cost(relu.ops, true, rates, default_params()).total_cycles);
  EXPECT_NEAR(p.projected_us, expected, 0.01 * expected);
  EXPECT_GT(p.projected_us, default_params().host_dispatch_us);
  EXPECT_NE(p.headline().find("projected"), std::string::npos);
}

TEST(RunProjection, LongShimTaskIsThrottledElementByElement) {
  // Through the mem tile the shim streams one 8-element task; the projection must still cut it
  // per element and respect the 2-deep fifos, so it takes at least the serial per-element chain
  // of the slowest hop, and more elements take longer.
  const design::Design small = relu_design(4, 512, true);
  const design::Design large = relu_design(16, 512, true);
  const Projection ps = project(run_relu(small, 4 * 512), small, arch::npu1(), "default");
  const Projection pl = project(run_relu(large, 16 * 512), large, arch::npu1(), "default");
  EXPECT_GT(pl.projected_us, ps.projected_us);
  const TimingParams p = default_params();
  const double per_element_shim_us = (1024 / p.shim_ddr_bytes_per_cycle) / 1800.0;
  std::printf("4 elements %.3f us, 16 elements %.3f us\n", ps.projected_us, pl.projected_us);
  EXPECT_GT(pl.projected_us - ps.projected_us, 12 * per_element_shim_us * 0.99);
}

// Lock dependencies come from matching lock units, not from the host's interleaving: runs with
// one and two host threads (different event orders) project to the same time.
TEST(RunProjection, DoesNotDependOnHowTheHostInterleavedTheRun) {
  const design::Design d = relu_design(12, 256, true);
  const double one = project(run_relu(d, 12 * 256, 1), d, arch::npu1(), "default").projected_us;
  for (int i = 0; i < 3; ++i) {
    const double two = project(run_relu(d, 12 * 256, 2), d, arch::npu1(), "default").projected_us;
    EXPECT_DOUBLE_EQ(two, one);
  }
}

TEST(RunProjection, PowerModeSelectsTheClock) {
  const design::Design d = relu_design(4, 512, false);
  const emu::RunResult run = run_relu(d, 4 * 512);
  const Projection fast = project(run, d, arch::npu1(), "default");
  const Projection slow = project(run, d, arch::npu1(), "powersaver");
  EXPECT_DOUBLE_EQ(slow.clock_mhz, 800.0);
  EXPECT_GT(slow.projected_us, fast.projected_us);
  EXPECT_THROW(project(run, d, arch::npu1(), "fastest"), InputError);
}

// The emulator's built-in single-core GEMM (xdna emu run matmul) against the calibration's
// reference design of the same GEMM (reference_designs.cpp), built independently from the
// mlir-aie design description: the record-derived projection must agree within 2%.
TEST(RunProjection, BuiltinGemmAgreesWithTheReferenceDesign) {
  const auto& builtin = emu::find_builtin("matmul");
  auto c = builtin.make({{"M", "128"}, {"K", "128"}, {"N", "128"}, {"tile", "32"}});
  emu::RunOptions opt;
  opt.host_threads = 1;
  const auto outcome = emu::run_builtin(c, opt);
  ASSERT_TRUE(outcome.match);
  const Projection from_run = project(outcome.run, c.design, arch::npu1(), "default");
  const DeviceRates r = device_rates(arch::npu1(), "default", default_params());
  reference::GemmShape g;
  g.M = g.K = g.N = 128;
  const double reference_us =
      project(reference::gemm_single_core(g, analytic::gemm_i16_i32(32, 32, 32),
                                          analytic::zero_i32(32, 32), r, default_params()),
              r, default_params())
          .projected_us;
  std::printf("builtin matmul 128^3: from the run %.2f us, reference design %.2f us\n",
              from_run.projected_us, reference_us);
  EXPECT_NEAR(from_run.projected_us, reference_us, 0.02 * reference_us);
}

TEST(RunProjection, RefusesARunThatDidNotComplete) {
  const design::Design d = relu_design(2, 512, false);
  emu::RunResult r = run_relu(d, 2 * 512);
  r.status = emu::Status::deadlock;
  EXPECT_THROW(project(r, d, arch::npu1(), "default"), InputError);
}

}  // namespace
}  // namespace xdna::timing
