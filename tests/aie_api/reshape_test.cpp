// Lane movement at the lane edges: shuffles (incl. the wrap-around of a 512-bit shuffle_down),
// shift_bytes, interleave, filter, reverse, concat, and the vector members insert/extract/grow/
// cast_to/push.
#include <gtest/gtest.h>

#include <cstring>

#include "reference.hpp"

namespace {

template <typename T, unsigned N>
aie::vector<T, N> iota(int start = 0) {
  aie::vector<T, N> v;
  for (unsigned i = 0; i < N; ++i) v[i] = static_cast<T>(start + static_cast<int>(i));
  return v;
}

TEST(Shuffle, DownOf512BitVectorWrapsAround) {
  const auto v = iota<int16, 32>(1);
  for (unsigned n : {0u, 1u, 5u, 31u, 32u}) {
    const auto s = aie::shuffle_down(v, n);
    for (unsigned i = 0; i < 32; ++i)
      EXPECT_EQ(s[i], v[(i + n) % 32]) << "n " << n << " lane " << i;
  }
}

TEST(Shuffle, DownOfNarrowAndWideVectorsFillsZero) {
  const auto v = iota<int32, 8>(1);  // 256-bit
  const auto s = aie::shuffle_down(v, 3);
  for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(s[i], i + 3 < 8 ? v[i + 3] : 0) << i;
  const auto w = iota<int16, 64>(1);  // 1024-bit
  const auto t = aie::shuffle_down(w, 10);
  for (unsigned i = 0; i < 64; ++i) EXPECT_EQ(t[i], i + 10 < 64 ? w[i + 10] : 0) << i;
}

TEST(Shuffle, FillRotateReplicateUp) {
  const auto v = iota<int8, 64>(1), f = iota<int8, 64>(-100);
  const unsigned n = 7;
  const auto df = aie::shuffle_down_fill(v, f, n), dr = aie::shuffle_down_rotate(v, n),
             dp = aie::shuffle_down_replicate(v, n), uf = aie::shuffle_up_fill(v, f, n),
             ur = aie::shuffle_up_rotate(v, n), up = aie::shuffle_up_replicate(v, n),
             u = aie::shuffle_up(v, n);
  for (unsigned i = 0; i < 64; ++i) {
    EXPECT_EQ(df[i], i + n < 64 ? v[i + n] : f[i + n - 64]) << i;
    EXPECT_EQ(dr[i], v[(i + n) % 64]) << i;
    EXPECT_EQ(dp[i], i + n < 64 ? v[i + n] : v[63]) << i;
    EXPECT_EQ(uf[i], i < n ? f[64 - n + i] : v[i - n]) << i;
    EXPECT_EQ(ur[i], v[(i + 64 - n) % 64]) << i;
    EXPECT_EQ(up[i], i < n ? v[0] : v[i - n]) << i;
    EXPECT_EQ(u[i], i < n ? 0 : v[i - n]) << i;
  }
  EXPECT_THROW(aie::shuffle_down(v, 65), std::out_of_range);
  EXPECT_THROW(aie::shuffle_up(v, 65), std::out_of_range);
}

TEST(ShiftBytes, TakesBytesOfTheConcatenation) {
  const auto a = iota<uint8, 64>(0), b = iota<uint8, 64>(64);
  for (unsigned s : {0u, 1u, 17u, 63u, 64u}) {
    const auto r = aie::shift_bytes(a, b, s);
    for (unsigned i = 0; i < 64; ++i) EXPECT_EQ(r[i], (s + i) & 0xff) << s << " " << i;
  }
  // On 16-bit lanes the shift is still in bytes: an odd shift splits lanes.
  const auto x = iota<int16, 32>(0x0100), y = iota<int16, 32>(0x0200);
  const auto r = aie::shift_bytes(x, y, 3);
  unsigned char bytes[128];
  std::memcpy(bytes, x.data(), 64);
  std::memcpy(bytes + 64, y.data(), 64);
  std::int16_t want0;
  std::memcpy(&want0, bytes + 3, 2);
  EXPECT_EQ(r[0], want0);
  EXPECT_THROW(aie::shift_bytes(a, b, 65), std::out_of_range);
}

TEST(Interleave, ZipAndUnzipForEveryChunk) {
  const auto a = iota<int32, 16>(0), b = iota<int32, 16>(100);
  for (unsigned c : {1u, 2u, 4u, 8u, 16u}) {
    const auto [lo, hi] = aie::interleave_zip(a, b, c);
    int seq[32];
    unsigned k = 0;
    for (unsigned blk = 0; blk < 16 / c; ++blk) {
      for (unsigned j = 0; j < c; ++j) seq[k++] = a[blk * c + j];
      for (unsigned j = 0; j < c; ++j) seq[k++] = b[blk * c + j];
    }
    for (unsigned i = 0; i < 16; ++i) {
      EXPECT_EQ(lo[i], seq[i]) << "chunk " << c;
      EXPECT_EQ(hi[i], seq[16 + i]) << "chunk " << c;
    }
    const auto [ra, rb] = aie::interleave_unzip(lo, hi, c);
    EXPECT_TRUE(aie::equal(ra, a)) << "chunk " << c;
    EXPECT_TRUE(aie::equal(rb, b)) << "chunk " << c;
  }
  EXPECT_THROW(aie::interleave_zip(a, b, 3), std::out_of_range);
}

TEST(Filter, EvenAndOddGroups) {
  const auto v = iota<int16, 32>(0);
  for (unsigned step : {1u, 2u, 4u, 8u, 16u}) {
    const auto e = aie::filter_even(v, step), o = aie::filter_odd(v, step);
    for (unsigned i = 0; i < 16; ++i) {
      const unsigned group = i / step, within = i % step;
      EXPECT_EQ(e[i], static_cast<int>((2 * group) * step + within)) << step;
      EXPECT_EQ(o[i], static_cast<int>((2 * group + 1) * step + within)) << step;
    }
  }
}

TEST(Reverse, AndConcat) {
  const auto v = iota<bfloat16, 32>(0);
  const auto r = aie::reverse(v);
  for (unsigned i = 0; i < 32; ++i) EXPECT_EQ(static_cast<float>(r[i]), 31.0f - i);
  const auto a = iota<int8, 16>(0), b = iota<int8, 16>(16), c = iota<int8, 16>(32),
             d = iota<int8, 16>(48);
  const aie::vector<int8, 64> all = aie::concat(a, b, c, d);
  for (unsigned i = 0; i < 64; ++i) EXPECT_EQ(all[i], static_cast<int>(i));
}

TEST(VectorMembers, InsertExtractGrowCastPush) {
  auto v = iota<int16, 32>(0);
  const auto part = v.extract<8>(2);
  for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(part[i], 16 + static_cast<int>(i));
  v.insert(0, iota<int16, 8>(-50));
  EXPECT_EQ(v[0], -50);
  EXPECT_EQ(v[7], -43);
  EXPECT_EQ(v[8], 8);
  const auto g = part.grow<32>(1);
  for (unsigned i = 0; i < 32; ++i) EXPECT_EQ(g[i], (i >= 8 && i < 16) ? part[i - 8] : 0) << i;
  const auto rep = part.grow_replicate<32>();
  for (unsigned i = 0; i < 32; ++i) EXPECT_EQ(rep[i], part[i % 8]);
  // cast_to reinterprets bytes (little-endian lanes).
  aie::vector<int32, 16> words;
  for (unsigned i = 0; i < 16; ++i) words[i] = static_cast<int32>(0x01020304 + i);
  const auto bytes = words.cast_to<uint8>();
  static_assert(decltype(bytes)::size() == 64);
  EXPECT_EQ(bytes[0], 0x04);
  EXPECT_EQ(bytes[3], 0x01);
  EXPECT_EQ(bytes[4], 0x05);
  EXPECT_TRUE(aie::equal(aie::vector_cast<int32>(bytes), words));
  auto p = iota<int32, 8>(1);
  p.push(99);
  EXPECT_EQ(p[0], 99);
  EXPECT_EQ(p[1], 1);
  EXPECT_EQ(p[7], 7);
  v.set(1234, 31);
  EXPECT_EQ(v.get(31), 1234);
  const auto halves = iota<int32, 16>(0).split<8>();
  EXPECT_EQ(halves[1][0], 8);
}

}  // namespace

namespace {

TEST(Transpose, RowMajorMatrixInALane) {
  const auto v = iota<int16, 32>(0);  // 4 x 8
  const auto t = aie::transpose(v, 4, 8);
  for (unsigned r = 0; r < 4; ++r)
    for (unsigned c = 0; c < 8; ++c) EXPECT_EQ(t[c * 4 + r], static_cast<int>(r * 8 + c));
  EXPECT_THROW(aie::transpose(v, 4, 4), std::out_of_range);
}

}  // namespace
