// One failing design per validation rule, asserting the exact diagnosis (tile, item, numbers),
// plus: a valid design has none, and every problem is reported at once.
#include <gtest/gtest.h>

#include <algorithm>

#include "xdna/common/error.hpp"
#include "xdna/design/plan.hpp"
#include "xdna/design/validate.hpp"

namespace xdna::design {
namespace {

// shim(0) -> core(0,2) -> shim(0), element `count` int32, depth `depth`.
Design copy(int count = 256, int depth = 2, arch::Device dev = arch::npu1()) {
  Design d(std::move(dev), "copy");
  TensorType elem{DType::i32, {count}};
  auto in = d.object_fifo("in", elem, depth, shim(0), {core(0, 2)});
  auto out = d.object_fifo("out", elem, depth, core(0, 2), {shim(0)});
  d.worker("w", core(0, 2), {in.cons(), out.prod()}, [](Core&) {});
  int a = d.runtime_arg("input", {DType::i32, {count * 4}});
  int b = d.runtime_arg("output", {DType::i32, {count * 4}});
  d.fill(in, a);
  d.drain(out, b);
  return d;
}

std::vector<std::string> messages(const std::vector<Diagnostic>& ds, Rule r) {
  std::vector<std::string> out;
  for (const auto& d : ds)
    if (d.rule == r) out.push_back(d.message);
  return out;
}

std::string dump(const std::vector<Diagnostic>& ds) {
  std::string s;
  for (const auto& d : ds) s += d.to_string() + "\n";
  return s;
}

#define EXPECT_DIAG(diags, rule, text)                                                          \
  do {                                                                                          \
    auto m_ = messages(diags, rule);                                                            \
    EXPECT_TRUE(std::find(m_.begin(), m_.end(), std::string(text)) != m_.end()) << dump(diags); \
  } while (0)

TEST(Validate, ValidDesignHasNoDiagnostics) {
  auto ds = validate(copy());
  EXPECT_TRUE(ds.empty()) << dump(ds);
  EXPECT_NO_THROW(require_valid(copy()));
}

TEST(Validate, PreviewDevice) {
  auto ds = validate(copy(256, 2, arch::aie4_preview()));
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(
      ds[0].to_string(),
      "[device] device 'aie4' is a preview model: its array geometry and limits are not public, so "
      "designs cannot be validated or emulated on it");
}

TEST(Validate, TileOutsidePartition) {
  auto d = copy(256, 2, arch::npu1(2));
  d.worker("far", core(3, 2), {}, [](Core&) {});
  EXPECT_DIAG(
      validate(d), Rule::partition,
      "worker 'far' is on (3,2), outside the npu1_2col partition (columns 0..1, rows 0..5)");
}

TEST(Validate, WorkerOnMemTile) {
  auto d = copy();
  d.worker("misplaced", mem(1), {}, [](Core&) {});
  EXPECT_DIAG(
      validate(d), Rule::placement,
      "worker 'misplaced' is placed on mem tile (1,1); core functions run only on core rows 2..5");
}

TEST(Validate, MemTileFifoWithoutLink) {
  Design d(arch::npu1(), "nolink");
  TensorType elem{DType::i32, {64}};
  d.object_fifo("in", elem, 2, shim(0), {mem(0)});
  EXPECT_DIAG(validate(d), Rule::placement,
              "fifo 'in' consumer 0 is on mem tile (0,1) but is not the input of a "
              "forward/split/join link: a mem "
              "tile only moves data between fifos");
}

TEST(Validate, FillOfAFifoWithoutShimProducer) {
  auto d = copy();
  d.fill(FifoRef{1}, 0);  // 'out' is produced by the core
  EXPECT_DIAG(validate(d), Rule::structure,
              "runtime fill of fifo 'out': the fifo has no producer on a shim tile, so the host "
              "cannot fill it");
}

TEST(Validate, FillNotAMultipleOfTheElement) {
  Design d(arch::npu1(), "partial");
  TensorType elem{DType::i32, {256}};
  auto in = d.object_fifo("in", elem, 2, shim(0), {core(0, 2)});
  d.worker("w", core(0, 2), {in.cons()}, [](Core&) {});
  int a = d.runtime_arg("input", {DType::i32, {1000}});
  d.fill(in, a);
  EXPECT_DIAG(validate(d), Rule::structure,
              "runtime fill of fifo 'in' moves 4000 B from buffer 'input', not a multiple of the "
              "fifo's 1024 B element");
}

TEST(Validate, CoreFifoEndWithoutWorker) {
  Design d(arch::npu1(), "orphan");
  TensorType elem{DType::i32, {64}};
  auto in = d.object_fifo("in", elem, 2, shim(0), {core(0, 2)});
  int a = d.runtime_arg("input", elem);
  d.fill(in, a);
  EXPECT_DIAG(validate(d), Rule::structure,
              "fifo 'in' consumer 0 on core tile (0,2) is not used by any worker: nothing would "
              "ever release its "
              "elements");
}

TEST(Validate, TileMemoryIncludingStack) {
  // 2 x 16 KiB in + 2 x 16 KiB out + 1 KiB stack = 66560 B > 64 KiB.
  auto ds = validate(copy(4096, 2));
  EXPECT_DIAG(ds, Rule::memory,
              "core tile (0,2): buffers need 66560 B but a core tile has 65536 B (stack 1024 B, "
              "fifo 'in' 2x16384 B, "
              "fifo 'out' 2x16384 B)");
  // Without the stack it would fit: the stack is what breaks it.
  EXPECT_EQ(2u * 2 * 16384, 65536u);
}

TEST(Validate, BuffersThatFitInTotalButNotTheBanks) {
  // Five 12 KiB buffers + 1 KiB stack = 62464 B fit 64 KiB, but only four 12 KiB buffers fit
  // four 16 KiB banks when none may straddle a bank boundary.
  Design d(arch::npu1(), "banks");
  TensorType elem{DType::i32, {3072}};
  auto in = d.object_fifo("in", elem, 3, shim(0), {core(0, 2)});
  auto out = d.object_fifo("out", elem, 2, core(0, 2), {shim(0)});
  d.worker("w", core(0, 2), {in.cons(), out.prod()}, [](Core&) {});
  auto ds = validate(d);
  EXPECT_TRUE(messages(ds, Rule::memory).empty()) << dump(ds);
  EXPECT_DIAG(ds, Rule::bank,
              "core tile (0,2): fifo 'out' [1] (12288 B) fits no bank: 62464 B fit the 65536 B in "
              "total but buffers "
              "may not straddle the 4 banks of 16384 B (stack 1024 B, fifo 'in' 3x12288 B, "
              "fifo 'out' 2x12288 B)");
}

TEST(Validate, DepthBeyondTheLockRange) {
  auto ds = validate(copy(16, 64));
  EXPECT_DIAG(ds, Rule::locks,
              "fifo 'in' consumer 0 on (0,2): depth 64 outside 1..63 (a lock counts free elements "
              "and holds 0..63)");
}

TEST(Validate, LockCountPerTile) {
  // Locks per tile come from the plan: 2 per fifo end (and per split/join part).
  auto plan = make_plan(copy());
  EXPECT_EQ(plan.tile(core(0, 2))->locks, 4);
  EXPECT_EQ(plan.tile(core(0, 2))->lock_names,
            (std::vector<std::string>{"in.prod", "in.cons", "out.prod", "out.cons"}));
  EXPECT_EQ(plan.tile(shim(0))->locks, 0);  // shim transfers are synchronised by the runtime
}

TEST(Validate, BufferDescriptorsPerTile) {
  Design d(arch::npu1(), "bds");
  TensorType elem{DType::i32, {16}};
  auto in = d.object_fifo("in", elem, 9, shim(0), {core(0, 2)});
  auto out = d.object_fifo("out", elem, 8, core(0, 2), {shim(0)});
  d.worker("w", core(0, 2), {in.cons(), out.prod()}, [](Core&) {});
  EXPECT_DIAG(validate(d), Rule::bds,
              "core tile (0,2): needs 17 buffer descriptors but has 16 (S2MM 0 fifo 'in' 9, MM2S 0 "
              "fifo 'out' 8)");
}

TEST(Validate, ShimBdsInFlightBeforeAWait) {
  auto d = copy(64);
  for (int i = 0; i < 17; ++i)
    d.fill(FifoRef{0}, 0, AccessPattern::linear(64));  // after the drain's wait
  EXPECT_DIAG(validate(d), Rule::bds,
              "shim tile (0,0): needs 17 buffer descriptors but has 16 (17 runtime transfers in "
              "flight before a wait)");
}

TEST(Validate, DmaChannelsPerDirection) {
  Design d(arch::npu1(), "channels");
  TensorType elem{DType::i32, {64}};
  std::vector<FifoPort> ports;
  for (const char* n : {"a", "b", "c"}) {
    auto f = d.object_fifo(n, elem, 2, shim(0), {core(0, 2)});
    ports.push_back(f.cons());
  }
  d.worker("w", core(0, 2), ports, [](Core&) {});
  EXPECT_DIAG(validate(d), Rule::dma_channels,
              "core tile (0,2): 3 incoming fifos need S2MM channels but it has 2 ('a', 'b', 'c')");
}

TEST(Validate, AccessPatternIterationRange) {
  auto d = copy(64);
  d.fill(FifoRef{0}, 0, AccessPattern{0, {65, 1, 1, 4}, {0, 0, 0, 1}});
  EXPECT_DIAG(validate(d), Rule::access_pattern,
              "runtime fill of fifo 'in' (buffer 'input'): Size 65 exceeds the [1:64] range of the "
              "iteration dimension "
              "(dim 0)");
}

TEST(Validate, AccessPatternGranularityAndWrapOnACoreTile) {
  Design d(arch::npu1(), "dims");
  TensorType elem{DType::bf16, {600}};
  auto in = d.object_fifo("in", elem, 1, shim(0), {core(0, 2)});
  d.dims_from_stream(in, 0, AccessPattern{0, {2, 300}, {300, 2}});
  d.worker("w", core(0, 2), {in.cons()}, [](Core&) {});
  auto ds = validate(d);
  EXPECT_DIAG(ds, Rule::access_pattern,
              "fifo 'in' S2MM on (0,2): size 300 in dim 1 (300) exceeds the 8-bit wrap field of a "
              "core tile (max 255)");
  EXPECT_DIAG(ds, Rule::access_pattern,
              "fifo 'in' S2MM on (0,2): innermost stride 2 must be 1 for 2-byte elements (4-byte "
              "granularity)");
  EXPECT_DIAG(ds, Rule::access_pattern,
              "fifo 'in' S2MM on (0,2): reaches elements 0..898 but its element has 600 elements");
}

TEST(Validate, AccessPatternOddBf16Row) {
  auto d = copy(64);
  Design e(arch::npu1(), "odd");
  TensorType elem{DType::bf16, {6}};
  auto in = e.object_fifo("in", elem, 1, shim(0), {core(0, 2)});
  e.worker("w", core(0, 2), {in.cons()}, [](Core&) {});
  int a = e.runtime_arg("x", {DType::bf16, {6}});
  e.fill(in, a, AccessPattern{1, {2, 3}, {3, 1}});
  auto ds = validate(e);
  EXPECT_DIAG(
      ds, Rule::access_pattern,
      "runtime fill of fifo 'in' (buffer 'x'): offset 1 elements = 2 B is not a multiple of 4 B");
  EXPECT_DIAG(ds, Rule::access_pattern,
              "runtime fill of fifo 'in' (buffer 'x'): innermost size 3 x 2 B = 6 B is not a "
              "multiple of 4 B");
  EXPECT_DIAG(
      ds, Rule::access_pattern,
      "runtime fill of fifo 'in' (buffer 'x'): stride 3 in dim 0 = 6 B is not a multiple of 4 B");
}

TEST(Validate, CoreTileTransferLength) {
  Design d(arch::npu1(), "long");
  TensorType elem{DType::i32, {16384}};  // 64 KiB: 16384 words > 16383
  auto in = d.object_fifo("in", elem, 1, shim(0), {core(0, 2)});
  d.dims_from_stream(in, 0, AccessPattern{0, {64, 256}, {256, 1}});
  d.worker("w", core(0, 2), {in.cons()}, [](Core&) {});
  EXPECT_DIAG(validate(d), Rule::access_pattern,
              "fifo 'in' S2MM on (0,2): moves 16384 words, which exceeds the maximum of 16383 "
              "words supported by a "
              "core tile");
}

TEST(Validate, CoreUsingMemoryItCannotReach) {
  Design d(arch::npu1(), "reach");
  TensorType elem{DType::i32, {64}};
  auto in = d.object_fifo("in", elem, 2, shim(2), {core(2, 2)});
  d.worker("w", core(0, 2), {in.cons()}, [](Core&) {});
  EXPECT_DIAG(validate(d), Rule::reach,
              "worker 'w' on (0,2) uses fifo 'in' consumer 0 on (2,2), whose memory it cannot "
              "reach (a core reaches "
              "its own tile and the west, north and south core tiles)");
}

TEST(Validate, CoreUsingANeighboursBufferIsAllowed) {
  Design d(arch::npu1(), "neighbour");
  TensorType elem{DType::i32, {64}};
  auto in = d.object_fifo("in", elem, 2, shim(0), {core(0, 3)});
  d.worker("w", core(1, 3), {in.cons()}, [](Core&) {});  // (0,3) is west of (1,3)
  int a = d.runtime_arg("x", elem);
  d.fill(in, a);
  auto ds = validate(d);
  EXPECT_TRUE(ds.empty()) << dump(ds);
}

TEST(Validate, CoreUsingAMemTileEnd) {
  Design d(arch::npu1(), "memreach");
  TensorType elem{DType::i32, {64}};
  auto in = d.object_fifo("in", elem, 2, shim(0), {mem(0)});
  auto mid = d.object_fifo("mid", elem, 2, mem(0), {core(0, 2)});
  d.forward(in, mid);
  d.worker("w", core(0, 2), {in.cons()}, [](Core&) {});
  d.worker("v", core(1, 3), {mid.cons()}, [](Core&) {});  // (0,2) is diagonal to (1,3)
  auto ds = validate(d);
  EXPECT_DIAG(ds, Rule::reach,
              "worker 'w' on (0,2) uses fifo 'in' consumer 0 on (0,1), but cores cannot access "
              "mem-tile memory; end "
              "the fifo on a core tile");
  EXPECT_DIAG(ds, Rule::reach,
              "worker 'v' on (1,3) uses fifo 'mid' consumer 0 on (0,2), whose memory it cannot "
              "reach (a core reaches "
              "its own tile and the west, north and south core tiles)");
}

TEST(Validate, SplitPartsMustFitTheElement) {
  Design d(arch::npu1(), "split");
  TensorType whole{DType::i32, {128}}, part{DType::i32, {64}};
  auto in = d.object_fifo("in", whole, 2, shim(0), {mem(0)});
  auto a = d.object_fifo("a", part, 2, mem(0), {core(0, 2)});
  auto b = d.object_fifo("b", part, 2, mem(0), {core(0, 3)});
  d.split(in, {a, b}, {0, 96});
  d.worker("wa", core(0, 2), {a.cons()}, [](Core&) {});
  d.worker("wb", core(0, 3), {b.cons()}, [](Core&) {});
  EXPECT_DIAG(validate(d), Rule::structure,
              "split link of fifo 'in': part 1 (fifo 'b', 256 B at byte 384) does not fit the 512 "
              "B element");
}

TEST(Validate, EveryProblemIsReportedAtOnce) {
  auto d = copy(4096, 2);                                                // memory
  d.worker("misplaced", mem(1), {}, [](Core&) {});                       // placement
  d.fill(FifoRef{0}, 0, AccessPattern{0, {65, 1, 1, 4}, {0, 0, 0, 1}});  // access pattern
  auto ds = validate(d);
  EXPECT_EQ(messages(ds, Rule::memory).size(), 1u) << dump(ds);
  EXPECT_EQ(messages(ds, Rule::placement).size(), 1u) << dump(ds);
  EXPECT_GE(messages(ds, Rule::access_pattern).size(), 1u) << dump(ds);
  try {
    require_valid(d);
    FAIL();
  } catch (const DeviceLimitError& e) {
    EXPECT_NE(std::string(e.what()).find("design 'copy' on npu1 failed validation ("),
              std::string::npos);
  }
}

}  // namespace
}  // namespace xdna::design
