// Shift-round-saturate (accum::to_vector<T>(shift)) under every rounding mode x saturation
// mode, for int8/int16/int32 (and unsigned) targets from acc32 and acc64, on edge values: exact
// multiples, ties, negative ties, one off a tie, overflow, the extreme lane values.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "reference.hpp"

namespace {

// Edge inputs for a shift: around 0, around +-k*2^s ties, and values that overflow the target.
std::vector<std::int64_t> edge_values(unsigned shift, std::int64_t lane_min,
                                      std::int64_t lane_max) {
  std::vector<std::int64_t> v;
  const __int128 one = static_cast<__int128>(1) << shift;
  const __int128 half = shift ? one / 2 : 0;
  for (std::int64_t k :
       {0, 1, 2, 3, 5, 126, 127, 128, 129, 255, 256, 32767, 32768, 65535, 1 << 20}) {
    for (std::int64_t sign : {1, -1}) {
      for (std::int64_t d : {-1, 0, 1}) {
        const __int128 base = static_cast<__int128>(sign) * k * one;
        for (__int128 off : {static_cast<__int128>(0), half, half + d, one - 1}) {
          const __int128 x = base + off;
          if (x >= lane_min && x <= lane_max) v.push_back(static_cast<std::int64_t>(x));
        }
      }
    }
  }
  for (std::int64_t x :
       {lane_min, lane_min + 1, lane_max, lane_max - 1, lane_max / 2, lane_min / 2})
    v.push_back(x);
  return v;
}

template <typename Tag, typename Out>
void check_target(const std::vector<unsigned>& shifts) {
  using Lane = typename aie::accum<Tag, 16>::value_type;
  const std::int64_t lane_min = std::numeric_limits<Lane>::min();
  const std::int64_t lane_max = std::numeric_limits<Lane>::max();
  unsigned failures = 0, checked = 0;
  for (unsigned shift : shifts) {
    std::vector<std::int64_t> values = edge_values(shift, lane_min, lane_max);
    while (values.size() % 16) values.push_back(0);
    for (aie::rounding_mode r : ref::kAllRounding) {
      for (aie::saturation_mode s : ref::kAllSaturation) {
        ref::scoped_modes modes(r, s);
        for (std::size_t base = 0; base < values.size(); base += 16) {
          aie::accum<Tag, 16> acc;
          for (unsigned i = 0; i < 16; ++i) acc.set(static_cast<Lane>(values[base + i]), i);
          const aie::vector<Out, 16> out = acc.template to_vector<Out>(static_cast<int>(shift));
          for (unsigned i = 0; i < 16; ++i) {
            const Out want = ref::srs<Out>(values[base + i], shift, r, s);
            ++checked;
            if (out[i] != want && ++failures < 10) {
              ADD_FAILURE() << "acc " << values[base + i] << " shift " << shift << " round "
                            << static_cast<int>(r) << " sat " << static_cast<int>(s) << ": got "
                            << static_cast<std::int64_t>(out[i]) << " want "
                            << static_cast<std::int64_t>(want);
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(failures, 0u) << "of " << checked;
  EXPECT_GT(checked, 1000u);
}

TEST(Srs, Acc32ToInt8) {
  check_target<acc32, int8>({0, 1, 2, 7, 8, 12, 20, 31});
}
TEST(Srs, Acc32ToUint8) {
  check_target<acc32, uint8>({0, 1, 4, 9, 31});
}
TEST(Srs, Acc32ToInt16) {
  check_target<acc32, int16>({0, 1, 3, 8, 15, 16, 31});
}
TEST(Srs, Acc32ToUint16) {
  check_target<acc32, uint16>({0, 1, 8, 16});
}
TEST(Srs, Acc32ToInt32) {
  check_target<acc32, int32>({0, 1, 5, 16, 31});
}
TEST(Srs, Acc64ToInt8) {
  check_target<acc64, int8>({0, 1, 7, 33, 63});
}
TEST(Srs, Acc64ToInt16) {
  check_target<acc64, int16>({0, 1, 8, 15, 32, 40, 63});
}
TEST(Srs, Acc64ToInt32) {
  check_target<acc64, int32>({0, 1, 16, 31, 32, 47, 63});
}
TEST(Srs, Acc64ToUint32) {
  check_target<acc64, uint32>({0, 2, 32});
}

// Hand-checked values pinning the meaning of each mode (independent of the reference code).
TEST(Srs, KnownTiesShiftOne) {
  // Inputs 5, -5, 6, 7 with shift 1 are 2.5, -2.5, 3, 3.5.
  aie::accum<acc32, 8> acc;
  const int in[8] = {5, -5, 6, 7, -7, 3, -3, 1};
  for (unsigned i = 0; i < 8; ++i) acc.set(in[i], i);
  struct Case {
    aie::rounding_mode mode;
    int want[8];
  };
  const Case cases[] = {
      {aie::rounding_mode::floor, {2, -3, 3, 3, -4, 1, -2, 0}},
      {aie::rounding_mode::ceil, {3, -2, 3, 4, -3, 2, -1, 1}},
      {aie::rounding_mode::symmetric_floor, {2, -2, 3, 3, -3, 1, -1, 0}},
      {aie::rounding_mode::symmetric_ceil, {3, -3, 3, 4, -4, 2, -2, 1}},
      {aie::rounding_mode::negative_inf, {2, -3, 3, 3, -4, 1, -2, 0}},
      {aie::rounding_mode::positive_inf, {3, -2, 3, 4, -3, 2, -1, 1}},
      {aie::rounding_mode::symmetric_zero, {2, -2, 3, 3, -3, 1, -1, 0}},
      {aie::rounding_mode::symmetric_inf, {3, -3, 3, 4, -4, 2, -2, 1}},
      {aie::rounding_mode::conv_even, {2, -2, 3, 4, -4, 2, -2, 0}},
      {aie::rounding_mode::conv_odd, {3, -3, 3, 3, -3, 1, -1, 1}},
  };
  for (const Case& c : cases) {
    ref::scoped_modes m(c.mode, aie::saturation_mode::none);
    const auto out = acc.to_vector<int16>(1);
    for (unsigned i = 0; i < 8; ++i)
      EXPECT_EQ(out[i], c.want[i]) << "mode " << static_cast<int>(c.mode) << " lane " << i;
  }
}

TEST(Srs, SaturationModesOnInt8) {
  aie::accum<acc32, 16> acc;
  const int in[8] = {200, -200, 127, -128, -127, 128, 300, -129};
  for (unsigned i = 0; i < 8; ++i) acc.set(in[i], i);
  {
    ref::scoped_modes m(aie::rounding_mode::floor, aie::saturation_mode::none);
    const auto v = acc.to_vector<int8>(0);
    const int want[8] = {-56, 56, 127, -128, -127, -128, 44, 127};
    for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(v[i], want[i]) << i;
  }
  {
    ref::scoped_modes m(aie::rounding_mode::floor, aie::saturation_mode::saturate);
    const auto v = acc.to_vector<int8>(0);
    const int want[8] = {127, -128, 127, -128, -127, 127, 127, -128};
    for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(v[i], want[i]) << i;
  }
  {
    ref::scoped_modes m(aie::rounding_mode::floor, aie::saturation_mode::symmetric);
    const auto v = acc.to_vector<int8>(0);
    const int want[8] = {127, -127, 127, -127, -127, 127, 127, -127};
    for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(v[i], want[i]) << i;
  }
}

TEST(Srs, SetSatIntrinsicAndResetDefaults) {
  // A fresh thread starts at the hardware reset values: floor, no saturation.
  std::thread([] {
    EXPECT_EQ(aie::get_rounding(), aie::rounding_mode::floor);
    EXPECT_EQ(aie::get_saturation(), aie::saturation_mode::none);
    set_sat();
    EXPECT_EQ(aie::get_saturation(), aie::saturation_mode::saturate);
    clr_sat();
    EXPECT_EQ(aie::get_saturation(), aie::saturation_mode::none);
    set_rnd(rnd_conv_even);
    EXPECT_EQ(aie::get_rounding(), aie::rounding_mode::conv_even);
    EXPECT_THROW(set_rnd(5), std::invalid_argument);
    EXPECT_THROW(aie::set_saturation(static_cast<aie::saturation_mode>(2)), std::invalid_argument);
    EXPECT_EQ(aie::get_rounding(), aie::rounding_mode::conv_even);  // unchanged by the rejects
  }).join();
}

TEST(Srs, ShiftOutsideTheLaneIsRejected) {
  aie::accum<acc32, 16> acc;
  EXPECT_THROW(acc.to_vector<int8>(32), std::out_of_range);
  EXPECT_THROW(acc.to_vector<int8>(-1), std::out_of_range);
}

}  // namespace
