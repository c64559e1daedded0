// aie::sliding_mul_ops against scalar references: the general index pattern (steps, starts,
// wrap-around), mac/negmul, bf16, and a 3x3 2-D stencil written the way mlir-aie's filter2d
// kernel drives sliding_mul_xy_ops.
#include <gtest/gtest.h>

#include <aie_api/aie.hpp>
#include <bit>
#include <random>
#include <vector>

#include "reference.hpp"

namespace {

using aie_ref::i128;

class SlidingMulTest : public ::testing::Test {
 protected:
  void TearDown() override {
    aie::set_rounding(aie::rounding_mode::floor);
    aie::set_saturation(aie::saturation_mode::none);
  }
};

// out[l] = sum_p coeff[(cs + p*CS) mod NC] * data[(ds + l*DSY + p*DSX) mod ND], exact, wrapped.
template <unsigned L, unsigned P, int CS, int DSX, int DSY, typename C, typename D, unsigned NC,
          unsigned ND>
std::vector<i128> reference(const aie::vector<C, NC>& coeff, unsigned cs,
                            const aie::vector<D, ND>& data, unsigned ds) {
  std::vector<i128> out(L, 0);
  for (unsigned l = 0; l < L; ++l)
    for (unsigned p = 0; p < P; ++p)
      out[l] += i128{coeff[(cs + p * CS) % NC]} * i128{data[(ds + l * DSY + p * DSX) % ND]};
  return out;
}

template <typename T, unsigned N>
aie::vector<T, N> random_vec(std::mt19937& rng) {
  const auto lanes = aie_ref::random_lanes<T>(rng, N);
  aie::vector<T, N> v;
  for (unsigned i = 0; i < N; ++i) v[i] = lanes[i];
  return v;
}

template <unsigned L, unsigned P, int CS, int DS, typename C, typename D, typename Tag, unsigned NC,
          unsigned ND, unsigned AccBits>
void check_pattern(unsigned cs, unsigned ds) {
  using ops = aie::sliding_mul_ops<L, P, CS, DS, DS, C, D, Tag>;
  static_assert(ops::accum_type::lane_bits() == AccBits);
  std::mt19937 rng(L * 131 + P * 7 + cs + ds);
  const auto coeff = random_vec<C, NC>(rng);
  const auto data = random_vec<D, ND>(rng);
  const auto data2 = random_vec<D, ND>(rng);
  const auto ref1 = reference<L, P, CS, DS, DS>(coeff, cs, data, ds);
  const auto ref2 = reference<L, P, CS, DS, DS>(coeff, cs + 1, data2, ds + 3);

  const auto m = ops::mul(coeff, cs, data, ds);
  const auto mac = ops::mac(m, coeff, cs + 1, data2, ds + 3);
  const auto neg = ops::negmul(coeff, cs, data, ds);
  for (unsigned l = 0; l < L; ++l) {
    ASSERT_EQ(static_cast<std::int64_t>(m.get(l)), aie_ref::wrap_to(ref1[l], AccBits))
        << "lane " << l;
    ASSERT_EQ(static_cast<std::int64_t>(mac.get(l)), aie_ref::wrap_to(ref1[l] + ref2[l], AccBits))
        << "lane " << l;
    ASSERT_EQ(static_cast<std::int64_t>(neg.get(l)), aie_ref::wrap_to(-ref1[l], AccBits))
        << "lane " << l;
  }
}

TEST_F(SlidingMulTest, IntegerPatternsMatchScalarReference) {
  // 8b x 8b (acc32): the filter2d configuration, plus steps of 2 and starts that wrap around.
  check_pattern<32, 8, 1, 1, int8, uint8, accauto, 32, 64, 32>(0, 0);
  check_pattern<32, 8, 1, 1, int8, uint8, accauto, 32, 64, 32>(8, 5);
  check_pattern<32, 8, 2, 2, int8, int8, acc32, 32, 64, 32>(3, 60);  // data wraps past lane 63
  check_pattern<16, 12, 1, 1, uint8, uint8, accauto, 64, 128, 32>(60, 100);
  // 16b x 16b with 32- and 64-bit accumulation.
  check_pattern<16, 4, 1, 1, int16, int16, accauto, 16, 32, 32>(0, 0);
  check_pattern<16, 4, 2, 2, int16, int16, acc32, 16, 64, 32>(14, 63);
  check_pattern<16, 8, 1, 1, int16, int16, acc64, 32, 64, 64>(5, 30);
  // 32-bit operands (acc64).
  check_pattern<16, 4, 1, 1, int32, int16, accauto, 16, 32, 64>(2, 9);
  check_pattern<8, 4, 1, 2, int32, int32, accauto, 8, 32, 64>(7, 20);
}

// acc32 sliding products wrap like the register.
TEST_F(SlidingMulTest, Acc32Wraps) {
  using ops = aie::sliding_mul_xy_ops<16, 8, 1, 1, int16, int16>;
  aie::vector<int16, 16> coeff;
  aie::vector<int16, 32> data;
  for (unsigned i = 0; i < 16; ++i) coeff[i] = -32768;
  for (unsigned i = 0; i < 32; ++i) data[i] = -32768;
  const auto acc = ops::mul(coeff, 0, data, 0);  // 8 * 2^30 = 2^33 -> 0 modulo 2^32
  for (unsigned l = 0; l < 16; ++l) EXPECT_EQ(acc.get(l), 0);
}

TEST_F(SlidingMulTest, Bf16AccumulatesInDefinedOrder) {
  using ops = aie::sliding_mul_ops<16, 4, 1, 1, 1, bfloat16, bfloat16>;
  static_assert(std::is_same_v<ops::accum_tag, accfloat>);
  std::mt19937 rng(3);
  const auto coeff = random_vec<bfloat16, 16>(rng);
  const auto data = random_vec<bfloat16, 32>(rng);
  const auto acc = ops::mul(coeff, 2, data, 5);
  for (unsigned l = 0; l < 16; ++l) {
    float seq = 0.0f;
    for (unsigned p = 0; p < 4; ++p)
      seq = seq + static_cast<float>(coeff[2 + p]) * static_cast<float>(data[(5 + l + p) % 32]);
    ASSERT_EQ(std::bit_cast<std::uint32_t>(acc.get(l)), std::bit_cast<std::uint32_t>(seq)) << l;
  }
}

// A 3x3 filter over three image rows, as filter2d.cc computes it: coefficients in rows of 8
// points (zero-padded), three mac steps, SRS to uint8 with saturation. The scalar reference is a
// plain 2-D convolution of the same pixels.
TEST_F(SlidingMulTest, FilterStencilMatchesScalarConvolution) {
  constexpr unsigned kLanes = 32, kPoints = 8, kWidth = 96;
  using mul_ops = aie::sliding_mul_xy_ops<kLanes, kPoints, 1, 1, int8, uint8>;
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> pixel(0, 255), weight(-128, 127);
  std::vector<std::vector<uint8>> rows(3, std::vector<uint8>(kWidth));
  for (auto& r : rows)
    for (auto& x : r) x = static_cast<uint8>(pixel(rng));
  int kernel[3][3];
  for (auto& kr : kernel)
    for (int& w : kr) w = weight(rng);
  aie::vector<int8, 32> kernel_vec;
  for (unsigned j = 0; j < 3; ++j)
    for (unsigned i = 0; i < kPoints; ++i)
      kernel_vec[j * kPoints + i] = static_cast<int8>(i < 3 ? kernel[j][i] : 0);

  aie::set_saturation(aie::saturation_mode::saturate);
  aie::set_rounding(aie::rounding_mode::positive_inf);
  constexpr int kShift = 4;
  for (unsigned x0 = 0; x0 + 64 <= kWidth; x0 += kLanes) {
    aie::vector<uint8, 64> data[3];
    for (unsigned r = 0; r < 3; ++r)
      for (unsigned i = 0; i < 64; ++i) data[r][i] = rows[r][x0 + i];
    auto acc = mul_ops::mul(kernel_vec, 0, data[0], 0);
    for (unsigned r = 1; r < 3; ++r) acc = mul_ops::mac(acc, kernel_vec, r * kPoints, data[r], 0);
    const auto out = acc.to_vector<uint8>(kShift);
    for (unsigned l = 0; l < kLanes; ++l) {
      i128 sum = 0;
      for (unsigned r = 0; r < 3; ++r)
        for (unsigned i = 0; i < 3; ++i) sum += kernel[r][i] * rows[r][x0 + l + i];
      ASSERT_EQ(out[l], aie_ref::srs<uint8>(sum, kShift, aie::rounding_mode::positive_inf,
                                            aie::saturation_mode::saturate))
          << "x " << x0 + l;
    }
  }
}

TEST_F(SlidingMulTest, FreeFunctionsAndCostHook) {
  aie::host::op_counters counters;
  aie::host::core_state core;
  core.counters = &counters;
  aie::host::scoped_core scope(core);
  aie::vector<int16, 16> coeff;
  aie::vector<int16, 32> data;
  for (unsigned i = 0; i < 16; ++i) coeff[i] = static_cast<int16>(i + 1);
  for (unsigned i = 0; i < 32; ++i) data[i] = static_cast<int16>(2 * i);
  const auto a = aie::sliding_mul<16, 4>(coeff, 0, data, 0);
  const auto b = aie::sliding_mac<16, 4>(a, coeff, 4, data, 1);
  // lane 0: (1*0 + 2*2 + 3*4 + 4*6) + (5*2 + 6*4 + 7*6 + 8*8)
  EXPECT_EQ(b.get(0), 40 + 140);
  EXPECT_EQ(counters.ops_of(aie::host::unit::multiplier), 2u);
  EXPECT_EQ(counters.macs_of(aie::host::mac_kind::i16_i16), 2u * 16 * 4);
}

}  // namespace
