// Checked kernel memory accesses (debug and ASan builds define XDNA_CHECKED_ACCESS): misaligned
// and out-of-range vector accesses throw aie::host::access_error naming the kernel, the buffer
// and the offset. In release builds the checks compile away and these tests are skipped.
#include <gtest/gtest.h>

#include <aie_api/aie.hpp>
#include <string>

namespace {

#if defined(XDNA_CHECKED_ACCESS) && XDNA_CHECKED_ACCESS
constexpr bool kChecked = true;
#else
constexpr bool kChecked = false;
#endif

#define SKIP_UNLESS_CHECKED() \
  if (!kChecked) GTEST_SKIP() << "XDNA_CHECKED_ACCESS is off in this build (release)"

// Runs `f`, expecting an access_error whose message contains every fragment.
template <typename F>
void expect_access_error(F f, std::initializer_list<std::string> fragments) {
  try {
    f();
    ADD_FAILURE() << "no access_error thrown";
  } catch (const aie::host::access_error& e) {
    const std::string msg = e.what();
    for (const auto& frag : fragments)
      EXPECT_NE(msg.find(frag), std::string::npos) << "message lacks '" << frag << "': " << msg;
  }
}

class AccessCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    core_.kernel_name = "matmul_i16";
    core_.regions.push_back({buffer_, kBufferBytes, "tileA"});
  }
  // The registered buffer is 256 bytes in the middle of a larger array, so that the test's
  // out-of-range pointers still point into memory the test owns.
  alignas(64) int16 storage_[384] = {};
  int16* const buffer_ = storage_ + 128;
  static constexpr std::size_t kBufferBytes = 256;
  aie::host::core_state core_;
};

TEST(AccessCheckRules, AlignmentFollowsTheAie2LoadStoreBus) {
  EXPECT_EQ(aie::host::vector_access_alignment(16), 16u);  // 128-bit access
  EXPECT_EQ(aie::host::vector_access_alignment(32), 32u);  // 256-bit
  EXPECT_EQ(aie::host::vector_access_alignment(64), 32u);  // 512-bit: two 256-bit beats
  EXPECT_EQ(aie::host::vector_access_alignment(128), 32u);
}

TEST_F(AccessCheckTest, MisalignedLoadNamesKernelBufferAndOffset) {
  SKIP_UNLESS_CHECKED();
  aie::host::scoped_core scope(core_);
  expect_access_error([&] { (void)aie::load_v<16>(buffer_ + 4); },
                      {"matmul_i16", "load_v", "offset 8", "tileA", "32-byte"});
}

TEST_F(AccessCheckTest, OutOfRangeLoadNamesKernelAndOffset) {
  SKIP_UNLESS_CHECKED();
  aie::host::scoped_core scope(core_);
  // 32 int16 = 64 bytes from offset 224 runs 32 bytes past the 256-byte buffer.
  expect_access_error([&] { (void)aie::load_v<32>(buffer_ + 112); },
                      {"matmul_i16", "offset 224", "tileA", "out of range"});
  // Before the buffer: negative offset.
  expect_access_error([&] { (void)aie::load_v<16>(buffer_ - 16); },
                      {"matmul_i16", "offset -32", "out of range"});
}

TEST_F(AccessCheckTest, MisalignedStoreIsCaught) {
  SKIP_UNLESS_CHECKED();
  aie::host::scoped_core scope(core_);
  expect_access_error([&] { aie::store_v(buffer_ + 8, aie::vector<int16, 32>()); },
                      {"matmul_i16", "store_v", "offset 16"});
}

TEST_F(AccessCheckTest, AlignedInRangeAndUnalignedLoadsPass) {
  SKIP_UNLESS_CHECKED();
  aie::host::scoped_core scope(core_);
  buffer_[16] = 42;
  EXPECT_EQ(aie::load_v<32>(buffer_ + 16)[0], 42);            // 32-byte aligned, in range
  EXPECT_EQ(aie::load_v<8>(buffer_ + 8)[0], 0);               // 128-bit: 16-byte alignment
  EXPECT_EQ(aie::load_unaligned_v<16>(buffer_ + 15)[1], 42);  // exempt from vector alignment
  // ...but not from the buffer bounds.
  expect_access_error([&] { (void)aie::load_unaligned_v<16>(buffer_ + 120); },
                      {"matmul_i16", "load_unaligned_v", "out of range"});
}

TEST(AccessCheckNoRegions, HostAddressAlignmentIsChecked) {
  SKIP_UNLESS_CHECKED();
  aie::host::core_state core;
  core.kernel_name = "relu";
  aie::host::scoped_core scope(core);
  alignas(64) static int8 bytes[128] = {};
  expect_access_error([&] { (void)aie::load_v<64>(bytes + 1); },
                      {"relu", "host address", "misaligned by 1"});
  EXPECT_NO_THROW((void)aie::load_v<64>(bytes + 32));
}

TEST(AccessCheckRelease, ChecksCompileAwayWithoutCheckedAccess) {
  if (kChecked) GTEST_SKIP() << "only meaningful in release builds";
  aie::host::core_state core;
  core.regions.push_back({nullptr, 0, "none"});
  aie::host::scoped_core scope(core);
  alignas(64) int16 buf[64] = {};
  // Misaligned for a 256-bit load; release builds do not look.
  EXPECT_NO_THROW((void)aie::load_v<16>(buf + 1));
}

}  // namespace
