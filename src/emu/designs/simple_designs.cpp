// Passthrough, vector scale, single-tile collapse_fused and the deadlock demonstration.
#include <aie_api/aie.hpp>

#include "aie2/kernels.h"
#include "check.hpp"
#include "own_kernels.hpp"
#include "xdna/emu/designs.hpp"

namespace xdna::emu::designs {

using design::Core;
using design::Design;
using design::DType;
using detail::require;
using detail::require_multiple;

Design passthrough(const arch::Device& dev, std::int64_t n, std::int64_t chunk) {
  require_multiple(chunk, 16, "passthrough", "chunk");
  require_multiple(n, chunk, "passthrough", "n");
  Design d(dev, "passthrough");
  design::TensorType elem{DType::i32, {chunk}};
  auto in = d.object_fifo("in", elem, 2, design::shim(0), {design::core(0, 2)});
  auto out = d.object_fifo("out", elem, 2, design::core(0, 2), {design::shim(0)});
  const std::int64_t iters = n / chunk;
  d.worker("passthrough", design::core(0, 2), {in.cons(), out.prod()}, [=](Core& c) {
    for (std::int64_t i = 0; i < iters; ++i) {
      auto a = c.acquire(0);
      auto b = c.acquire(1);
      c.call("passthrough_i32", [&] {
        passthrough_i32(a.as<int32_t>(), b.as<int32_t>(), static_cast<int32_t>(chunk));
      });
      c.release(0);
      c.release(1);
    }
  });
  const int a = d.runtime_arg("in", {DType::i32, {n}});
  const int b = d.runtime_arg("out", {DType::i32, {n}});
  d.start();
  d.fill(in, a);
  d.drain(out, b);
  return d;
}

Design vector_scale(const arch::Device& dev, std::int64_t n, std::int64_t chunk,
                    std::int32_t factor, std::int32_t shift) {
  require_multiple(chunk, 32, "vector_scale", "chunk");
  require_multiple(n, chunk, "vector_scale", "n");
  require(factor >= -32768 && factor <= 32767, "vector_scale",
          "factor " + std::to_string(factor) + " is not an int16");
  require(shift >= 0 && shift <= 31, "vector_scale",
          "shift " + std::to_string(shift) + " outside 0..31");
  Design d(dev, "vector_scale");
  design::TensorType elem{DType::i16, {chunk}};
  auto in = d.object_fifo("in", elem, 2, design::shim(0), {design::core(0, 2)});
  auto out = d.object_fifo("out", elem, 2, design::core(0, 2), {design::shim(0)});
  const std::int64_t iters = n / chunk;
  const int w = d.worker("scale", design::core(0, 2), {in.cons(), out.prod()}, [=](Core& c) {
    for (std::int64_t i = 0; i < iters; ++i) {
      auto a = c.acquire(0);
      auto b = c.acquire(1);
      c.call("vector_scale_i16", [&] {
        vector_scale_i16(a.as<int16_t>(), b.as<int16_t>(), factor, shift,
                         static_cast<int32_t>(chunk));
      });
      c.release(0);
      c.release(1);
    }
  });
  // mlir-aie's prologue for integer shift-round-saturate designs (FACTS §2), plus saturation.
  d.worker_at(w).rounding = aie::rounding_mode::positive_inf;
  d.worker_at(w).saturation = aie::saturation_mode::saturate;
  const int a = d.runtime_arg("in", {DType::i16, {n}});
  const int b = d.runtime_arg("out", {DType::i16, {n}});
  d.start();
  d.fill(in, a);
  d.drain(out, b);
  return d;
}

Design collapse_fused(const arch::Device& dev, std::int64_t n, std::int32_t frac_q8) {
  require_multiple(n, 32, "collapse_fused", "n");
  require(n <= 4096, "collapse_fused",
          "n = " + std::to_string(n) +
              " exceeds 4096 bf16, the most one tile holds (use reduce_collapse)");
  Design d(dev, "collapse_fused");
  design::TensorType elem{DType::bf16, {n}};
  auto in = d.object_fifo("in", elem, 1, design::shim(0), {design::core(0, 2)});
  auto out = d.object_fifo("out", elem, 1, design::core(0, 2), {design::shim(0)});
  const int frac = d.runtime_param("frac_q8", design::core(0, 2));
  const int w = d.worker("collapse", design::core(0, 2), {in.cons(), out.prod()}, [=](Core& c) {
    auto a = c.acquire(0);
    auto b = c.acquire(1);
    const std::int32_t q = c.rtp(0)[0];
    c.call("collapse_fused_bf16", [&] {
      collapse_fused_bf16(a.as<bfloat16>(), b.as<bfloat16>(), q, static_cast<int32_t>(n));
    });
    c.release(0);
    c.release(1);
  });
  d.worker_at(w).rtps = {frac};
  d.worker_at(w).rounding = aie::rounding_mode::conv_even;  // mlir-aie's bf16 prologue
  const int a = d.runtime_arg("in", {DType::bf16, {n}});
  const int b = d.runtime_arg("out", {DType::bf16, {n}});
  d.write_rtp(frac, {frac_q8});
  d.start();
  d.fill(in, a);
  d.drain(out, b);
  return d;
}

Design deadlock_ring(const arch::Device& dev) {
  Design d(dev, "deadlock");
  design::TensorType elem{DType::i32, {256}};
  auto ab = d.object_fifo("a_to_b", elem, 1, design::core(0, 2), {design::core(0, 3)});
  auto ba = d.object_fifo("b_to_a", elem, 1, design::core(0, 3), {design::core(0, 2)});
  auto body = [](Core& c) {
    for (int i = 0; i < 4; ++i) {
      auto x = c.acquire(0);  // receive first ...
      auto y = c.acquire(1);  // ... then send: with both cores doing so, nobody sends
      c.call("passthrough_i32", [&] { passthrough_i32(x.as<int32_t>(), y.as<int32_t>(), 256); });
      c.release(0);
      c.release(1);
    }
  };
  d.worker("a", design::core(0, 2), {ba.cons(), ab.prod()}, body);
  d.worker("b", design::core(0, 3), {ab.cons(), ba.prod()}, body);
  return d;
}

}  // namespace xdna::emu::designs
