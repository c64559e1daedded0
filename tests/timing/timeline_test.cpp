// Composition of activities into a timeline, on graphs small enough to schedule by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "xdna/common/error.hpp"
#include "xdna/timing/timeline.hpp"

namespace xdna::timing {
namespace {

Activity act(const char* name, std::size_t resource, double cycles,
             std::vector<Dependency> deps = {}) {
  Activity a;
  a.name = name;
  a.resource = resource;
  a.cycles = cycles;
  a.deps = std::move(deps);
  return a;
}

TEST(Timeline, IndependentResourcesOverlapAndOneResourceSerialises) {
  Timeline t;
  const auto core = t.add_resource("core", ResourceKind::core);
  const auto dma = t.add_resource("dma", ResourceKind::dma);
  t.add(act("k0", core, 10));
  t.add(act("k1", core, 10));
  t.add(act("d0", dma, 15));
  const Schedule s = compose(t);
  EXPECT_DOUBLE_EQ(s.start[1], 10.0);  // same core: after k0
  EXPECT_DOUBLE_EQ(s.start[2], 0.0);   // other resource: in parallel
  EXPECT_DOUBLE_EQ(s.makespan, 20.0);
  EXPECT_DOUBLE_EQ(s.resource_busy[core], 20.0);
}

TEST(Timeline, DependencyWaitsForTheEndPlusTheHandoff) {
  Timeline t;
  const auto dma = t.add_resource("dma", ResourceKind::dma);
  const auto core = t.add_resource("core", ResourceKind::core);
  const auto in = t.add(act("in", dma, 30));
  t.add(act("kernel", core, 5, {{in, 7}}));
  const Schedule s = compose(t);
  EXPECT_DOUBLE_EQ(s.start[1], 37.0);
  EXPECT_DOUBLE_EQ(s.makespan, 42.0);
  ASSERT_EQ(s.critical_path.size(), 2u);
  EXPECT_EQ(s.critical_path[0], in);
  EXPECT_DOUBLE_EQ(s.critical_latency[1], 7.0);
}

// A 2-deep fifo between a fast producer and a slow consumer: the producer may run two elements
// ahead, then waits for releases. Producer 1 cycle per element, consumer 10, no hand-off latency.
TEST(Timeline, FifoDepthLimitsHowFarTheProducerRunsAhead) {
  Timeline t;
  const auto dma = t.add_resource("dma", ResourceKind::dma);
  const auto core = t.add_resource("core", ResourceKind::core);
  FifoLocks fifo(2, 0.0);
  std::vector<std::size_t> fills;
  for (std::size_t n = 0; n < 4; ++n) {
    std::vector<Dependency> deps;
    fifo.need_free(n, deps);
    const auto fill = t.add(act("fill", dma, 1, deps));
    fifo.written(n, fill);
    fills.push_back(fill);
    deps.clear();
    fifo.need_written(n, deps);
    const auto use = t.add(act("use", core, 10, deps));
    fifo.released(n, use);
  }
  const Schedule s = compose(t);
  EXPECT_DOUBLE_EQ(s.start[fills[0]], 0.0);
  EXPECT_DOUBLE_EQ(s.start[fills[1]], 1.0);
  // Element 2 reuses element 0's buffer: free when use #0 ends at 1 + 10 = 11.
  EXPECT_DOUBLE_EQ(s.start[fills[2]], 11.0);
  EXPECT_DOUBLE_EQ(s.start[fills[3]], 21.0);
  EXPECT_DOUBLE_EQ(s.makespan, 41.0);  // four uses back to back after the first fill
}

TEST(Timeline, CriticalPathAddsUpToTheSpan) {
  Timeline t;
  const auto a = t.add_resource("a", ResourceKind::dma);
  const auto b = t.add_resource("b", ResourceKind::core);
  const auto x = t.add(act("x", a, 3));
  const auto y = t.add(act("y", b, 4, {{x, 2}}));
  t.add(act("z", a, 1));
  t.add(act("w", b, 6, {{y, 0}}));
  const Schedule s = compose(t);
  double sum = 0;
  for (std::size_t i = 0; i < s.critical_path.size(); ++i)
    sum += t.activities()[s.critical_path[i]].cycles + s.critical_latency[i];
  EXPECT_DOUBLE_EQ(sum, s.makespan);
  EXPECT_DOUBLE_EQ(s.makespan, 15.0);  // x 3 + hand-off 2 + y 4 + w 6
}

TEST(Timeline, RejectsForwardDependenciesBadDurationsAndUnknownResources) {
  Timeline t;
  const auto r = t.add_resource("r", ResourceKind::core);
  EXPECT_THROW(t.add(act("self", r, 1, {{0, 0}})), InputError);
  EXPECT_THROW(t.add(act("neg", r, -1)), InputError);
  EXPECT_THROW(t.add(act("nan", r, std::nan(""))), InputError);
  EXPECT_THROW(t.add(act("where", 5, 1)), InputError);
  t.add(act("ok", r, 1));
  EXPECT_THROW(t.add(act("bad latency", r, 1, {{0, -3}})), InputError);
}

TEST(Timeline, FifoReportsADesignThatWouldDeadlock) {
  FifoLocks fifo(1, 0.0);
  fifo.written(0, 0);
  std::vector<Dependency> deps;
  EXPECT_THROW(fifo.need_free(1, deps), InputError);  // element 0 never released
  EXPECT_THROW(fifo.need_written(3, deps), InputError);
  EXPECT_THROW(FifoLocks(0, 0.0), InputError);
}

TEST(Timeline, EmptyTimelineHasZeroSpan) {
  EXPECT_DOUBLE_EQ(compose(Timeline{}).makespan, 0.0);
}

}  // namespace
}  // namespace xdna::timing
