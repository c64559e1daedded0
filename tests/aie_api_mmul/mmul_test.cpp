// aie::mmul against scalar references: every supported shape, mul then mac, accumulator width
// and wrap-around, to_vector under the rounding/saturation registers, bf16 accumulation order,
// and the cost hook.
#include <gtest/gtest.h>

#include <aie_api/aie.hpp>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "reference.hpp"

namespace {

using aie_ref::i128;

// Resets the current core's registers after each test (the state is thread-local and shared
// by all tests of this thread).
class MmulTest : public ::testing::Test {
 protected:
  void TearDown() override {
    aie::set_rounding(aie::rounding_mode::floor);
    aie::set_saturation(aie::saturation_mode::none);
  }
};

template <typename T, unsigned N>
aie::vector<T, N> to_vec(const std::vector<T>& src) {
  aie::vector<T, N> v;
  for (unsigned i = 0; i < N; ++i) v[i] = src[i];
  return v;
}

// C = C0 + A1*B1 + A2*B2 (row-major A: M x K, B: K x N, C: M x N), exact, then wrapped to the
// accumulator width the AIE2 mode uses (`acc_bits`, stated here from the aie_api shape table).
template <unsigned M, unsigned K, unsigned N, typename TA, typename TB, typename Tag,
          unsigned AccBits>
void check_integer_shape() {
  using MM = aie::mmul<M, K, N, TA, TB, Tag>;
  static_assert(MM::size_A == M * K && MM::size_B == K * N && MM::size_C == M * N);
  static_assert(MM::accum_type::lane_bits() == AccBits, "accumulator width of this AIE2 mode");
  std::mt19937 rng(M * 10000 + K * 100 + N);
  const auto a1 = aie_ref::random_lanes<TA>(rng, M * K), a2 = aie_ref::random_lanes<TA>(rng, M * K);
  const auto b1 = aie_ref::random_lanes<TB>(rng, K * N), b2 = aie_ref::random_lanes<TB>(rng, K * N);

  MM mm;
  mm.mul(to_vec<TA, M * K>(a1), to_vec<TB, K * N>(b1));
  mm.mac(to_vec<TA, M * K>(a2), to_vec<TB, K * N>(b2));
  const auto acc = mm.to_accum();
  for (unsigned m = 0; m < M; ++m) {
    for (unsigned n = 0; n < N; ++n) {
      i128 sum = 0;
      for (unsigned k = 0; k < K; ++k) {
        sum += i128{a1[m * K + k]} * i128{b1[k * N + n]};
        sum += i128{a2[m * K + k]} * i128{b2[k * N + n]};
      }
      ASSERT_EQ(static_cast<std::int64_t>(acc.get(m * N + n)), aie_ref::wrap_to(sum, AccBits))
          << M << "x" << K << "x" << N << " lane (" << m << "," << n << ")";
    }
  }
  // mul discards what was accumulated before.
  mm.mul(to_vec<TA, M * K>(a2), to_vec<TB, K * N>(b2));
  for (unsigned n = 0; n < N; ++n) {
    i128 sum = 0;
    for (unsigned k = 0; k < K; ++k) sum += i128{a2[k]} * i128{b2[k * N + n]};
    ASSERT_EQ(static_cast<std::int64_t>(mm.to_accum().get(n)), aie_ref::wrap_to(sum, AccBits));
  }
}

TEST_F(MmulTest, Int8ShapesMatchScalarReference) {
  check_integer_shape<4, 8, 8, int8, int8, accauto, 32>();  // mlir-aie's npu1 int8 GEMM
  check_integer_shape<4, 8, 4, int8, int8, acc32, 32>();
  check_integer_shape<4, 16, 4, int8, int8, accauto, 32>();
  check_integer_shape<8, 8, 4, int8, int8, accauto, 32>();
  check_integer_shape<2, 8, 8, int8, int8, accauto, 32>();
  check_integer_shape<8, 8, 8, int8, int8, accauto, 32>();
  check_integer_shape<1, 16, 8, int8, int8, accauto, 32>();
  check_integer_shape<2, 16, 8, int8, int8, accauto, 32>();
  check_integer_shape<4, 16, 8, int8, int8, accauto, 32>();
  check_integer_shape<4, 8, 8, uint8, int8, accauto, 32>();
  check_integer_shape<4, 8, 8, int8, uint8, accauto, 32>();
  check_integer_shape<4, 8, 8, uint8, uint8, accauto, 32>();
}

TEST_F(MmulTest, Int16ShapesMatchScalarReference) {
  check_integer_shape<4, 4, 4, int16, int16, accauto, 64>();   // mlir-aie's npu1 int16 GEMM
  check_integer_shape<4, 4, 4, int16, int16, accfloat, 64>();  // as mm.cc spells it
  check_integer_shape<4, 4, 4, int16, int16, acc64, 64>();
  check_integer_shape<2, 4, 8, int16, int16, accauto, 64>();
  check_integer_shape<4, 4, 8, int16, int16, accauto, 64>();
  check_integer_shape<4, 2, 8, int16, int16, accauto, 32>();
  check_integer_shape<8, 2, 8, int16, int16, accauto, 32>();
  check_integer_shape<8, 1, 8, int16, int16, accauto, 32>();
  check_integer_shape<4, 4, 4, uint16, uint16, accauto, 64>();
  check_integer_shape<4, 2, 8, uint16, int16, accauto, 32>();
}

TEST_F(MmulTest, MixedWidthShapesMatchScalarReference) {
  check_integer_shape<4, 8, 4, int16, int8, accauto, 64>();
  check_integer_shape<4, 4, 8, int16, int8, accauto, 32>();
  check_integer_shape<8, 4, 4, int16, int8, accauto, 32>();
  check_integer_shape<8, 4, 8, int16, int8, accauto, 32>();
  check_integer_shape<4, 4, 4, int16, uint8, accauto, 32>();
  check_integer_shape<2, 8, 8, int16, int8, accauto, 64>();
  check_integer_shape<4, 4, 8, int8, int16, accauto, 64>();
  check_integer_shape<4, 4, 4, uint8, int16, accauto, 64>();
  check_integer_shape<2, 4, 8, int32, int16, accauto, 64>();
  check_integer_shape<4, 1, 8, int32, int16, accauto, 64>();
  check_integer_shape<4, 4, 4, int16, int32, accauto, 64>();
  check_integer_shape<4, 2, 4, int32, int32, accauto, 64>();
  check_integer_shape<8, 2, 4, uint32, int32, accauto, 64>();
  check_integer_shape<4, 1, 8, uint32, uint32, accauto, 64>();
}

// acc32 modes wrap modulo 2^32; the int16 4x4x4 mode has 64-bit lanes and does not.
TEST_F(MmulTest, Acc32WrapsAndAcc64DoesNot) {
  constexpr std::int32_t start = std::numeric_limits<std::int32_t>::max() - 5;
  // 4x2x8: every C lane gets 2 * 32767 * 32767 added on top of `start`.
  {
    using MM = aie::mmul<4, 2, 8, int16, int16>;
    MM::accum_type c0;
    for (unsigned i = 0; i < MM::size_C; ++i) c0.set(start, i);
    MM mm(c0);
    MM::vector_A_type a;
    MM::vector_B_type b;
    for (unsigned i = 0; i < MM::size_A; ++i) a[i] = 32767;
    for (unsigned i = 0; i < MM::size_B; ++i) b[i] = 32767;
    mm.mac(a, b);
    const i128 exact = i128{start} + 2 * i128{32767} * 32767;
    const std::int64_t wrapped = aie_ref::wrap_to(exact, 32);
    ASSERT_LT(wrapped, 0) << "the test must actually overflow 32 bits";
    for (unsigned i = 0; i < MM::size_C; ++i) EXPECT_EQ(mm.to_accum().get(i), wrapped);
  }
  {
    using MM = aie::mmul<4, 4, 4, int16, int16>;
    MM::accum_type c0;
    for (unsigned i = 0; i < MM::size_C; ++i) c0.set(start, i);
    MM mm(c0);
    MM::vector_A_type a;
    MM::vector_B_type b;
    for (unsigned i = 0; i < MM::size_A; ++i) a[i] = -32768;
    for (unsigned i = 0; i < MM::size_B; ++i) b[i] = -32768;
    mm.mac(a, b);
    for (unsigned i = 0; i < MM::size_C; ++i)
      EXPECT_EQ(mm.to_accum().get(i), std::int64_t{start} + 4 * std::int64_t{32768} * 32768);
  }
}

// C loaded from a vector (shifted up), accumulated, and brought back through the SRS unit under
// every rounding mode and saturation mode.
TEST_F(MmulTest, ToVectorFollowsRoundingAndSaturationRegisters) {
  using MM = aie::mmul<4, 8, 8, int8, int8>;
  std::mt19937 rng(7);
  const auto a = aie_ref::random_lanes<int8>(rng, MM::size_A);
  const auto b = aie_ref::random_lanes<int8>(rng, MM::size_B);
  aie::vector<int8, MM::size_C> c0;
  for (unsigned i = 0; i < MM::size_C; ++i) c0[i] = static_cast<int8>(i * 7 - 100);
  const int shift_in = 3;
  const aie::rounding_mode modes[] = {
      aie::rounding_mode::floor,           aie::rounding_mode::ceil,
      aie::rounding_mode::symmetric_floor, aie::rounding_mode::symmetric_ceil,
      aie::rounding_mode::negative_inf,    aie::rounding_mode::positive_inf,
      aie::rounding_mode::symmetric_zero,  aie::rounding_mode::symmetric_inf,
      aie::rounding_mode::conv_even,       aie::rounding_mode::conv_odd};
  const aie::saturation_mode sats[] = {aie::saturation_mode::none, aie::saturation_mode::saturate,
                                       aie::saturation_mode::symmetric};
  // Lane 0 and 1 are forced onto exact ties (value ending in binary ...1000 for shift 4) so the
  // tie rules are exercised, besides the random lanes.
  MM mm(c0, shift_in);
  mm.mac(to_vec<int8, MM::size_A>(a), to_vec<int8, MM::size_B>(b));
  MM::accum_type acc = mm.to_accum();
  acc.set(8 + 16 * 5, 0);
  acc.set(-(8 + 16 * 6), 1);
  acc.set(std::numeric_limits<std::int32_t>::max(), 2);  // saturates int8 after any shift < 24
  const MM tied(acc);
  std::vector<i128> exact(MM::size_C);
  for (unsigned i = 0; i < MM::size_C; ++i) exact[i] = acc.get(i);
  for (int shift : {0, 4, 9}) {
    for (auto mode : modes) {
      for (auto sat : sats) {
        aie::set_rounding(mode);
        aie::set_saturation(sat);
        const auto v8 = tied.to_vector<int8>(shift);
        const auto v16 = tied.to_vector<int16>(shift);
        for (unsigned i = 0; i < MM::size_C; ++i) {
          ASSERT_EQ(v8[i], aie_ref::srs<int8>(exact[i], shift, mode, sat))
              << "lane " << i << " shift " << shift << " mode " << static_cast<int>(mode) << " sat "
              << static_cast<int>(sat);
          ASSERT_EQ(v16[i], aie_ref::srs<int16>(exact[i], shift, mode, sat)) << "lane " << i;
        }
      }
    }
  }
  // The C lanes loaded from c0 were shifted up by shift_in before the products were added.
  i128 lane5 = i128{c0[5]} << shift_in;
  for (unsigned k = 0; k < 8; ++k) lane5 += i128{a[k]} * i128{b[k * 8 + 5]};
  EXPECT_EQ(acc.get(5), lane5);
}

// The int16 GEMM micro-kernel path: 64-bit C lanes back to int16 with positive_inf rounding and
// saturation (what mlir-aie's integer prologue sets).
TEST_F(MmulTest, Int16ToVectorFromAcc64Saturates) {
  using MM = aie::mmul<4, 4, 4, int16, int16>;
  MM::vector_A_type a;
  MM::vector_B_type b;
  for (unsigned i = 0; i < 16; ++i) {
    a[i] = static_cast<int16>(i % 2 ? 30000 : -29999);
    b[i] = static_cast<int16>(i * 1000 - 7000);
  }
  MM mm;
  mm.mac(a, b);
  aie::set_rounding(aie::rounding_mode::positive_inf);
  aie::set_saturation(aie::saturation_mode::saturate);
  const auto out = mm.to_vector<int16>(10);
  for (unsigned m = 0; m < 4; ++m) {
    for (unsigned n = 0; n < 4; ++n) {
      i128 sum = 0;
      for (unsigned k = 0; k < 4; ++k) sum += i128{a[m * 4 + k]} * b[k * 4 + n];
      EXPECT_EQ(out[m * 4 + n], aie_ref::srs<int16>(sum, 10, aie::rounding_mode::positive_inf,
                                                    aie::saturation_mode::saturate));
    }
  }
}

// bf16: the defined order is C = (((C + p0) + p1) + ... + p(K-1)) in binary32 with each product
// exact; checked bit for bit against that sum, and against a double-precision sum within the
// rounding error bound of K additions.
template <unsigned M, unsigned K, unsigned N>
void check_bf16_shape() {
  using MM = aie::mmul<M, K, N, bfloat16, bfloat16, accfloat>;
  static_assert(std::is_same_v<typename MM::accum_tag, accfloat>);
  std::mt19937 rng(K * 31 + M);
  const auto a = aie_ref::random_lanes<bfloat16>(rng, M * K);
  const auto b = aie_ref::random_lanes<bfloat16>(rng, K * N);
  std::vector<bfloat16> c0(M * N);
  for (unsigned i = 0; i < M * N; ++i) c0[i] = bfloat16(static_cast<float>(i) * 0.37f - 3.0f);
  MM mm(to_vec<bfloat16, M * N>(c0));
  mm.mac(to_vec<bfloat16, M * K>(a), to_vec<bfloat16, K * N>(b));
  for (unsigned m = 0; m < M; ++m) {
    for (unsigned n = 0; n < N; ++n) {
      float seq = static_cast<float>(c0[m * N + n]);
      double exact = seq, magnitude = std::fabs(seq);
      for (unsigned k = 0; k < K; ++k) {
        const float p = static_cast<float>(a[m * K + k]) * static_cast<float>(b[k * N + n]);
        // Products of two bf16 values are exact in binary32.
        ASSERT_EQ(static_cast<double>(p),
                  static_cast<double>(static_cast<float>(a[m * K + k])) *
                      static_cast<double>(static_cast<float>(b[k * N + n])));
        seq = seq + p;
        exact += p;
        magnitude += std::fabs(p);
      }
      const float got = mm.to_accum().get(m * N + n);
      ASSERT_EQ(std::bit_cast<std::uint32_t>(got), std::bit_cast<std::uint32_t>(seq))
          << "lane (" << m << "," << n << ")";
      EXPECT_NEAR(got, exact, magnitude * K * std::ldexp(1.0, -24));
    }
  }
}

TEST_F(MmulTest, Bf16ShapesAccumulateInDefinedOrder) {
  check_bf16_shape<4, 8, 4>();  // mlir-aie's npu1 bf16 GEMM
  check_bf16_shape<8, 8, 4>();
}

// The AIE2 float datapath has no subnormals: a product below the normal range flushes to a
// signed zero instead of becoming a subnormal accumulator value.
TEST_F(MmulTest, Bf16SubnormalProductsFlushToZero) {
  using MM = aie::mmul<4, 8, 4, bfloat16, bfloat16, accfloat>;
  MM::vector_A_type a;
  MM::vector_B_type b;
  a[0] = bfloat16(std::ldexp(1.0f, -70));
  b[0] = bfloat16(-std::ldexp(1.0f, -70));  // product 2^-140: subnormal in binary32
  MM mm;
  mm.mul(a, b);
  const float lane0 = mm.to_accum().get(0);
  EXPECT_EQ(lane0, 0.0f);
}

TEST_F(MmulTest, Bf16ToVectorRoundsUnderCurrentMode) {
  using MM = aie::mmul<4, 8, 4, bfloat16, bfloat16, accfloat>;
  MM::accum_type acc;
  // 1 + 2^-8 + 2^-9: between two bfloat16 values, above the midpoint; 1 + 2^-8 exactly a tie.
  acc.set(1.0f + std::ldexp(1.0f, -8), 0);
  acc.set(1.0f + std::ldexp(1.0f, -8) + std::ldexp(1.0f, -9), 1);
  const MM mm(acc);
  aie::set_rounding(aie::rounding_mode::floor);
  auto v = mm.to_vector<bfloat16>();
  EXPECT_EQ(v[0].bits(), 0x3f80);  // truncated
  EXPECT_EQ(v[1].bits(), 0x3f80);
  aie::set_rounding(aie::rounding_mode::conv_even);
  v = mm.to_vector<bfloat16>();
  EXPECT_EQ(v[0].bits(), 0x3f80);  // tie to even
  EXPECT_EQ(v[1].bits(), 0x3f81);
}

TEST_F(MmulTest, ReportsMultiplierWorkToCostHook) {
  aie::host::op_counters counters;
  aie::host::core_state core;
  core.counters = &counters;
  aie::host::scoped_core scope(core);
  aie::mmul<4, 4, 4, int16, int16> m16;
  m16.mac(aie::vector<int16, 16>(), aie::vector<int16, 16>());
  aie::mmul<4, 8, 8, int8, int8> m8;
  m8.mul(aie::vector<int8, 32>(), aie::vector<int8, 64>());
  aie::mmul<4, 8, 4, bfloat16, bfloat16, accfloat> mbf;
  mbf.mac(aie::vector<bfloat16, 32>(), aie::vector<bfloat16, 32>());
  EXPECT_EQ(counters.ops_of(aie::host::unit::multiplier), 3u);
  EXPECT_EQ(counters.macs_of(aie::host::mac_kind::i16_i16), 64u);
  EXPECT_EQ(counters.macs_of(aie::host::mac_kind::i8_i8), 256u);
  EXPECT_EQ(counters.macs_of(aie::host::mac_kind::bf16_bf16), 128u);
  EXPECT_EQ(counters.bits_of(aie::host::unit::multiplier), 2u * 256 + (256 + 512) + 2u * 512);
}

}  // namespace
