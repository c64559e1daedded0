// The designs behind FACTS §4's measurements, as timelines (see reference_designs.hpp).
#include "xdna/timing/reference_designs.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

#include "xdna/common/error.hpp"
#include "xdna/timing/analytic_counts.hpp"

namespace xdna::timing::reference {

namespace {
using arch::TileKind;
using Fifos = std::initializer_list<FifoLocks*>;

std::string nth(const char* what, std::size_t i) {
  return std::string(what) + " #" + std::to_string(i);
}

// The lock protocol of one step of a fifo chain at element n: the step waits until every fifo it
// reads holds element n and every fifo it writes has a buffer free for it; when it ends it
// releases what it read and fills what it wrote. The designs below are chains of such steps.
class FifoChain {
 public:
  explicit FifoChain(DesignBuilder& b) : b_(b) {}

  std::size_t hop(std::size_t n, Fifos reads, Fifos writes, const std::string& channel,
                  std::uint64_t bytes, TileKind from, TileKind to, std::string name) {
    const std::size_t id =
        b_.hop(channel, bytes, from, to, wait(n, reads, writes), std::move(name));
    hand_off(n, reads, writes, id);
    return id;
  }

  std::size_t kernel(std::size_t n, Fifos reads, Fifos writes, const std::string& core,
                     const KernelProfile& profile, std::string name) {
    const std::size_t id = b_.kernel(core, profile, wait(n, reads, writes), std::move(name));
    hand_off(n, reads, writes, id);
    return id;
  }

 private:
  static std::vector<Dependency> wait(std::size_t n, Fifos reads, Fifos writes) {
    std::vector<Dependency> deps;
    for (FifoLocks* f : reads) f->need_written(n, deps);
    for (FifoLocks* f : writes) f->need_free(n, deps);
    return deps;
  }
  static void hand_off(std::size_t n, Fifos reads, Fifos writes, std::size_t activity) {
    for (FifoLocks* f : reads) f->released(n, activity);
    for (FifoLocks* f : writes) f->written(n, activity);
  }

  DesignBuilder& b_;
};
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
  FifoChain chain(b);
  std::size_t e = 0;  // A/B element index (one per K step)
  std::size_t t = 0;  // C tile index
  for (int i = 0; i < tiles_m; ++i) {
    for (int j = 0; j < tiles_n; ++j, ++t) {
      // The accumulator tile is zeroed into a free C buffer, which the last K step fills.
      std::vector<Dependency> deps;
      c_l1.need_free(t, deps);
      std::size_t last = b.kernel("core(0,2)", zero, std::move(deps), nth("zero", t));
      for (int kk = 0; kk < tiles_k; ++kk, ++e) {
        chain.hop(e, {}, {&a_l3}, "shim(0,0) mm2s0", a_bytes, TileKind::shim, TileKind::mem,
                  nth("A L3>L2", e));
        chain.hop(e, {&a_l3}, {&a_l2}, "mem(0,1) mm2s0", a_bytes, TileKind::mem, TileKind::core,
                  nth("A L2>L1", e));
        chain.hop(e, {}, {&b_l3}, "shim(0,0) mm2s1", b_bytes, TileKind::shim, TileKind::mem,
                  nth("B L3>L2", e));
        chain.hop(e, {&b_l3}, {&b_l2}, "mem(0,1) mm2s1", b_bytes, TileKind::mem, TileKind::core,
                  nth("B L2>L1", e));
        last = chain.kernel(e, {&a_l2, &b_l2}, {}, "core(0,2)", matmul, nth("matmul", e));
      }
      c_l1.written(t, last);
      chain.hop(t, {&c_l1}, {&c_l2}, "core(0,2) mm2s0", c_bytes, TileKind::core, TileKind::mem,
                nth("C L1>L2", t));
      chain.hop(t, {&c_l2}, {}, "mem(0,1) mm2s2", c_bytes, TileKind::mem, TileKind::shim,
                nth("C L2>L3", t));
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
  FifoChain chain(b);
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
    chain.kernel(r, {&f34}, {&f45}, "core(0,4)", k.threshold, nth("threshold", r));
    chain.kernel(r, {&f45}, {&f55}, "core(0,5)", k.gray2rgba, nth("gray2rgba", r));
    chain.kernel(r, {&f55, &in_c5}, {&out_l1}, "core(0,5)", k.add_weighted, nth("addWeighted", r));
    chain.hop(r, {&out_l1}, {&out_l2}, "core(0,5) mm2s0", rgba_line, TileKind::core, TileKind::mem,
              nth("out L1>L2", r));
    chain.hop(r, {&out_l2}, {}, "mem(0,1) mm2s1", rgba_line, TileKind::mem, TileKind::shim,
              nth("out L2>L3", r));
  };

  for (std::size_t r = 0; r < rows; ++r) {
    chain.hop(r, {}, {&in_l2}, "shim(0,0) mm2s0", rgba_line, TileKind::shim, TileKind::mem,
              nth("in L3>L2", r));
    // One broadcast stream feeds both consumers, so it waits for a free buffer in each.
    chain.hop(r, {&in_l2}, {&in_c2, &in_c5}, "mem(0,1) mm2s0", rgba_line, TileKind::mem,
              TileKind::core, nth("in L2>L1", r));
    chain.kernel(r, {&in_c2}, {&f23}, "core(0,2)", k.rgba2gray, nth("rgba2gray", r));
    // filter2d can emit line r-1 once line r exists (line 0 needs lines 0 and 1).
    while (filtered + 1 < rows && filtered + 1 <= r) filter_line(filtered++);
  }
  while (filtered < rows) filter_line(filtered++);
  return b.finish(2);
}

}  // namespace xdna::timing::reference
