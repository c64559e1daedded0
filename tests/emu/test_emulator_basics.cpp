// Emulator basics: data arrives intact, results are deterministic, counters add up, errors
// inside a worker surface with the worker's name.
#include <gtest/gtest.h>

#include "emu_test_designs.hpp"
#include "xdna/common/error.hpp"
#include "xdna/emu/emulator.hpp"

namespace xdna::emu {
namespace {

using testing::copy_design;
using testing::iota;

TEST(EmulatorBasics, CopyMovesEveryElementInOrder) {
  auto d = copy_design(4096, 256, 2, 7);
  Buffers bufs = {to_bytes(iota(4096)), Buffer(4096 * 4)};
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  auto out = from_bytes<std::int32_t>(bufs[1]);
  for (int i = 0; i < 4096; ++i) ASSERT_EQ(out[static_cast<std::size_t>(i)], i + 7) << "at " << i;
}

TEST(EmulatorBasics, CountersAndRecordsAddUp) {
  auto d = copy_design(4096, 256);
  Buffers bufs = {to_bytes(iota(4096)), Buffer(4096 * 4)};
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  ASSERT_EQ(r.record.cores.size(), 1u);
  EXPECT_EQ(r.record.cores[0].kernel_calls, 16u);
  EXPECT_EQ(r.record.kernel_calls.size(), 16u);
  // 4 channels: shim MM2S, core S2MM, core MM2S, shim S2MM; each moved all 16 KiB.
  ASSERT_EQ(r.record.channels.size(), 4u);
  for (const auto& c : r.record.channels) EXPECT_EQ(c.bytes, 4096u * 4) << "channel " << c.channel;
  // Core-side channels move one element per transfer; shim channels one task each.
  std::size_t core_transfers = 0;
  for (const auto& t : r.record.transfers)
    if (t.tile == design::core(0, 2)) {
      EXPECT_EQ(t.bytes, 1024u);
      ++core_transfers;
    }
  EXPECT_EQ(core_transfers, 32u);
}

TEST(EmulatorBasics, SameInputsGiveSameBitsEveryRun) {
  auto d = copy_design(2048, 128, 2, -3);
  Buffers a = {to_bytes(iota(2048, 100)), Buffer(2048 * 4)};
  Buffers b = a;
  ASSERT_EQ(run(d, a, {.host_threads = 1}).status, Status::completed);
  ASSERT_EQ(run(d, b, {.host_threads = 2}).status, Status::completed);
  EXPECT_EQ(a[1], b[1]);
  EXPECT_EQ(checksum(a, {1}), checksum(b, {1}));
}

TEST(EmulatorBasics, WrongBufferSizeIsRejectedByName) {
  auto d = copy_design(1024, 256);
  Buffers bufs = {Buffer(1024 * 4), Buffer(100)};
  try {
    run(d, bufs);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'output' has 100 B, expected 4096 B"), std::string::npos)
        << e.what();
  }
}

TEST(EmulatorBasics, WorkerExceptionNamesWorkerAndTile) {
  design::Design d(arch::npu1(), "throws");
  design::TensorType elem{design::DType::i32, {64}};
  auto in = d.object_fifo("in", elem, 2, design::shim(0), {design::core(0, 2)});
  d.worker("bad", design::core(0, 2), {in.cons()}, [](design::Core& c) {
    c.acquire(0);
    c.release(0, 2);  // holds only one
  });
  int a = d.runtime_arg("input", elem);
  d.fill(in, a);
  Buffers bufs = {Buffer(256)};
  try {
    run(d, bufs);
    FAIL() << "expected Error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("worker 'bad' on tile (0,2) failed"), std::string::npos) << msg;
    EXPECT_NE(msg.find("releases 2 element(s) of fifo 'in' consumer 0 on (0,2) but holds 1"),
              std::string::npos)
        << msg;
  }
}

}  // namespace
}  // namespace xdna::emu
