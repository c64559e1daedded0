// Comparisons -> masks, select, mask words. bfloat16 comparisons exhaustively: every one of the
// 65536 bit patterns against a set of special and ordinary values, and against its neighbour.
#include <gtest/gtest.h>

#include "reference.hpp"

namespace {

using namespace aie::operators;

// The reference predicate for bf16 bits (IEEE: NaN unordered, -0 == +0).
struct Bf16Relation {
  bool lt, le, gt, ge, eq, neq;
};
Bf16Relation relate(std::uint16_t x, std::uint16_t y) {
  if (ref::bf16_is_nan(x) || ref::bf16_is_nan(y)) return {false, false, false, false, false, true};
  const int kx = ref::bf16_order_key(x), ky = ref::bf16_order_key(y);
  return {kx<ky, kx <= ky, kx> ky, kx >= ky, kx == ky, kx != ky};
}

void check_block(const std::uint16_t* xs, const std::uint16_t* ys) {
  aie::vector<bfloat16, 32> a, b;
  for (unsigned i = 0; i < 32; ++i) {
    a[i] = bfloat16::from_bits(xs[i]);
    b[i] = bfloat16::from_bits(ys[i]);
  }
  const auto lt = aie::lt(a, b), le = aie::le(a, b), gt = aie::gt(a, b), ge = aie::ge(a, b),
             eq = aie::eq(a, b), ne = aie::neq(a, b);
  for (unsigned i = 0; i < 32; ++i) {
    const Bf16Relation r = relate(xs[i], ys[i]);
    ASSERT_EQ(lt.test(i), r.lt) << std::hex << xs[i] << " < " << ys[i];
    ASSERT_EQ(le.test(i), r.le) << std::hex << xs[i] << " <= " << ys[i];
    ASSERT_EQ(gt.test(i), r.gt) << std::hex << xs[i] << " > " << ys[i];
    ASSERT_EQ(ge.test(i), r.ge) << std::hex << xs[i] << " >= " << ys[i];
    ASSERT_EQ(eq.test(i), r.eq) << std::hex << xs[i] << " == " << ys[i];
    ASSERT_EQ(ne.test(i), r.neq) << std::hex << xs[i] << " != " << ys[i];
  }
}

TEST(Compare, Bf16ExhaustiveAgainstSpecialsAndNeighbours) {
  const std::uint16_t specials[] = {0x0000, 0x8000, 0x3f80, 0xbf80, 0x7f80, 0xff80,
                                    0x7fc0, 0xffc0, 0x7f81, 0x0001, 0x8001, 0x007f,
                                    0x0080, 0x7f7f, 0xff7f, 0x3f00, 0x4000, 0xc000};
  for (std::uint16_t y : specials) {
    for (std::uint32_t base = 0; base < 65536; base += 32) {
      std::uint16_t xs[32], ys[32];
      for (unsigned i = 0; i < 32; ++i) {
        xs[i] = static_cast<std::uint16_t>(base + i);
        ys[i] = y;
      }
      check_block(xs, ys);
      check_block(ys, xs);
    }
  }
  for (std::uint32_t base = 0; base < 65536; base += 32) {  // x vs x+1 and x vs x
    std::uint16_t xs[32], ys[32], zs[32];
    for (unsigned i = 0; i < 32; ++i) {
      xs[i] = static_cast<std::uint16_t>(base + i);
      ys[i] = static_cast<std::uint16_t>(base + i + 1);
      zs[i] = xs[i];
    }
    check_block(xs, ys);
    check_block(ys, xs);
    check_block(xs, zs);
  }
}

template <typename T>
class IntegerCompare : public ::testing::Test {};
using CompareTypes = ::testing::Types<int8, uint8, int16, uint16, int32, uint32, float>;
TYPED_TEST_SUITE(IntegerCompare, CompareTypes);

TYPED_TEST(IntegerCompare, VectorAndScalarFormsMatchReference) {
  using T = TypeParam;
  constexpr unsigned N = 512 / (8 * sizeof(T));
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    auto a = ref::random_lanes<T>(N, seed), b = ref::random_lanes<T>(N, seed * 31);
    b[0] = a[0];  // equal lanes
    const auto va = ref::to_vec<T, N>(a.data()), vb = ref::to_vec<T, N>(b.data());
    const T s = a[5];
    const auto lt = aie::lt(va, vb), ge = aie::ge(va, vb), eq = aie::eq(va, vb),
               ne = aie::neq(va, vb), le = aie::le(va, vb), gt = aie::gt(va, vb),
               lts = aie::lt(va, s), ges = aie::ge(s, va);
    for (unsigned i = 0; i < N; ++i) {
      ASSERT_EQ(lt.test(i), a[i] < b[i]);
      ASSERT_EQ(le.test(i), a[i] <= b[i]);
      ASSERT_EQ(gt.test(i), a[i] > b[i]);
      ASSERT_EQ(ge.test(i), a[i] >= b[i]);
      ASSERT_EQ(eq.test(i), a[i] == b[i]);
      ASSERT_EQ(ne.test(i), a[i] != b[i]);
      ASSERT_EQ(lts.test(i), a[i] < s);
      ASSERT_EQ(ges.test(i), s >= a[i]);
    }
    EXPECT_EQ(va < vb, lt);
    EXPECT_EQ(va >= vb, ge);
    EXPECT_EQ(va == vb, eq);
    EXPECT_EQ(va != vb, ne);
  }
}

TEST(Select, LaneTakesBWhereMaskIsSet) {
  aie::vector<int16, 32> a, b;
  for (unsigned i = 0; i < 32; ++i) {
    a[i] = static_cast<int16>(i);
    b[i] = static_cast<int16>(100 + i);
  }
  const std::uint32_t bits = 0x80000001u | 0x00f00f00u;
  const auto m = aie::mask<32>::from_uint32(bits);
  const auto s = aie::select(a, b, m);
  for (unsigned i = 0; i < 32; ++i) EXPECT_EQ(s[i], ((bits >> i) & 1) ? 100 + i : i) << i;
  // Scalar forms.
  const auto s1 = aie::select(int16{-1}, b, m);
  const auto s2 = aie::select(a, int16{-2}, m);
  const auto s3 = aie::select(int16{7}, int16{8}, m);
  for (unsigned i = 0; i < 32; ++i) {
    const bool on = (bits >> i) & 1;
    EXPECT_EQ(s1[i], on ? b[i] : -1);
    EXPECT_EQ(s2[i], on ? -2 : a[i]);
    EXPECT_EQ(s3[i], on ? 8 : 7);
  }
}

TEST(Mask, WordsCountsAndLogic) {
  const auto m = aie::mask<64>::from_uint64(0xf0f0'0000'0000'0003ull);
  EXPECT_EQ(m.count(), 10u);
  EXPECT_TRUE(m.test(0));
  EXPECT_TRUE(m.test(1));
  EXPECT_FALSE(m.test(2));
  EXPECT_TRUE(m.test(63));
  EXPECT_EQ(m.to_uint32(0), 3u);
  EXPECT_EQ(m.to_uint32(1), 0xf0f00000u);
  EXPECT_EQ(m.to_uint64(), 0xf0f0'0000'0000'0003ull);
  EXPECT_EQ((~m).count(), 54u);
  const auto n = aie::mask<64>::from_uint64(0x1ull | (1ull << 63));
  EXPECT_EQ((m & n).to_uint64(), 0x8000'0000'0000'0001ull);
  EXPECT_EQ((m | n).to_uint64(), m.to_uint64());
  EXPECT_EQ((m ^ n).count(), 8u);
  EXPECT_TRUE(aie::mask<8>(true).full());
  EXPECT_TRUE(aie::mask<8>().empty());
  aie::mask<128> wide;
  wide.set(127);
  EXPECT_EQ(wide.to_uint64(1), 1ull << 63);
  EXPECT_EQ(wide.to_uint32(3), 1u << 31);
}

TEST(Compare, WholeVectorEquality) {
  auto a = aie::broadcast<int32, 16>(4), b = a;
  EXPECT_TRUE(aie::equal(a, b));
  b[15] = 5;
  EXPECT_FALSE(aie::equal(a, b));
  EXPECT_TRUE(aie::not_equal(a, b));
}

}  // namespace
