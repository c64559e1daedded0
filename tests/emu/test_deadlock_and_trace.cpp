// Deadlocks are diagnosed (not hung) and name the fifo and lock; the trace is valid Chrome
// trace-event JSON with the events a passthrough must produce.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "emu_test_designs.hpp"
#include "xdna/emu/emulator.hpp"
#include "xdna/emu/trace.hpp"

#include "aie_kernel_utils.h"

namespace xdna::emu {
namespace {

using design::Design;
using design::DType;
using testing::iota;

// Two cores each wait for the other's output before producing their own.
Design cycle_design() {
  Design d(arch::npu1(), "cycle");
  design::TensorType elem{DType::i32, {32}};
  auto ab = d.object_fifo("a_to_b", elem, 1, design::core(0, 2), {design::core(1, 2)});
  auto ba = d.object_fifo("b_to_a", elem, 1, design::core(1, 2), {design::core(0, 2)});
  auto body = [](design::Core& c) {
    auto x = c.acquire(0);  // wait for the other core first
    auto y = c.acquire(1);
    std::memcpy(y.data, x.data, 128);
    c.release(0);
    c.release(1);
  };
  d.worker("a", design::core(0, 2), {ba.cons(), ab.prod()}, body);
  d.worker("b", design::core(1, 2), {ab.cons(), ba.prod()}, body);
  return d;
}

TEST(Deadlock, CycleIsDiagnosedQuicklyNamingBothFifos) {
  auto d = cycle_design();
  Buffers bufs;
  const auto t0 = std::chrono::steady_clock::now();
  auto r = run(d, bufs);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(r.status, Status::deadlock);
  EXPECT_LT(s, 5.0);
  EXPECT_NE(
      r.diagnosis.find("worker 'a' on (0,2) waits to acquire fifo 'b_to_a' consumer 0 on (0,2): "
                       "lock 'b_to_a.cons' on (0,2) = 0 (needs 1)"),
      std::string::npos)
      << r.diagnosis;
  EXPECT_NE(
      r.diagnosis.find("worker 'b' on (1,2) waits to acquire fifo 'a_to_b' consumer 0 on (1,2): "
                       "lock 'a_to_b.cons' on (1,2) = 0 (needs 1)"),
      std::string::npos)
      << r.diagnosis;
  ASSERT_EQ(r.blocked.size(), 2u);
}

TEST(Deadlock, DrainWaitedBeforeFillIsDiagnosedAtTheRuntimeStep) {
  Design d(arch::npu1(), "order");
  design::TensorType elem{DType::i32, {64}};
  auto in = d.object_fifo("in", elem, 2, design::shim(0), {design::core(0, 2)});
  auto out = d.object_fifo("out", elem, 2, design::core(0, 2), {design::shim(0)});
  d.worker("copy", design::core(0, 2), {in.cons(), out.prod()}, [](design::Core& c) {
    auto x = c.acquire(0);
    auto y = c.acquire(1);
    std::memcpy(y.data, x.data, 256);
    c.release(0);
    c.release(1);
  });
  int a = d.runtime_arg("input", elem);
  int b = d.runtime_arg("output", elem);
  d.drain(out, b, {}, /*wait=*/true);  // waits for output that needs the input below
  d.fill(in, a);
  Buffers bufs = {Buffer(256), Buffer(256)};
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::deadlock);
  EXPECT_NE(r.diagnosis.find(
                "runtime sequence is blocked at op #0 (drain of fifo 'out' into 'output', wait) "
                "(1 later op(s) not issued)"),
            std::string::npos)
      << r.diagnosis;
  EXPECT_NE(r.diagnosis.find("worker 'copy' on (0,2) waits to acquire fifo 'in' consumer 0"),
            std::string::npos)
      << r.diagnosis;
}

TEST(Deadlock, TimeoutStopsAWorkerThatNeverAcquires) {
  Design d(arch::npu1(), "spin");
  design::TensorType elem{DType::i32, {64}};
  auto in = d.object_fifo("in", elem, 2, design::shim(0), {design::core(0, 2)});
  d.worker("spin", design::core(0, 2), {in.cons()}, [](design::Core& c) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
    while (std::chrono::steady_clock::now() < until) {
    }
    c.acquire(0);
    c.acquire(0);
    c.acquire(0);  // never arrives: only two elements are sent, depth 2
  });
  int a = d.runtime_arg("input", {DType::i32, {128}});
  d.fill(in, a);
  Buffers bufs = {Buffer(512)};
  auto r = run(d, bufs, {.timeout_seconds = 0.1});
  ASSERT_EQ(r.status, Status::timeout);
  EXPECT_NE(r.diagnosis.find("worker 'spin' on (0,2) is running"), std::string::npos)
      << r.diagnosis;
}

TEST(Trace, PassthroughTraceIsValidJsonWithExpectedEvents) {
  auto d = testing::copy_design(1024, 256);
  Buffers bufs = {to_bytes(iota(1024)), Buffer(1024 * 4)};
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  const auto doc = nlohmann::json::parse(chrome_trace_json(d, r));
  ASSERT_TRUE(doc.contains("traceEvents"));
  int kernels = 0, dma = 0, runtime = 0, procs = 0;
  for (const auto& e : doc["traceEvents"]) {
    ASSERT_TRUE(e.contains("ph") && e.contains("pid") && e.contains("name"));
    const std::string ph = e["ph"], cat = e.value("cat", "");
    if (ph == "M" && e["name"] == "process_name") ++procs;
    if (ph == "X") {
      ASSERT_TRUE(e.contains("ts") && e.contains("dur") && e.contains("tid"));
      ASSERT_GE(e["dur"].get<double>(), 0.0);
    }
    if (cat == "kernel") {
      EXPECT_EQ(e["name"], "copy");
      ++kernels;
    }
    if (cat == "dma") ++dma;
    if (cat == "runtime") ++runtime;
  }
  EXPECT_EQ(kernels, 4);
  EXPECT_EQ(dma, 4 + 4 + 1 + 1);  // core S2MM + core MM2S per element, shim task each way
  EXPECT_EQ(runtime, 3);          // start, fill and drain
  EXPECT_EQ(procs, 1 + 2);        // host + shim tile + core tile
}

TEST(Trace, EventMarkersAppearAsInstantEvents) {
  Design d(arch::npu1(), "events");
  design::TensorType elem{DType::i32, {64}};
  auto in = d.object_fifo("in", elem, 2, design::shim(0), {design::core(0, 2)});
  d.worker("ev", design::core(0, 2), {in.cons()}, [](design::Core& c) {
    c.acquire(0);
    event0();  // the kernels' trace markers (kernels/aie_kernel_utils.h)
    event1();
    c.release(0);
  });
  int a = d.runtime_arg("input", elem);
  d.fill(in, a);
  Buffers bufs = {Buffer(256)};
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  ASSERT_EQ(r.record.events.size(), 2u);
  EXPECT_EQ(r.record.events[0].id, 0);
  EXPECT_EQ(r.record.events[1].id, 1);
  EXPECT_EQ(r.record.cores[0].ops.events, 2u);
  const auto doc = nlohmann::json::parse(chrome_trace_json(d, r));
  int instants = 0;
  for (const auto& e : doc["traceEvents"])
    if (e["ph"] == "i") ++instants;
  EXPECT_EQ(instants, 2);
}

}  // namespace
}  // namespace xdna::emu
