// The DMA byte walker (src/emu/byte_pattern) against a per-byte reference written from the
// access-pattern definition: stream element j sits at offset + sum(index_d * stride_d), indices
// counted outermost-first. Every split of a transfer (whole, run-aligned chunks, odd byte
// spans) must gather and scatter exactly the bytes the reference names, in stream order.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "byte_pattern.hpp"

namespace xdna::emu::detail {
namespace {

using design::AccessPattern;

// Memory byte of stream byte `b` under pattern `p` with `es`-byte elements (reference).
std::int64_t reference_address(const AccessPattern& p, std::size_t es, std::uint64_t b) {
  if (p.empty()) return static_cast<std::int64_t>(b);
  auto j = static_cast<std::int64_t>(b / es);
  std::int64_t element = p.offset;
  for (std::size_t d = p.sizes.size(); d-- > 0;) {
    element += (j % p.sizes[d]) * p.strides[d];
    j /= p.sizes[d];
  }
  return element * static_cast<std::int64_t>(es) + static_cast<std::int64_t>(b % es);
}

struct Case {
  const char* what;
  AccessPattern pattern;
  std::size_t elem_bytes;
  std::uint64_t whole_bytes;  // for an empty pattern
  std::size_t mem_bytes;
};

std::vector<Case> cases() {
  return {
      {"linear", {}, 4, 1000, 1000},
      {"every other i32", {1, {256}, {2}}, 4, 0, 2048},
      {"i16 32x32 to 4x4 blocks", {0, {8, 8, 4, 4}, {128, 4, 32, 1}}, 2, 0, 2048},
      {"i16 32x32 to 4x8 blocks", {0, {8, 4, 4, 8}, {128, 8, 32, 1}}, 2, 0, 2048},
      {"i32 4x4 blocks to 32x32", {0, {8, 4, 8, 4}, {128, 4, 16, 1}}, 4, 0, 4096},
      {"bf16 64x64 to 4x8 blocks", {0, {16, 8, 4, 8}, {256, 8, 64, 1}}, 2, 0, 8192},
      {"host A row block, repeated", {64, {2, 4, 8, 8}, {0, 8, 32, 1}}, 2, 0, 2048},
      {"transposing 12x20", {0, {12, 20}, {1, 12}}, 4, 0, 960},
      {"inner size 3, 6 dims", {5, {2, 3, 2, 2, 3, 3}, {300, 100, 40, 13, 4, 1}}, 1, 0, 1024},
      {"size-1 dims and odd elements", {2, {3, 1, 5, 1, 3}, {40, 7, 8, 3, 1}}, 3, 0, 512},
  };
}

// Spans the engine may ask for: the whole stream, run-aligned chunks, and ragged byte spans.
std::vector<std::pair<std::uint64_t, std::uint64_t>> spans(const BytePattern& b) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> s = {{0, b.total}};
  for (std::uint64_t chunk : {b.run, 2 * b.run, 3 * b.run, std::uint64_t{7}, std::uint64_t{64}})
    for (std::uint64_t pos = 0; pos < b.total; pos += chunk)
      s.push_back({pos, std::min(chunk, b.total - pos)});
  s.push_back({1, b.total - 1});
  s.push_back({b.total / 2, b.total - b.total / 2});
  return s;
}

std::vector<std::byte> numbered(std::size_t n) {
  std::vector<std::byte> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::byte>((i * 131 + i / 251) & 0xff);
  return v;
}

TEST(BytePattern, GatherTakesTheReferenceBytesForEverySplit) {
  for (const Case& c : cases()) {
    const BytePattern b = BytePattern::make(c.pattern, c.elem_bytes, c.whole_bytes);
    const auto mem = numbered(c.mem_bytes);
    std::vector<std::byte> expected(b.total);
    for (std::uint64_t i = 0; i < b.total; ++i)
      expected[i] = mem[static_cast<std::size_t>(reference_address(c.pattern, c.elem_bytes, i))];
    for (const auto& [pos, n] : spans(b)) {
      std::vector<std::byte> got(n + 2, std::byte{0x5a});  // guard byte after the span
      gather(mem.data(), b, pos, n, got.data());
      for (std::uint64_t i = 0; i < n; ++i)
        ASSERT_EQ(got[i], expected[pos + i])
            << c.what << ": span " << pos << "+" << n << ", stream byte " << pos + i;
      ASSERT_EQ(got[n], std::byte{0x5a}) << c.what << ": wrote past span " << pos << "+" << n;
    }
  }
}

TEST(BytePattern, ScatterWritesTheReferenceBytesForEverySplit) {
  for (const Case& c : cases()) {
    const BytePattern b = BytePattern::make(c.pattern, c.elem_bytes, c.whole_bytes);
    const auto stream = numbered(b.total);
    // Reference: write stream bytes in order (a later byte to the same address wins).
    std::vector<std::byte> expected(c.mem_bytes, std::byte{0});
    for (std::uint64_t i = 0; i < b.total; ++i)
      expected[static_cast<std::size_t>(reference_address(c.pattern, c.elem_bytes, i))] = stream[i];
    for (const auto& split : {std::uint64_t{0}, b.run, std::uint64_t{5}}) {
      std::vector<std::byte> mem(c.mem_bytes, std::byte{0});
      if (split == 0) {
        scatter(mem.data(), b, 0, b.total, stream.data());
      } else {
        for (std::uint64_t pos = 0; pos < b.total; pos += split) {
          const auto n = std::min(split, b.total - pos);
          scatter(mem.data(), b, pos, n, stream.data() + pos);
        }
      }
      for (std::size_t a = 0; a < mem.size(); ++a)
        ASSERT_EQ(mem[a], expected[a])
            << c.what << ": chunks of " << split << ", memory byte " << a;
    }
  }
}

TEST(BytePattern, MergesContiguousDimsAndDropsSizeOne) {
  // 4 rows of 8 contiguous i16 -> one 64-byte run; a size-1 dim never moves the address.
  const BytePattern rows = BytePattern::make(AccessPattern{0, {1, 4, 8}, {999, 8, 1}}, 2, 0);
  EXPECT_EQ(rows.run, 64u);
  EXPECT_TRUE(rows.contiguous());
  EXPECT_EQ(rows.total, 64u);
  const BytePattern blocks =
      BytePattern::make(AccessPattern{0, {8, 8, 4, 4}, {128, 4, 32, 1}}, 2, 0);
  EXPECT_EQ(blocks.run, 8u);
  ASSERT_EQ(blocks.dims.size(), 3u);
  EXPECT_EQ(blocks.dims[0], (std::pair<std::int64_t, std::int64_t>{4, 64}));
}

}  // namespace
}  // namespace xdna::emu::detail
