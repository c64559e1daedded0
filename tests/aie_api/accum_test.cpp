// Accumulators: from_vector with shift, accumulator add/sub, mul/mac/msc for every operand pair
// (vector x vector and vector x scalar) with the default accumulator tags, grow/extract.
#include <gtest/gtest.h>

#include <type_traits>

#include "reference.hpp"

namespace {

using namespace aie::operators;

// Default tags of aie::mul (the real API's choice on AIE2).
static_assert(std::is_same_v<decltype(aie::mul(aie::vector<int8, 32>(), aie::vector<int8, 32>())),
                             aie::accum<acc32, 32>>);
static_assert(std::is_same_v<decltype(aie::mul(aie::vector<int16, 16>(), aie::vector<int16, 16>())),
                             aie::accum<acc32, 16>>);
static_assert(std::is_same_v<decltype(aie::mul(aie::vector<int16, 16>(), aie::vector<int8, 16>())),
                             aie::accum<acc32, 16>>);
static_assert(std::is_same_v<decltype(aie::mul(aie::vector<int32, 16>(), aie::vector<int16, 16>())),
                             aie::accum<acc64, 16>>);
static_assert(std::is_same_v<decltype(aie::mul(aie::vector<int32, 16>(), aie::vector<int32, 16>())),
                             aie::accum<acc64, 16>>);
static_assert(
    std::is_same_v<decltype(aie::mul(aie::vector<bfloat16, 16>(), aie::vector<bfloat16, 16>())),
                   aie::accum<accfloat, 16>>);
static_assert(std::is_same_v<decltype(aie::mul(aie::vector<float, 16>(), aie::vector<float, 16>())),
                             aie::accum<accfloat, 16>>);
static_assert(
    std::is_same_v<decltype(aie::mul<acc64>(aie::vector<int16, 16>(), aie::vector<int16, 16>())),
                   aie::accum<acc64, 16>>);

template <typename Lane>
Lane wrap_lane(__int128 x) {
  using U = std::make_unsigned_t<Lane>;
  return static_cast<Lane>(static_cast<U>(static_cast<unsigned __int128>(x)));
}

template <typename A, typename B>
void check_integer_pair() {
  constexpr unsigned N = 16;
  using Acc = decltype(aie::mul(aie::vector<A, N>(), aie::vector<B, N>()));
  using Lane = typename Acc::value_type;
  for (std::uint32_t seed = 1; seed <= 8; ++seed) {
    auto a = ref::random_lanes<A>(N, seed), b = ref::random_lanes<B>(N, seed + 50);
    auto c0 = ref::random_lanes<Lane>(N, seed + 99);
    a[0] = std::numeric_limits<A>::min();
    b[0] = std::numeric_limits<B>::min();
    a[1] = std::numeric_limits<A>::max();
    b[1] = std::numeric_limits<B>::max();
    const auto va = ref::to_vec<A, N>(a.data());
    const auto vb = ref::to_vec<B, N>(b.data());
    Acc c;
    for (unsigned i = 0; i < N; ++i) c.set(c0[i], i);
    const B s = b[4];
    const Acc m = aie::mul(va, vb), ma = aie::mac(c, va, vb), ms = aie::msc(c, va, vb),
              mscalar = aie::mul(va, s), macs = aie::mac(c, va, s), sum = aie::add(c, m),
              diff = c - m, nm = aie::negmul(va, vb);
    for (unsigned i = 0; i < N; ++i) {
      const __int128 p = static_cast<__int128>(a[i]) * b[i];
      ASSERT_EQ(m.get(i), wrap_lane<Lane>(p)) << i;
      ASSERT_EQ(ma.get(i), wrap_lane<Lane>(c0[i] + p)) << i;
      ASSERT_EQ(ms.get(i), wrap_lane<Lane>(c0[i] - p)) << i;
      ASSERT_EQ(mscalar.get(i), wrap_lane<Lane>(static_cast<__int128>(a[i]) * s)) << i;
      ASSERT_EQ(macs.get(i), wrap_lane<Lane>(c0[i] + static_cast<__int128>(a[i]) * s)) << i;
      ASSERT_EQ(sum.get(i), wrap_lane<Lane>(static_cast<__int128>(c0[i]) + wrap_lane<Lane>(p)))
          << i;
      ASSERT_EQ(diff.get(i), wrap_lane<Lane>(static_cast<__int128>(c0[i]) - wrap_lane<Lane>(p)))
          << i;
      ASSERT_EQ(nm.get(i), wrap_lane<Lane>(-p)) << i;
    }
  }
}

TEST(Mul, IntegerPairs) {
  check_integer_pair<int8, int8>();
  check_integer_pair<uint8, int8>();
  check_integer_pair<uint8, uint8>();
  check_integer_pair<int16, int8>();
  check_integer_pair<int8, int16>();
  check_integer_pair<int16, int16>();
  check_integer_pair<uint16, int16>();
  check_integer_pair<int32, int16>();
  check_integer_pair<int16, int32>();
  check_integer_pair<int32, int32>();
  check_integer_pair<uint32, uint32>();
}

TEST(Mul, Bf16ProductsAreExactAndMacRoundsOnce) {
  for (std::uint32_t seed = 1; seed <= 32; ++seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-8.0f, 8.0f);
    aie::vector<bfloat16, 16> a, b;
    aie::accum<accfloat, 16> c;
    float c0[16];
    for (unsigned i = 0; i < 16; ++i) {
      a[i] = bfloat16(dist(rng));
      b[i] = bfloat16(dist(rng));
      c0[i] = dist(rng);
      c.set(c0[i], i);
    }
    const auto m = aie::mul(a, b), ma = aie::mac(c, a, b), ms = aie::msc(c, a, b);
    for (unsigned i = 0; i < 16; ++i) {
      const double exact = static_cast<double>(static_cast<float>(a[i])) * static_cast<float>(b[i]);
      ASSERT_EQ(static_cast<double>(m.get(i)), exact) << "bf16 product must be exact in fp32";
      ASSERT_EQ(ma.get(i), static_cast<float>(c0[i] + exact)) << i;  // one rounding of the sum
      ASSERT_EQ(ms.get(i), static_cast<float>(c0[i] - exact)) << i;
    }
  }
}

TEST(FromVector, ShiftsIntegerLanesUpAndRoundTrips) {
  aie::vector<int16, 16> v;
  for (unsigned i = 0; i < 16; ++i) v[i] = static_cast<int16>(static_cast<int>(i) * 1000 - 8000);
  aie::accum<acc32, 16> acc(v, 4);
  for (unsigned i = 0; i < 16; ++i) EXPECT_EQ(acc.get(i), v[i] * 16);
  ref::scoped_modes m(aie::rounding_mode::floor, aie::saturation_mode::none);
  EXPECT_TRUE(aie::equal(acc.to_vector<int16>(4), v));
  const auto acc2 = aie::from_vector<acc64>(v, 40);
  for (unsigned i = 0; i < 16; ++i)
    EXPECT_EQ(acc2.get(i), static_cast<std::int64_t>(v[i]) * (std::int64_t{1} << 40));
  aie::accum<acc32, 16> acc3;
  acc3.from_vector(aie::vector<uint16, 16>(aie::broadcast<uint16, 16>(65535)));
  EXPECT_EQ(acc3.get(3), 65535);  // unsigned lanes zero-extend
  EXPECT_THROW((aie::accum<acc32, 16>(v, 32)), std::out_of_range);
}

TEST(Accum, GrowExtractInsertAndOperators) {
  aie::accum<acc32, 16> a;
  for (unsigned i = 0; i < 16; ++i) a.set(static_cast<int>(i), i);
  const auto hi = a.extract<8>(1);
  EXPECT_EQ(hi.get(0), 8);
  const auto g = hi.grow<32>(2);
  EXPECT_EQ(g.get(16), 8);
  EXPECT_EQ(g.get(0), 0);
  aie::accum<acc32, 16> b;
  b.insert(1, hi);
  EXPECT_EQ(b.get(15), 15);
  EXPECT_EQ(b.get(0), 0);
  auto c = a;
  c += a;
  EXPECT_EQ(c.get(5), 10);
  c -= a;
  EXPECT_EQ(c.get(5), 5);
  EXPECT_EQ((-a).get(5), -5);
  const auto z = aie::zeros<acc64, 8>();
  EXPECT_EQ(z.get(7), 0);
  const auto bc = aie::broadcast<accfloat, 16>(2.5f);
  EXPECT_EQ(bc.get(15), 2.5f);
  const aie::accum<acc32, 32> both = aie::concat(a, b);
  EXPECT_EQ(both.get(5), 5);
  EXPECT_EQ(both.get(16 + 15), 15);
  EXPECT_EQ(both.get(16 + 0), 0);
  // Accumulator plus vector.
  const auto av = aie::add(a, aie::broadcast<int16, 16>(100));
  EXPECT_EQ(av.get(3), 103);
}

TEST(ToFloat, ScalesByPowerOfTwo) {
  aie::vector<int32, 16> v;
  for (unsigned i = 0; i < 16; ++i) v[i] = static_cast<int32>(i) * 3 - 20;
  const auto f = aie::to_float(v, 2);
  for (unsigned i = 0; i < 16; ++i) EXPECT_EQ(f[i], static_cast<float>(v[i]) / 4.0f);
}

}  // namespace
