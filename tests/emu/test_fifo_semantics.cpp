// Lock / fifo semantics: depth, acquire order, broadcast, split and join through a mem tile.
#include <gtest/gtest.h>

#include "emu_test_designs.hpp"
#include "xdna/emu/emulator.hpp"

namespace xdna::emu {
namespace {

using design::Design;
using design::DType;
using testing::iota;

// A worker that must hold two input elements at once (sums pairs). With depth 1 it can never
// get the second element; with depth 2 it runs.
Design pair_sum_design(int depth) {
  Design d(arch::npu1(), "pair_sum");
  design::TensorType elem{DType::i32, {16}};
  auto in = d.object_fifo("in", elem, depth, design::shim(0), {design::core(0, 2)});
  auto out = d.object_fifo("out", elem, 2, design::core(0, 2), {design::shim(0)});
  d.worker("pairs", design::core(0, 2), {in.cons(), out.prod()}, [](design::Core& c) {
    for (int i = 0; i < 2; ++i) {
      auto a = c.acquire(0);
      auto b = c.acquire(0);  // second element while still holding the first
      auto o = c.acquire(1);
      for (int k = 0; k < 16; ++k) o.as<int>()[k] = a.as<int>()[k] + b.as<int>()[k];
      c.release(0, 2);
      c.release(1);
    }
  });
  int a = d.runtime_arg("input", {DType::i32, {64}});
  int b = d.runtime_arg("output", {DType::i32, {32}});
  d.fill(in, a);
  d.drain(out, b);
  return d;
}

TEST(FifoSemantics, DepthTwoLetsAWorkerHoldTwoElements) {
  auto d = pair_sum_design(2);
  Buffers bufs = {to_bytes(iota(64)), Buffer(32 * 4)};
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  auto out = from_bytes<int>(bufs[1]);
  for (int e = 0; e < 2; ++e)
    for (int k = 0; k < 16; ++k)
      EXPECT_EQ(out[static_cast<std::size_t>(e * 16 + k)],
                (2 * e * 16 + k) + ((2 * e + 1) * 16 + k));
}

TEST(FifoSemantics, DepthOneCannotHoldTwoElementsAndSaysWhy) {
  auto d = pair_sum_design(1);
  Buffers bufs = {to_bytes(iota(64)), Buffer(32 * 4)};
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::deadlock);
  EXPECT_NE(
      r.diagnosis.find("worker 'pairs' on (0,2) waits to acquire fifo 'in' consumer 0 on (0,2): "
                       "lock 'in.cons' on (0,2) = 0 (needs 1), lock 'in.prod' on (0,2) = 0; it "
                       "holds 1 of 1 elements"),
      std::string::npos)
      << r.diagnosis;
}

// Producer side order: with depth 1 the DMA must empty element k before the worker may acquire
// element k+1; with depth 2 the worker may run one element ahead.
std::vector<LockEvent> producer_events(const RunResult& r, const std::string& lock) {
  std::vector<LockEvent> v;
  for (const auto& e : r.record.locks)
    if (e.name == lock) v.push_back(e);
  return v;
}

TEST(FifoSemantics, DepthOneAlternatesProducerAndDma) {
  auto d = testing::copy_design(1024, 128, 1);
  Buffers bufs = {to_bytes(iota(1024)), Buffer(1024 * 4)};
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  // out.prod (init 1): worker acquires, DMA releases, strictly alternating.
  auto ev = producer_events(r, "out.prod");
  ASSERT_EQ(ev.size(), 16u);
  for (std::size_t i = 0; i < ev.size(); ++i) {
    EXPECT_EQ(ev[i].op, i % 2 == 0 ? LockOp::acquire : LockOp::release) << i;
    EXPECT_EQ(ev[i].actor.kind, i % 2 == 0 ? ActorKind::worker : ActorKind::dma) << i;
    EXPECT_EQ(ev[i].value_after, i % 2 == 0 ? 0 : 1) << i;
  }
  EXPECT_EQ(from_bytes<int>(bufs[1]), iota(1024));
}

TEST(FifoSemantics, LockValuesStayWithinDepth) {
  for (int depth : {1, 2, 3}) {
    auto d = testing::copy_design(2048, 64, depth);
    Buffers bufs = {to_bytes(iota(2048)), Buffer(2048 * 4)};
    auto r = run(d, bufs);
    ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
    // 32 elements, each acquired and released on both fifos (at least 4 lock events apiece):
    // without these records the bounds below would hold vacuously.
    ASSERT_GE(r.record.locks.size(), 4u * 32u) << "depth " << depth;
    for (const auto& e : r.record.locks) {
      ASSERT_GE(e.value_after, 0) << e.name;
      ASSERT_LE(e.value_after, depth) << e.name;
    }
    EXPECT_EQ(from_bytes<int>(bufs[1]), iota(2048));
  }
}

TEST(FifoSemantics, BroadcastDeliversEveryElementToEveryConsumer) {
  Design d(arch::npu1(), "broadcast");
  design::TensorType elem{DType::i32, {64}};
  std::vector<design::TileId> cores = {design::core(0, 2), design::core(1, 2), design::core(2, 3)};
  auto in = d.object_fifo("in", elem, 2, design::shim(0), cores);
  std::vector<int> outs_args;
  int a = d.runtime_arg("input", {DType::i32, {512}});
  d.fill(in, a);
  for (int k = 0; k < 3; ++k) {
    const auto t = cores[static_cast<std::size_t>(k)];
    auto out = d.object_fifo("out" + std::to_string(k), elem, 2, t, {design::shim(t.col)});
    d.worker("w" + std::to_string(k), t, {in.cons(k), out.prod()}, [k](design::Core& c) {
      for (int i = 0; i < 8; ++i) {
        auto x = c.acquire(0);
        auto y = c.acquire(1);
        for (int j = 0; j < 64; ++j) y.as<int>()[j] = x.as<int>()[j] * (k + 2);
        c.release(0);
        c.release(1);
      }
    });
    const int b = d.runtime_arg("output" + std::to_string(k), {DType::i32, {512}});
    d.drain(out, b, {}, false);
    outs_args.push_back(b);
  }
  Buffers bufs(4);
  bufs[0] = to_bytes(iota(512));
  for (int k = 1; k < 4; ++k) bufs[static_cast<std::size_t>(k)] = Buffer(512 * 4);
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  for (int k = 0; k < 3; ++k) {
    auto out =
        from_bytes<int>(bufs[static_cast<std::size_t>(outs_args[static_cast<std::size_t>(k)])]);
    for (int i = 0; i < 512; ++i)
      ASSERT_EQ(out[static_cast<std::size_t>(i)], i * (k + 2)) << k << " " << i;
  }
  // The shim read the input once: one MM2S channel moved 2 KiB, not 6. (Counted, so that a
  // record without that channel cannot pass.)
  std::size_t shim_reads = 0;
  for (const auto& c : r.record.channels)
    if (c.tile == design::shim(0) && c.dir == design::DmaDir::mm2s) {
      EXPECT_EQ(c.bytes, 2048u);
      ++shim_reads;
    }
  EXPECT_EQ(shim_reads, 1u);
}

// shim -> mem(0,1) split into two halves -> cores (0,2),(0,3) -> mem(0,1) join -> shim.
TEST(FifoSemantics, SplitAndJoinThroughMemTile) {
  Design d(arch::npu1(), "split_join");
  design::TensorType whole{DType::i32, {128}}, half{DType::i32, {64}};
  auto in = d.object_fifo("in", whole, 2, design::shim(0), {design::mem(0)});
  auto a0 = d.object_fifo("a0", half, 2, design::mem(0), {design::core(0, 2)});
  auto a1 = d.object_fifo("a1", half, 2, design::mem(0), {design::core(0, 3)});
  d.split(in, {a0, a1}, {0, 64});
  auto b0 = d.object_fifo("b0", half, 2, design::core(0, 2), {design::mem(0)});
  auto b1 = d.object_fifo("b1", half, 2, design::core(0, 3), {design::mem(0)});
  auto out = d.object_fifo("out", whole, 2, design::mem(0), {design::shim(0)});
  d.join({b0, b1}, out, {0, 64});
  for (int k = 0; k < 2; ++k) {
    d.worker("w" + std::to_string(k), design::core(0, 2 + k),
             {(k ? a1 : a0).cons(), (k ? b1 : b0).prod()}, [k](design::Core& c) {
               for (int i = 0; i < 4; ++i) {
                 auto x = c.acquire(0);
                 auto y = c.acquire(1);
                 for (int j = 0; j < 64; ++j)
                   y.as<int>()[j] = x.as<int>()[j] + (k ? 100000 : -100000);
                 c.release(0);
                 c.release(1);
               }
             });
  }
  int ia = d.runtime_arg("input", {DType::i32, {512}});
  int ib = d.runtime_arg("output", {DType::i32, {512}});
  d.fill(in, ia);
  d.drain(out, ib);
  Buffers bufs = {to_bytes(iota(512)), Buffer(512 * 4)};
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  auto o = from_bytes<int>(bufs[1]);
  for (int i = 0; i < 512; ++i)
    ASSERT_EQ(o[static_cast<std::size_t>(i)], i + ((i % 128) < 64 ? -100000 : 100000)) << i;
  // Mem tile: one ring per link, each with one lock pair per part.
  const auto* mt = r.plan.tile(design::mem(0));
  ASSERT_NE(mt, nullptr);
  EXPECT_EQ(mt->locks, 8);
  EXPECT_EQ(mt->s2mm, 3);
  EXPECT_EQ(mt->mm2s, 3);
}

TEST(FifoSemantics, ForwardThroughMemTileKeepsOrder) {
  Design d(arch::npu1(), "forward");
  design::TensorType elem{DType::i32, {256}};
  auto in = d.object_fifo("in", elem, 2, design::shim(1), {design::mem(1)});
  auto mid = d.object_fifo("mid", elem, 2, design::mem(1), {design::shim(1)});
  d.forward(in, mid);
  int a = d.runtime_arg("input", {DType::i32, {4096}});
  int b = d.runtime_arg("output", {DType::i32, {4096}});
  d.fill(in, a);
  d.drain(mid, b);
  Buffers bufs = {to_bytes(iota(4096, 5)), Buffer(4096 * 4)};
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  EXPECT_EQ(from_bytes<int>(bufs[1]), iota(4096, 5));
}

}  // namespace
}  // namespace xdna::emu
