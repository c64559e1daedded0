// The designs behind FACTS §4's measurements, as timelines (see reference_designs.hpp).
#include "xdna/timing/reference_designs.hpp"

#include <algorithm>
#include <string>

#include "xdna/common/error.hpp"
#include "xdna/timing/analytic_counts.hpp"

namespace xdna::timing::reference {

namespace {
using arch::TileKind;

std::string nth(const char* what, std::size_t i) {
  return std::string(what) + " #" + std::to_string(i);
}
}  // namespace

DesignTimeline single_tile(std::uint64_t in_bytes, std::uint64_t out_bytes,
                           const KernelProfile& kernel, int host_buffers, const DeviceRates& rates,
                           const TimingParams& params) {
  DesignBuilder b("single tile " + kernel.name, rates, params);
  b.dispatch();
  const auto in = b.hop("shim(0,0) mm2s0", in_bytes, TileKind::shim, TileKind::core, {}, "in");
  const auto k = b.kernel("core(0,2)", kernel, {{in, b.handoff()}}, kernel.name);
  b.hop("core(0,2) mm2s0", out_bytes, TileKind::core, TileKind::shim, {{k, b.handoff()}}, "out");
  return b.finish(host_buffers);
}

DesignTimeline passthrough(std::uint64_t bytes, const KernelProfile& copy, const DeviceRates& rates,
                           const TimingParams& params) {
  DesignTimeline d = single_tile(bytes, bytes, copy, 2, rates, params);
  d.name = "passthrough " + std::to_string(bytes) + " B";
  return d;
}

DesignTimeline gemm_single_core(const GemmShape& g, const KernelProfile& matmul,
                                const KernelProfile& zero, const DeviceRates& rates,
                                const TimingParams& params) {
  if (g.m <= 0 || g.k <= 0 || g.n <= 0 || g.M % g.m || g.K % g.k || g.N % g.n || g.M <= 0 ||
      g.K <= 0 || g.N <= 0) {
    throw InputError("timing: GEMM " + std::to_string(g.M) + "x" + std::to_string(g.K) + "x" +
                     std::to_string(g.N) + " is not a positive multiple of its tile " +
                     std::to_string(g.m) + "x" + std::to_string(g.k) + "x" + std::to_string(g.n));
  }
  DesignBuilder b("gemm single core " + std::to_string(g.M) + "x" + std::to_string(g.K) + "x" +
                      std::to_string(g.N),
                  rates, params);
  b.dispatch();
  const double h = b.handoff();
  FifoLocks a_l3(2, h), a_l2(2, h), b_l3(2, h), b_l2(2, h), c_l1(2, h), c_l2(2, h);
  const auto a_bytes = static_cast<std::uint64_t>(g.m) * g.k * g.in_bytes;
  const auto b_bytes = static_cast<std::uint64_t>(g.k) * g.n * g.in_bytes;
  const auto c_bytes = static_cast<std::uint64_t>(g.m) * g.n * g.out_bytes;
  const int tiles_m = g.M / g.m, tiles_n = g.N / g.n, tiles_k = g.K / g.k;
  std::size_t e = 0;  // A/B element index (one per K step)
  std::size_t t = 0;  // C tile index
  for (int i = 0; i < tiles_m; ++i) {
    for (int j = 0; j < tiles_n; ++j, ++t) {
      std::vector<Dependency> deps;
      c_l1.need_free(t, deps);
      std::size_t last = b.kernel("core(0,2)", zero, std::move(deps), nth("zero", t));
      for (int kk = 0; kk < tiles_k; ++kk, ++e) {
        deps.clear();
        a_l3.need_free(e, deps);
        const auto a0 = b.hop("shim(0,0) mm2s0", a_bytes, TileKind::shim, TileKind::mem,
                              std::move(deps), nth("A L3>L2", e));
        a_l3.written(e, a0);
        deps.clear();
        a_l3.need_written(e, deps);
        a_l2.need_free(e, deps);
        const auto a1 = b.hop("mem(0,1) mm2s0", a_bytes, TileKind::mem, TileKind::core,
                              std::move(deps), nth("A L2>L1", e));
        a_l3.released(e, a1);
        a_l2.written(e, a1);
        deps.clear();
        b_l3.need_free(e, deps);
        const auto b0 = b.hop("shim(0,0) mm2s1", b_bytes, TileKind::shim, TileKind::mem,
                              std::move(deps), nth("B L3>L2", e));
        b_l3.written(e, b0);
        deps.clear();
        b_l3.need_written(e, deps);
        b_l2.need_free(e, deps);
        const auto b1 = b.hop("mem(0,1) mm2s1", b_bytes, TileKind::mem, TileKind::core,
                              std::move(deps), nth("B L2>L1", e));
        b_l3.released(e, b1);
        b_l2.written(e, b1);
        deps.clear();
        a_l2.need_written(e, deps);
        b_l2.need_written(e, deps);
        last = b.kernel("core(0,2)", matmul, std::move(deps), nth("matmul", e));
        a_l2.released(e, last);
        b_l2.released(e, last);
      }
      c_l1.written(t, last);
      deps.clear();
      c_l1.need_written(t, deps);
      c_l2.need_free(t, deps);
      const auto c0 = b.hop("core(0,2) mm2s0", c_bytes, TileKind::core, TileKind::mem,
                            std::move(deps), nth("C L1>L2", t));
      c_l1.released(t, c0);
      c_l2.written(t, c0);
      deps.clear();
      c_l2.need_written(t, deps);
      const auto c1 = b.hop("mem(0,1) mm2s2", c_bytes, TileKind::mem, TileKind::shim,
                            std::move(deps), nth("C L2>L3", t));
      c_l2.released(t, c1);
    }
  }
  return b.finish(3);
}

EdgeDetectKernels analytic_edge_detect_kernels(int width) {
  return {analytic::rgba2gray(width), analytic::filter2d(width), analytic::threshold(width),
          analytic::gray2rgba(width), analytic::add_weighted(width)};
}

DesignTimeline edge_detect(int width, int height, const EdgeDetectKernels& k,
                           const DeviceRates& rates, const TimingParams& params) {
  if (width < 32 || height < 2) {
    throw InputError("timing: edge_detect needs width >= 32 and height >= 2, got " +
                     std::to_string(width) + "x" + std::to_string(height));
  }
  DesignBuilder b("edge detect " + std::to_string(width) + "x" + std::to_string(height), rates,
                  params);
  b.dispatch();
  const double h = b.handoff();
  const auto rgba_line = static_cast<std::uint64_t>(width) * 4;
  // Fifo depths of mlir-aie's edge_detect design.
  FifoLocks in_l2(2, h), in_c2(2, h), in_c5(7, h), f23(4, h), f34(2, h), f45(2, h), f55(1, h),
      out_l1(2, h), out_l2(2, h);
  const auto rows = static_cast<std::size_t>(height);
  std::size_t filtered = 0;  // filter2d output lines issued so far
  std::vector<Dependency> deps;

  // filter2d output r reads lines r-1, r, r+1 (replicated at the borders) and then releases the
  // line it no longer needs: r-1 in the middle, the last two at the bottom.
  auto filter_line = [&](std::size_t r) {
    deps.clear();
    f23.need_written(std::min(r + 1, rows - 1), deps);
    f34.need_free(r, deps);
    const auto a = b.kernel("core(0,3)", k.filter2d, std::move(deps), nth("filter2d", r));
    f34.written(r, a);
    if (r >= 1 && r + 1 < rows) f23.released(r - 1, a);
    if (r + 1 == rows) {
      f23.released(rows - 2, a);
      f23.released(rows - 1, a);
    }
    // threshold and the core-5 pair follow their input line by line.
    deps.clear();
    f34.need_written(r, deps);
    f45.need_free(r, deps);
    const auto t = b.kernel("core(0,4)", k.threshold, std::move(deps), nth("threshold", r));
    f34.released(r, t);
    f45.written(r, t);
    deps.clear();
    f45.need_written(r, deps);
    f55.need_free(r, deps);
    const auto g = b.kernel("core(0,5)", k.gray2rgba, std::move(deps), nth("gray2rgba", r));
    f45.released(r, g);
    f55.written(r, g);
    deps.clear();
    f55.need_written(r, deps);
    in_c5.need_written(r, deps);
    out_l1.need_free(r, deps);
    const auto w = b.kernel("core(0,5)", k.add_weighted, std::move(deps), nth("addWeighted", r));
    f55.released(r, w);
    in_c5.released(r, w);
    out_l1.written(r, w);
    deps.clear();
    out_l1.need_written(r, deps);
    out_l2.need_free(r, deps);
    const auto o1 = b.hop("core(0,5) mm2s0", rgba_line, TileKind::core, TileKind::mem,
                          std::move(deps), nth("out L1>L2", r));
    out_l1.released(r, o1);
    out_l2.written(r, o1);
    deps.clear();
    out_l2.need_written(r, deps);
    const auto o2 = b.hop("mem(0,1) mm2s1", rgba_line, TileKind::mem, TileKind::shim,
                          std::move(deps), nth("out L2>L3", r));
    out_l2.released(r, o2);
  };

  for (std::size_t r = 0; r < rows; ++r) {
    deps.clear();
    in_l2.need_free(r, deps);
    const auto i0 = b.hop("shim(0,0) mm2s0", rgba_line, TileKind::shim, TileKind::mem,
                          std::move(deps), nth("in L3>L2", r));
    in_l2.written(r, i0);
    // One broadcast stream feeds both consumers, so it waits for a free buffer in each.
    deps.clear();
    in_l2.need_written(r, deps);
    in_c2.need_free(r, deps);
    in_c5.need_free(r, deps);
    const auto i1 = b.hop("mem(0,1) mm2s0", rgba_line, TileKind::mem, TileKind::core,
                          std::move(deps), nth("in L2>L1", r));
    in_l2.released(r, i1);
    in_c2.written(r, i1);
    in_c5.written(r, i1);
    deps.clear();
    in_c2.need_written(r, deps);
    f23.need_free(r, deps);
    const auto g = b.kernel("core(0,2)", k.rgba2gray, std::move(deps), nth("rgba2gray", r));
    in_c2.released(r, g);
    f23.written(r, g);
    // filter2d can emit line r-1 once line r exists (line 0 needs lines 0 and 1).
    while (filtered + 1 < rows && filtered + 1 <= r) filter_line(filtered++);
  }
  while (filtered < rows) filter_line(filtered++);
  return b.finish(2);
}

}  // namespace xdna::timing::reference
