// Bad buffers handed to a kernel: in checked builds (debug, asan) a misaligned or out-of-range
// vector access throws aie::host::access_error naming the kernel, the buffer and the offset;
// release builds compile the checks away (so these tests skip there).
#include <gtest/gtest.h>

#include <aie_api/aie.hpp>

#include "aie2/kernels.h"
#include "kernel_test_support.hpp"

namespace xdna::kernel_test {
namespace {

#if defined(XDNA_CHECKED_ACCESS) && XDNA_CHECKED_ACCESS
constexpr bool kChecked = true;
#else
constexpr bool kChecked = false;
#endif

TEST(KernelAccessCheck, MisalignedInputNamesKernel) {
  if (!kChecked) GTEST_SKIP() << "access checks are compiled in debug and asan builds only";
  aie::host::core_state core;
  core.kernel_name = "collapse_rt_bf16";
  aie::host::scoped_core scope(core);
  aligned_vector<bfloat16> in(64 + 32), out(64);
  try {
    collapse_rt_bf16(in.data() + 1, out.data(), 128, 64);  // 2 bytes off a 32-byte boundary
    FAIL() << "misaligned load not caught";
  } catch (const aie::host::access_error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("collapse_rt_bf16"), std::string::npos) << msg;
    EXPECT_NE(msg.find("misaligned"), std::string::npos) << msg;
  }
}

TEST(KernelAccessCheck, LengthBeyondTheTileBufferNamesBufferAndOffset) {
  if (!kChecked) GTEST_SKIP() << "access checks are compiled in debug and asan builds only";
  aligned_vector<bfloat16> in(128), out(128);
  aie::host::core_state core;
  core.kernel_name = "relu_bf16";
  core.regions = {{in.data(), 64 * sizeof(bfloat16), "in"},
                  {out.data(), 64 * sizeof(bfloat16), "out"}};
  aie::host::scoped_core scope(core);
  try {
    relu_bf16(in.data(), out.data(), 96);  // the buffers hold 64 values
    FAIL() << "out-of-range load not caught";
  } catch (const aie::host::access_error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("relu_bf16"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'in'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("offset 128"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace xdna::kernel_test
