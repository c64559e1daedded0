// One band of edge-detect stripes on the array. Each stripe group (consecutive stripes of one
// column sharing a shim channel each way, StripeGroup) moves like this:
//
//   host in  --shim(c) BD: per line, each stripe's element (E px, overlapping by the halo)-->
//   mem(c) fifo in<c>.<ch> (one element = the group's stripe elements of one line) --split-->
//   fifo in(c,r) -> core (c, r): E px = 8 px margin (left halo inside), S px, right halo, slack
//   core (c, r) -> fifo out(c,r): out_lines lines of S px --join--> mem(c) fifo out<c>.<ch>
//   --shim(c) BD--> host out
//
// Each core runs the FACTS §6 pipeline on its stripe exactly as the one-core design ran it on
// whole lines (ring of three gray lines, line r and r + 1 held), with pointers that keep every
// aligned vector access aligned: the stripe's first output pixel sits at element pixel 8 (32 B),
// the filter reads from its left halo and writes its first real output to lap + kLapLead. Halo
// outputs are computed and dropped; the true image edges get the filter kernel's replicate.
#include "edge_detect_design.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <string>
#include <vector>

#include "aie2/kernels.h"
#include "aie2/vision_kernels.h"

namespace xdna::ops::emu {

namespace {

using design::AccessPattern;
using design::Core;
using design::Design;
using design::DType;
using design::FifoRef;
using design::TensorType;
using design::TileId;

constexpr std::int64_t kPixelBytes = 4;
// Bytes of the filter output line ahead of the stripe's first output pixel: room for the left
// halo's output (at most 2 pixels) while the first real output stays 32-byte aligned.
constexpr std::int64_t kLapLead = 32;
constexpr int kCoreInDepth = 3;  // lines r, r + 1 held while the DMA fills r + 2

std::int64_t round_up(std::int64_t v, std::int64_t to) {
  return (v + to - 1) / to * to;
}

struct BandGeometry {
  std::int64_t stripe = 0, element = 0;    // S, E pixels
  std::int64_t in_line = 0, out_line = 0;  // host line pixels
  std::int64_t height = 0;
  std::int64_t out_lines = 1;  // lines per output element
};

// The core function of one stripe.
std::function<void(Core&)> stripe_body(const Stripe& s, const BandGeometry& g,
                                       const EdgeDetectParams& p) {
  // Q12 coefficients as the kernel's int8 taps (c >> 8), FACTS §6.
  std::array<int8_t, 9> taps{};
  for (std::size_t i = 0; i < 9; ++i) taps[i] = static_cast<int8_t>(p.kernel_q12[i] >> 8);
  const auto width = static_cast<int32_t>(s.width);
  const auto filter_width = static_cast<int32_t>(s.filter_width());
  const std::int64_t filter_from = kStripeMargin - s.halo_left;  // element pixel
  // Gray is needed up to the right halo; converting whole vectors keeps the kernel off its
  // scalar tail and stays inside the element.
  const auto gray_width =
      static_cast<int32_t>(round_up(kStripeMargin + s.width + s.halo_right, kGrayVector));
  const auto threshold_count = static_cast<int32_t>(round_up(s.width, kGrayVector));
  const std::int64_t h = g.height;
  const std::int64_t out_line_bytes = kPixelBytes * g.stripe;
  return [=](Core& c) {
    auto gray = [&](std::int64_t row) {
      return c.local(static_cast<std::size_t>(row % 3)).as<uint8_t>();
    };
    uint8_t* lap = c.local(3).as<uint8_t>();
    uint8_t* edge = c.local(4).as<uint8_t>();
    uint8_t* edge4 = c.local(5).as<uint8_t>();
    auto to_gray = [&](const design::Element& rgba, std::int64_t row) {
      c.call("rgba2gray_line_u8",
             [&] { rgba2gray_line_u8(rgba.as<uint8_t>(), gray(row), gray_width); });
    };
    design::Element current = c.acquire(0), blended;
    to_gray(current, 0);
    for (std::int64_t row = 0; row < h; ++row) {
      design::Element next;
      if (row + 1 < h) {
        next = c.acquire(0);  // now holding lines row and row + 1
        to_gray(next, row + 1);
      }
      const uint8_t* above = gray(row == 0 ? 0 : row - 1) + filter_from;
      const uint8_t* centre = gray(row) + filter_from;
      const uint8_t* below = gray(row + 1 < h ? row + 1 : row) + filter_from;
      c.call("filter2d_3x3_line_u8", [&] {
        filter2d_3x3_line_u8(above, centre, below, lap + kLapLead - s.halo_left, filter_width,
                             taps.data());
      });
      c.call("threshold_u8", [&] {
        threshold_u8(lap + kLapLead, edge, threshold_count, p.threshold, p.max_value,
                     /*binary*/ 0);
      });
      c.call("gray2rgba_line_u8", [&] { gray2rgba_line_u8(edge, edge4, width); });
      // Output lines pack out_lines to an element (see StripeLayout::out_lines).
      const std::int64_t slot = row % g.out_lines;
      if (slot == 0) blended = c.acquire(1);
      c.call("add_weighted_line_u8", [&] {
        add_weighted_line_u8(current.as<uint8_t>() + kPixelBytes * kStripeMargin, edge4,
                             blended.as<uint8_t>() + slot * out_line_bytes,
                             static_cast<int32_t>(kPixelBytes) * width, p.alpha_q14, p.beta_q14,
                             p.gamma);
      });
      if (slot + 1 == g.out_lines || row + 1 == h) c.release(1);
      c.release(0);  // line row, the oldest held
      current = next;
    }
  };
}

// Input lines [first, first + count) of the column's `n` stripes from band stripe `from`: per
// line, each stripe's whole element (E pixels, S apart, so neighbours overlap by the halo).
AccessPattern input_lines(const BandGeometry& g, std::int64_t from, std::int64_t n,
                          std::int64_t first, std::int64_t count) {
  const std::int64_t b = kPixelBytes;
  return AccessPattern{first * g.in_line * b + from * g.stripe * b,
                       {count, n, g.element * b},
                       {g.in_line * b, g.stripe * b, 1}};
}

// Output elements [first, first + count) of the same stripes: per element, each stripe's
// out_lines lines of S pixels (the order the mem tile joins them in).
AccessPattern output_elements(const BandGeometry& g, std::int64_t from, std::int64_t n,
                              std::int64_t first, std::int64_t count) {
  const std::int64_t b = kPixelBytes, k = g.out_lines;
  const std::int64_t offset = first * k * g.out_line * b + from * g.stripe * b;
  if (k == 1)
    return AccessPattern{offset, {count, n, g.stripe * b}, {g.out_line * b, g.stripe * b, 1}};
  return AccessPattern{
      offset, {count, n, k, g.stripe * b}, {k * g.out_line * b, g.stripe * b, g.out_line * b, 1}};
}

}  // namespace

Design edge_detect_band_design(const arch::Device& dev, const StripeLayout& layout,
                               const StripeBand& band, std::int64_t height,
                               const EdgeDetectParams& params) {
  BandGeometry g;
  g.stripe = layout.stripe;
  g.element = layout.element;
  g.in_line = layout.in_line_pixels(band);
  g.out_line = layout.out_line_pixels(band);
  g.height = height;
  g.out_lines = layout.out_lines;

  Design d(dev, "ops_edge_detect");
  const TensorType elem_t{DType::u8, {g.element * kPixelBytes}};
  const TensorType out_t{DType::u8, {g.out_lines * g.stripe * kPixelBytes}};
  const TensorType out_line_t{DType::u8, {g.stripe * kPixelBytes}};
  const TensorType gray_t{DType::u8, {g.element}};
  const TensorType lap_t{DType::u8, {kLapLead + round_up(g.stripe + 1, kGrayVector)}};
  const TensorType edge_t{DType::u8, {round_up(g.stripe, kGrayVector)}};

  // Per group: shim -> mem fifo, split to its cores; their outputs joined -> shim.
  std::vector<FifoRef> group_in, group_out;
  for (const StripeGroup& grp : band.groups) {
    const std::string gs = std::to_string(grp.column) + "." + std::to_string(grp.channel);
    const TileId shim = design::shim(grp.column), mem = design::mem(grp.column);
    const FifoRef in = d.object_fifo("in" + gs, TensorType{DType::u8, {grp.count * elem_t.count()}},
                                     2, shim, {mem});
    const FifoRef out = d.object_fifo(
        "out" + gs, TensorType{DType::u8, {grp.count * out_t.count()}}, 2, mem, {shim});
    std::vector<FifoRef> parts_in, parts_out;
    std::vector<std::int64_t> offsets_in, offsets_out;
    for (int i = 0; i < grp.count; ++i) {
      const Stripe& s = band.stripes[static_cast<std::size_t>(grp.first + i)];
      const std::string name = arch::to_string(s.core);
      const FifoRef sin = d.object_fifo("in" + name, elem_t, kCoreInDepth, mem, {s.core});
      const FifoRef sout = d.object_fifo("out" + name, out_t, 2, s.core, {mem});
      parts_in.push_back(sin);
      parts_out.push_back(sout);
      offsets_in.push_back(i * elem_t.count());
      offsets_out.push_back(i * out_t.count());
      const int w =
          d.worker("edge" + name, s.core, {sin.cons(), sout.prod()}, stripe_body(s, g, params));
      d.worker_at(w).locals = {{"gray0", gray_t}, {"gray1", gray_t}, {"gray2", gray_t},
                               {"lap", lap_t},    {"edge", edge_t},  {"edge4", out_line_t}};
    }
    d.split(in, parts_in, offsets_in);
    d.join(parts_out, out, offsets_out);
    group_in.push_back(in);
    group_out.push_back(out);
  }

  const std::int64_t out_elements = (height + g.out_lines - 1) / g.out_lines;
  const int in_arg = d.runtime_arg("in", TensorType{DType::u8, {height * g.in_line * kPixelBytes}});
  const int out_arg = d.runtime_arg(
      "out", TensorType{DType::u8, {out_elements * g.out_lines * g.out_line * kPixelBytes}});
  d.start();
  // Transfer sizes: the outer size of a 3-dimension shim pattern is a wrap field; of a
  // 4-dimension one, the iteration field. Every transfer holds a BD of its shim until a wait.
  // Fills stay ahead of drains (a stripe's line r needs line r + 1 in), so a wait never waits for
  // output whose input is not on its way; at most the newest fill is still running after it.
  const std::int64_t lines_per_fill = dev.shim.bd.wrap_max();
  const std::int64_t elements_per_drain =
      g.out_lines == 1 ? dev.shim.bd.wrap_max() : dev.shim.bd.iteration_max;
  // One transfer per group, so a shim tile takes as many BDs per step as its column has groups.
  int per_shim = 0;
  for (const StripeGroup& grp : band.groups) per_shim = std::max(per_shim, grp.channel + 1);
  std::int64_t filled = 0, bds_held = 0;
  auto use_bds = [&] {
    if (bds_held + per_shim > dev.shim.bds) {
      for (const FifoRef& out : group_out) d.wait(out);
      bds_held = per_shim;
    }
    bds_held += per_shim;
  };
  for (std::int64_t first = 0; first < out_elements; first += elements_per_drain) {
    const std::int64_t count = std::min(elements_per_drain, out_elements - first);
    const std::int64_t needed = std::min(height, (first + count) * g.out_lines + 1);
    while (filled < needed) {
      const std::int64_t lines = std::min(lines_per_fill, height - filled);
      use_bds();
      for (std::size_t i = 0; i < band.groups.size(); ++i) {
        const StripeGroup& grp = band.groups[i];
        d.fill(group_in[i], in_arg, input_lines(g, grp.first, grp.count, filled, lines));
      }
      filled += lines;
    }
    use_bds();
    for (std::size_t i = 0; i < band.groups.size(); ++i) {
      const StripeGroup& grp = band.groups[i];
      d.drain(group_out[i], out_arg, output_elements(g, grp.first, grp.count, first, count), false);
    }
  }
  for (const FifoRef& out : group_out) d.wait(out);
  return d;
}

}  // namespace xdna::ops::emu
