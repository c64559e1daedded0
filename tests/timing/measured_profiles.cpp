// Runs this project's kernels once with counters on (see measured_profiles.hpp).
#include "measured_profiles.hpp"

#include "aie2/kernels.h"

namespace xdna::timing::testing {

KernelProfile measured_matmul_i16_32() {
  alignas(64) static int16_t a[32 * 32], b[32 * 32];
  alignas(64) static int32_t c[32 * 32];
  for (int i = 0; i < 32 * 32; ++i) {
    a[i] = static_cast<int16_t>(i % 7 - 3);
    b[i] = static_cast<int16_t>(i % 5 - 2);
    c[i] = 0;
  }
  return measure("matmul_i16_i32_32x32x32", true, [] { matmul_i16_i32_32x32x32(a, b, c); });
}

KernelProfile measured_zero_i32_32() {
  alignas(64) static int32_t c[32 * 32];
  return measure("zero_i32_32x32", true, [] { zero_i32_32x32(c); });
}

KernelProfile measured_collapse_fused(int n) {
  std::vector<bfloat16> in(static_cast<std::size_t>(n) + 32), out(in.size());
  for (int i = 0; i < n; ++i)
    in[static_cast<std::size_t>(i)] = bfloat16(static_cast<float>(i % 17) / 16);
  // 64-byte aligned views into the vectors.
  auto align = [](bfloat16* p) {
    auto v = reinterpret_cast<std::uintptr_t>(p);
    return reinterpret_cast<bfloat16*>((v + 63) & ~std::uintptr_t{63});
  };
  bfloat16* x = align(in.data());
  bfloat16* y = align(out.data());
  return measure("collapse_fused_bf16", true, [&] { collapse_fused_bf16(x, y, 128, n); });
}

}  // namespace xdna::timing::testing
