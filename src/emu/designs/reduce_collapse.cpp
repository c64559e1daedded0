// Cross-tile reduce-then-collapse (FACTS §3): vectors longer than one tile's memory.
#include <aie_api/aie.hpp>
#include <cstring>

#include "aie2/kernels.h"
#include "check.hpp"
#include "xdna/emu/designs.hpp"

namespace xdna::emu::designs {

using design::Core;
using design::Design;
using design::DType;
using detail::require;
using detail::require_multiple;

Design reduce_collapse(const arch::Device& dev, std::int64_t n, int columns, std::int32_t frac_q8) {
  require(columns >= 1 && columns <= dev.columns, "reduce_collapse",
          "columns = " + std::to_string(columns) + " outside 1.." + std::to_string(dev.columns) +
              " of " + dev.name);
  require_multiple(n, 32 * columns, "reduce_collapse", "n");
  const std::int64_t slice = n / columns;
  require(slice <= 4096, "reduce_collapse",
          "n / columns = " + std::to_string(slice) +
              " exceeds the 4096 bf16 one tile holds; use more columns");
  Design d(dev, "reduce_collapse");
  // A partial is one bf16 peak, sent twice so the element is a whole 32-bit word.
  design::TensorType partial{DType::bf16, {2}}, joined{DType::bf16, {2 * columns}},
      slice_t{DType::bf16, {slice}};
  const design::TileId combiner = design::core(0, 3);
  auto peak = [&] {
    std::vector<design::TileId> to;
    for (int c = 0; c < columns; ++c) to.push_back(design::core(c, 2));
    return d.object_fifo("peak", partial, 1, combiner, to);
  }();
  std::vector<design::FifoRef> parts;
  std::vector<std::int64_t> offsets;
  for (int c = 0; c < columns; ++c) {
    parts.push_back(d.object_fifo("partial" + std::to_string(c), partial, 1, design::core(c, 2),
                                  {design::mem(0)}));
    offsets.push_back(2 * c);
  }
  auto all = d.object_fifo("partials", joined, 1, design::mem(0), {combiner});
  d.join(parts, all, offsets);
  d.worker("combine", combiner, {all.cons(), peak.prod()}, [=](Core& c) {
    auto in = c.acquire(0);
    auto out = c.acquire(1);
    c.call("max_combine_bf16", [&] {
      max_combine_bf16(in.as<bfloat16>(), out.as<bfloat16>(), static_cast<int32_t>(2 * columns));
    });
    std::memcpy(out.as<bfloat16>() + 1, out.as<bfloat16>(), sizeof(bfloat16));
    c.release(0);
    c.release(1);
  });
  const int a = d.runtime_arg("in", {DType::bf16, {n}});
  const int b = d.runtime_arg("out", {DType::bf16, {n}});
  std::vector<design::FifoRef> ins, outs;
  for (int col = 0; col < columns; ++col) {
    auto in = d.object_fifo("in" + std::to_string(col), slice_t, 1, design::shim(col),
                            {design::core(col, 2)});
    auto out = d.object_fifo("out" + std::to_string(col), slice_t, 1, design::core(col, 2),
                             {design::shim(col)});
    const int frac = d.runtime_param("frac_q8_" + std::to_string(col), design::core(col, 2));
    const int w = d.worker(
        "slice" + std::to_string(col), design::core(col, 2),
        {in.cons(), parts[static_cast<std::size_t>(col)].prod(), peak.cons(col), out.prod()},
        [=](Core& c) {
          auto x = c.acquire(0);
          auto p = c.acquire(1);
          // Seed as collapse_fused's pass 1 does: running max starts at bf16(-1e30).
          p.as<bfloat16>()[0] = bfloat16(-1e30f);
          c.call("reduce_max_running_bf16", [&] {
            reduce_max_running_bf16(x.as<bfloat16>(), p.as<bfloat16>(),
                                    static_cast<int32_t>(slice));
          });
          p.as<bfloat16>()[1] = p.as<bfloat16>()[0];
          c.release(1);
          auto g = c.acquire(2);  // the combined peak
          auto y = c.acquire(3);
          const std::int32_t q = c.rtp(0)[0];
          c.call("collapse_peak_bf16", [&] {
            collapse_peak_bf16(x.as<bfloat16>(), y.as<bfloat16>(), g.as<bfloat16>(), q,
                               static_cast<int32_t>(slice));
          });
          c.release(0);
          c.release(2);
          c.release(3);
        });
    d.worker_at(w).rtps = {frac};
    d.worker_at(w).rounding = aie::rounding_mode::conv_even;
    d.write_rtp(frac, {frac_q8});
    ins.push_back(in);
    outs.push_back(out);
  }
  // Slice `col` of the host vector as rows of 32 bf16: one wrap of a shim BD holds at most 1023
  // words, so a 4096-element slice (2048 words) needs two dimensions.
  auto slice_of = [&](int col) {
    return design::AccessPattern{col * slice, {slice / 32, 32}, {32, 1}};
  };
  d.start();
  for (int col = 0; col < columns; ++col)
    d.fill(ins[static_cast<std::size_t>(col)], a, slice_of(col));
  for (int col = 0; col < columns; ++col)
    d.drain(outs[static_cast<std::size_t>(col)], b, slice_of(col), col == columns - 1);
  return d;
}

}  // namespace xdna::emu::designs
