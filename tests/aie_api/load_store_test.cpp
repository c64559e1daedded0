// Loads, stores, vector iterators, the cost hook, and per-core state isolation.
#include <gtest/gtest.h>

#include <thread>

#include "reference.hpp"

namespace {

TEST(LoadStore, RoundTripAllWidths) {
  alignas(64) int16 buf[128];
  alignas(64) int16 out[128] = {};
  for (int i = 0; i < 128; ++i) buf[i] = static_cast<int16>(i * 3 - 7);
  const auto v8 = aie::load_v<8>(buf + 8);
  const auto v16 = aie::load_v<16>(buf + 16);
  const auto v32 = aie::load_v(buf + 32);  // native: 32 x int16
  const auto v64 = aie::load_v<64>(buf + 64);
  static_assert(decltype(v32)::size() == 32);
  for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(v8[i], buf[8 + i]);
  for (unsigned i = 0; i < 64; ++i) EXPECT_EQ(v64[i], buf[64 + i]);
  aie::store_v(out, v8);
  aie::store_v(out + 16, v16);
  aie::store_v(out + 32, v32);
  aie::store_v(out + 64, v64);
  for (int i = 0; i < 128; ++i) {
    const bool written = i < 8 || (i >= 16 && i < 128);
    EXPECT_EQ(out[i], written ? buf[i < 8 ? 8 + i : i] : 0) << i;
  }
  const auto u = aie::load_unaligned_v<16>(buf + 3);
  for (unsigned i = 0; i < 16; ++i) EXPECT_EQ(u[i], buf[3 + i]);
  aie::store_unaligned_v(out + 1, u);
  EXPECT_EQ(out[1], buf[3]);
}

TEST(LoadStore, AlignmentRules) {
  EXPECT_EQ((aie::vector_ldst_align_v<int16, 8>), 16u);
  EXPECT_EQ((aie::vector_ldst_align_v<int16, 32>), 32u);
  EXPECT_EQ((aie::vector_ldst_align_v<bfloat16, 64>), 32u);
  EXPECT_EQ(aie::native_vector_length_v<bfloat16>, 32u);
  EXPECT_EQ(aie::native_vector_length_v<int8>, 64u);
}

TEST(Iterators, BeginVectorWalksAndStores) {
  alignas(64) bfloat16 in[128], out[128];
  for (int i = 0; i < 128; ++i) in[i] = bfloat16(static_cast<float>(i));
  auto it_in = aie::begin_vector<32>(in);
  auto it_out = aie::begin_restrict_vector<32>(out);
  for (int k = 0; k < 4; ++k) {
    aie::vector<bfloat16, 32> v = *it_in++;
    *it_out++ = aie::neg(v);
  }
  for (int i = 0; i < 128; ++i) EXPECT_EQ(static_cast<float>(out[i]), -static_cast<float>(i));
  const bfloat16* cin = in;
  auto c = aie::cbegin_vector<32>(cin);
  c += 2;
  EXPECT_EQ(static_cast<float>((*c)[0]), 64.0f);
  EXPECT_EQ(static_cast<float>(c[1][0]), 96.0f);
  EXPECT_EQ(c - aie::cbegin_vector<32>(cin), 2);
}

TEST(Iterators, ReferenceActsAsAVectorAndCountsOneAccess) {
  using namespace aie::operators;
  alignas(64) int32 buf[64];
  for (int i = 0; i < 64; ++i) buf[i] = i;
  aie::host::op_counters counters;
  aie::host::core_state core;
  core.counters = &counters;
  {
    aie::host::scoped_core scope(core);
    auto it = aie::begin_vector<16>(buf);
    auto v = *it++;                       // a reference, usable as a vector
    const auto m = aie::max(*it, v);      // passed straight to an API function
    *it++ = aie::add(m, 1000);            // store only
    *it += aie::broadcast<int32, 16>(5);  // load, add, store
    EXPECT_EQ(v[3], 3);
  }
  for (int i = 0; i < 16; ++i) EXPECT_EQ(buf[i], i);
  for (int i = 16; i < 32; ++i) EXPECT_EQ(buf[i], i + 1000);
  for (int i = 32; i < 48; ++i) EXPECT_EQ(buf[i], i + 5);
  for (int i = 48; i < 64; ++i) EXPECT_EQ(buf[i], i);
  using U = aie::host::unit;
  EXPECT_EQ(counters.ops_of(U::load), 3u);  // v, *it for max, *it for +=
  EXPECT_EQ(counters.ops_of(U::store), 2u);
}

TEST(CostHook, CountsUnitsAndBitsOfTheInstalledCore) {
  aie::host::op_counters counters;
  aie::host::core_state core;
  core.counters = &counters;
  alignas(64) bfloat16 buf[64] = {};
  {
    aie::host::scoped_core scope(core);
    const auto a = aie::load_v<32>(buf);
    const auto b = aie::load_v<32>(buf + 32);
    const auto m = aie::max(a, b);
    const auto k = aie::ge(a, b);
    aie::store_v(buf, aie::select(a, m, k));
    (void)aie::mul(a, b);
    (void)aie::mul(aie::vector<int8, 64>(), aie::vector<int8, 64>());
    (void)aie::reverse(a);
  }
  using U = aie::host::unit;
  EXPECT_EQ(counters.ops_of(U::load), 2u);
  EXPECT_EQ(counters.bits_of(U::load), 1024u);
  EXPECT_EQ(counters.ops_of(U::store), 1u);
  EXPECT_EQ(counters.bits_of(U::store), 512u);
  EXPECT_EQ(counters.ops_of(U::vector_alu), 3u);  // max, ge, select
  EXPECT_EQ(counters.ops_of(U::shuffle), 1u);
  EXPECT_EQ(counters.macs_of(aie::host::mac_kind::bf16_bf16), 32u);
  EXPECT_EQ(counters.macs_of(aie::host::mac_kind::i8_i8), 64u);
  // Nothing is counted once the core is uninstalled.
  (void)aie::load_v<32>(buf);
  EXPECT_EQ(counters.ops_of(U::load), 2u);
}

TEST(CoreState, TwoThreadsKeepTheirOwnRoundingModes) {
  // The same tie, narrowed concurrently by two emulated cores with different modes.
  aie::accum<acc32, 16> acc;
  for (unsigned i = 0; i < 16; ++i) acc.set(5, i);  // 2.5 after shift 1
  int16 floor_result = 0, even_result = 0, odd_result = 0;
  auto run = [&acc](aie::rounding_mode mode, int16* result) {
    aie::host::core_state core;
    core.rounding = mode;
    aie::host::scoped_core scope(core);
    const int16 first = acc.to_vector<int16>(1)[0];
    bool stable = true;
    for (int rep = 0; rep < 2000; ++rep) {
      stable = stable && acc.to_vector<int16>(1)[0] == first;
      std::this_thread::yield();
    }
    *result = stable ? first : int16{-999};
  };
  std::thread t1(run, aie::rounding_mode::floor, &floor_result);
  std::thread t2(run, aie::rounding_mode::conv_odd, &odd_result);
  std::thread t3([&] {
    set_rnd(rnd_conv_even);  // the thread's default core
    even_result = acc.to_vector<int16>(1)[0];
  });
  t1.join();
  t2.join();
  t3.join();
  EXPECT_EQ(floor_result, 2);
  EXPECT_EQ(odd_result, 3);
  EXPECT_EQ(even_result, 2);
  // This thread's default core was not touched by the others.
  EXPECT_EQ(aie::get_rounding(), aie::rounding_mode::floor);
}

}  // namespace
