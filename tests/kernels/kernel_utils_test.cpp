// kernels/aie_kernel_utils.h on the host: the loop hints vanish, __AIE_ARCH__ is 20, `restrict`
// compiles, and event0()/event1() reach the emulated core's counters and trace listener.
#include <gtest/gtest.h>

#include "aie_kernel_utils.h"

#include <aie_api/aie.hpp>

#include <vector>

namespace {

static_assert(__AIE_ARCH__ == 20, "the host models AIE2 (AIE-ML)");

int sum_with_every_hint(const int* restrict v, int n) {
  int s = 0;
  AIE_PREPARE_FOR_PIPELINING
  AIE_LOOP_RANGE(4, 64)
  AIE_LOOP_MIN_ITERATION_COUNT(4)
  AIE_LOOP_NO_UNROLL
  for (int i = 0; i < n; ++i) s += v[i];
  return s;
}

TEST(KernelUtils, HintsLeaveLoopsIntact) {
  const std::vector<int> v = {1, 2, 3, 4, 5};
  EXPECT_EQ(sum_with_every_hint(v.data(), 5), 15);
}

struct Trace {
  std::vector<int> ids;
  static void listen(void* ctx, int id) { static_cast<Trace*>(ctx)->ids.push_back(id); }
};

TEST(KernelUtils, EventsReachCountersAndListener) {
  aie::host::op_counters counters;
  Trace trace;
  aie::host::core_state core;
  core.counters = &counters;
  core.on_event = &Trace::listen;
  core.event_ctx = &trace;
  {
    aie::host::scoped_core scope(core);
    event0();
    event1();
    event0();
  }
  EXPECT_EQ(counters.events, 3u);
  EXPECT_EQ(trace.ids, (std::vector<int>{0, 1, 0}));
  event1();  // outside the scope: the thread's default core, no listener, nothing recorded
  EXPECT_EQ(counters.events, 3u);
}

}  // namespace
