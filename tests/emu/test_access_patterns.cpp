// Access patterns move exactly the elements they describe: strided host reads, transposing host
// writes, tiling on a mem tile (dims_to_stream) and scattering on a core (dims_from_stream).
// Expected values come from index formulas written here, not from the emulator.
#include <gtest/gtest.h>

#include "emu_test_designs.hpp"
#include "xdna/emu/emulator.hpp"

namespace xdna::emu {
namespace {

using design::AccessPattern;
using design::Design;
using design::DType;
using testing::iota;

// shim -> mem forward -> shim, with optional dims on the mem tile's output.
Design forward_design(int n, int chunk, AccessPattern fill, AccessPattern mem_out,
                      AccessPattern drain) {
  Design d(arch::npu1(), "forward");
  design::TensorType elem{DType::i32, {chunk}};
  auto in = d.object_fifo("in", elem, 2, design::shim(0), {design::mem(0)});
  auto out = d.object_fifo("out", elem, 2, design::mem(0), {design::shim(0)});
  d.forward(in, out);
  d.dims_to_stream(out, std::move(mem_out));
  int a = d.runtime_arg("input", {DType::i32, {n}});
  int b = d.runtime_arg("output", {DType::i32, {n}});
  d.fill(in, a, std::move(fill));
  d.drain(out, b, std::move(drain));
  return d;
}

TEST(AccessPatterns, StridedHostReadTakesEveryOtherElement) {
  Design d2(arch::npu1(), "strided");
  design::TensorType elem{DType::i32, {64}};
  auto in = d2.object_fifo("in", elem, 2, design::shim(0), {design::core(0, 2)});
  auto out = d2.object_fifo("out", elem, 2, design::core(0, 2), {design::shim(0)});
  d2.worker("copy", design::core(0, 2), {in.cons(), out.prod()},
            testing::copy_design(256, 64).workers()[0].body);
  int a = d2.runtime_arg("input", {DType::i32, {512}});
  int b = d2.runtime_arg("output", {DType::i32, {256}});
  d2.fill(in, a, AccessPattern{1, {256}, {2}});
  d2.drain(out, b);
  Buffers bufs = {to_bytes(iota(512)), Buffer(256 * 4)};
  auto r = run(d2, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  auto o = from_bytes<int>(bufs[1]);
  for (int i = 0; i < 256; ++i) ASSERT_EQ(o[static_cast<std::size_t>(i)], 2 * i + 1) << i;
}

TEST(AccessPatterns, TransposingHostWrite) {
  // Input is a 32 x 64 row-major matrix; the drain writes stream element (i, j) of that matrix
  // to out[j * 32 + i], i.e. out is the 64 x 32 transpose.
  const int R = 32, C = 64;
  auto d = forward_design(R * C, 256, {}, {}, AccessPattern{0, {R, C}, {1, R}});
  Buffers bufs = {to_bytes(iota(R * C)), Buffer(R * C * 4)};
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  auto o = from_bytes<int>(bufs[1]);
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j)
      ASSERT_EQ(o[static_cast<std::size_t>(j * R + i)], i * C + j) << i << "," << j;
}

TEST(AccessPatterns, MemTileTilesAMatrixIntoBlocks) {
  // One element = a 16 x 16 row-major matrix; the mem tile sends it as 4 x 4 blocks in
  // row-major block order, each block row-major.
  const int N = 16, B = 4;
  AccessPattern tiles{0, {N / B, N / B, B, B}, {B * N, B, N, 1}};
  auto d = forward_design(N * N * 2, N * N, {}, tiles, {});
  Buffers bufs = {to_bytes(iota(N * N * 2)), Buffer(N * N * 2 * 4)};
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  auto o = from_bytes<int>(bufs[1]);
  for (int e = 0; e < 2; ++e)
    for (int k = 0; k < N * N; ++k) {
      const int br = k / (B * N), bc = (k / (B * B)) % (N / B), rr = (k / B) % B, cc = k % B;
      const int src = (br * B + rr) * N + bc * B + cc;
      ASSERT_EQ(o[static_cast<std::size_t>(e * N * N + k)], e * N * N + src)
          << "element " << e << " index " << k;
    }
}

TEST(AccessPatterns, RepeatingOuterDimensionResendsData) {
  // Stride 0 in the outer dimension sends the same 64 elements three times.
  auto d = forward_design(192, 64, AccessPattern{64, {3, 64}, {0, 1}}, {}, {});
  Buffers bufs = {Buffer(192 * 4), Buffer(192 * 4)};
  auto in = iota(192, 1000);
  bufs[0] = to_bytes(in);
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  auto o = from_bytes<int>(bufs[1]);
  for (int i = 0; i < 192; ++i) ASSERT_EQ(o[static_cast<std::size_t>(i)], 1000 + 64 + i % 64) << i;
}

TEST(AccessPatterns, CoreSideScatterWithDimsFromStream) {
  // The core's S2MM writes each incoming 8 x 8 element transposed into its buffer.
  Design d(arch::npu1(), "scatter");
  design::TensorType elem{DType::i32, {64}};
  auto in = d.object_fifo("in", elem, 2, design::shim(0), {design::core(0, 2)});
  auto out = d.object_fifo("out", elem, 2, design::core(0, 2), {design::shim(0)});
  d.dims_from_stream(in, 0, AccessPattern{0, {8, 8}, {1, 8}});
  d.worker("copy", design::core(0, 2), {in.cons(), out.prod()}, [](design::Core& c) {
    for (int i = 0; i < 2; ++i) {
      auto x = c.acquire(0);
      auto y = c.acquire(1);
      std::memcpy(y.data, x.data, 256);
      c.release(0);
      c.release(1);
    }
  });
  int a = d.runtime_arg("input", {DType::i32, {128}});
  int b = d.runtime_arg("output", {DType::i32, {128}});
  d.fill(in, a);
  d.drain(out, b);
  Buffers bufs = {to_bytes(iota(128)), Buffer(128 * 4)};
  auto r = run(d, bufs);
  ASSERT_EQ(r.status, Status::completed) << r.diagnosis;
  auto o = from_bytes<int>(bufs[1]);
  for (int e = 0; e < 2; ++e)
    for (int i = 0; i < 8; ++i)
      for (int j = 0; j < 8; ++j)
        ASSERT_EQ(o[static_cast<std::size_t>(e * 64 + j * 8 + i)], e * 64 + i * 8 + j);
}

}  // namespace
}  // namespace xdna::emu
