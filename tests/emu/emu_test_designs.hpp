// Small designs for the emulator tests whose workers are plain C++ (no kernels), so each test
// isolates one mechanism: locks, broadcast, links, access patterns, deadlock.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "xdna/arch/device.hpp"
#include "xdna/design/design.hpp"

namespace xdna::emu::testing {

using design::Design;
using design::DType;
using design::TensorType;

// shim(0) -> core(0,2) copies (adding `add`) -> shim(0); `chunk` int32 per element.
inline Design copy_design(int n, int chunk, int depth = 2, std::int32_t add = 0) {
  Design d(arch::npu1(), "copy");
  TensorType elem{DType::i32, {chunk}};
  auto in = d.object_fifo("in", elem, depth, design::shim(0), {design::core(0, 2)});
  auto out = d.object_fifo("out", elem, depth, design::core(0, 2), {design::shim(0)});
  const int iters = n / chunk;
  d.worker("copy", design::core(0, 2), {in.cons(), out.prod()}, [=](design::Core& c) {
    for (int i = 0; i < iters; ++i) {
      auto a = c.acquire(0);
      auto b = c.acquire(1);
      c.call("copy", [&] {
        for (int k = 0; k < chunk; ++k) b.as<std::int32_t>()[k] = a.as<std::int32_t>()[k] + add;
      });
      c.release(0);
      c.release(1);
    }
  });
  int a = d.runtime_arg("input", {DType::i32, {n}});
  int b = d.runtime_arg("output", {DType::i32, {n}});
  d.start();
  d.fill(in, a);
  d.drain(out, b);
  return d;
}

inline std::vector<std::int32_t> iota(int n, std::int32_t start = 0) {
  std::vector<std::int32_t> v(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = start + i;
  return v;
}

}  // namespace xdna::emu::testing
