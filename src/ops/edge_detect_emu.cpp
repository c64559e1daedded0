// Emulator path of edge-detect: one worker on core (0,2) runs the whole FACTS §6 pipeline on
// lines streamed from the host. The shim fills fifo `in_rgba` with one RGBA line per element;
// the worker converts each line to gray as it arrives into a ring of three gray lines (so the
// 3x3 filter always has the line above and below; the first and last line stand in for their
// missing neighbours, the replicate border), then filters, thresholds, expands to RGBA and
// blends with the original line, which it still holds (depth-2 input: line r and r + 1), into
// fifo `out_rgba`, which the shim drains back to the host.
//
// Line buffers are padded to a multiple of 32 pixels: threshold_u8 works on whole 32-byte
// vectors, and the shim cuts a padded line into 128-byte rows (a shim BD wraps at most 1023
// words per dimension, and a 1920-pixel line is 1920 words). The kernels only read and write
// the real `width` pixels; the host pads and unpads.
#include "edge_detect_emu.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "aie2/kernels.h"
#include "aie2/vision_kernels.h"
#include "emu_runner.hpp"
#include "xdna/arch/device.hpp"
#include "xdna/design/design.hpp"
#include "xdna/emu/emulator.hpp"

namespace xdna::ops::emu {

namespace {

using design::AccessPattern;
using design::Core;
using design::Design;
using design::DType;
using design::TensorType;

constexpr std::int64_t kPadPixels = 32;  // line buffers: whole 32-byte vectors of gray
constexpr std::int64_t kRowBytes = 128;  // shim rows: 32 words, so any padded line is cut evenly
constexpr std::int64_t kMaxLinesPerTransfer = 1023;  // outer wrap of a 3-dimension shim BD

struct Geometry {
  std::int64_t width = 0;
  std::int64_t height = 0;
  std::int64_t padded = 0;  // width rounded up to kPadPixels
  std::int64_t line_bytes() const { return 4 * padded; }
};

// Lines [first, first + count) of the padded host buffer, as one shim access pattern.
AccessPattern lines(const Geometry& g, std::int64_t first, std::int64_t count) {
  return AccessPattern{first * g.line_bytes(),
                       {count, g.line_bytes() / kRowBytes, kRowBytes},
                       {g.line_bytes(), kRowBytes, 1}};
}

Design build(const Geometry& g, const EdgeDetectParams& p) {
  Design d(arch::npu1(), "ops_edge_detect");
  const design::TileId tile = design::core(0, 2);
  const TensorType line_t{DType::u8, {g.line_bytes()}};
  const TensorType gray_t{DType::u8, {g.padded}};
  const auto in = d.object_fifo("in_rgba", line_t, 2, design::shim(0), {tile});
  const auto out = d.object_fifo("out_rgba", line_t, 2, tile, {design::shim(0)});

  // Q12 coefficients as the kernel's int8 taps (c >> 8), FACTS §6.
  std::array<int8_t, 9> taps{};
  for (std::size_t i = 0; i < 9; ++i) taps[i] = static_cast<int8_t>(p.kernel_q12[i] >> 8);
  const auto w = static_cast<int32_t>(g.width);
  const std::int64_t h = g.height;
  const auto padded = static_cast<int32_t>(g.padded);
  const int worker = d.worker("edge_detect", tile, {in.cons(), out.prod()}, [=](Core& c) {
    auto gray = [&](std::int64_t row) {
      return c.local(static_cast<std::size_t>(row % 3)).as<uint8_t>();
    };
    uint8_t* lap = c.local(3).as<uint8_t>();
    uint8_t* edge = c.local(4).as<uint8_t>();
    uint8_t* edge4 = c.local(5).as<uint8_t>();
    auto to_gray = [&](const design::Element& rgba, std::int64_t row) {
      c.call("rgba2gray_line_u8", [&] { rgba2gray_line_u8(rgba.as<uint8_t>(), gray(row), w); });
    };
    design::Element current = c.acquire(0);
    to_gray(current, 0);
    for (std::int64_t row = 0; row < h; ++row) {
      design::Element next;
      if (row + 1 < h) {
        next = c.acquire(0);  // now holding lines row and row + 1
        to_gray(next, row + 1);
      }
      const uint8_t* above = gray(row == 0 ? 0 : row - 1);
      const uint8_t* below = gray(row + 1 < h ? row + 1 : row);
      c.call("filter2d_3x3_line_u8",
             [&] { filter2d_3x3_line_u8(above, gray(row), below, lap, w, taps.data()); });
      c.call("threshold_u8",
             [&] { threshold_u8(lap, edge, padded, p.threshold, p.max_value, /*binary*/ 0); });
      c.call("gray2rgba_line_u8", [&] { gray2rgba_line_u8(edge, edge4, w); });
      design::Element blended = c.acquire(1);
      c.call("add_weighted_line_u8", [&] {
        add_weighted_line_u8(current.as<uint8_t>(), edge4, blended.as<uint8_t>(), 4 * w,
                             p.alpha_q14, p.beta_q14, p.gamma);
      });
      c.release(1);
      c.release(0);  // line row, the oldest held
      current = next;
    }
  });
  d.worker_at(worker).locals = {{"gray0", gray_t}, {"gray1", gray_t}, {"gray2", gray_t},
                                {"lap", gray_t},   {"edge", gray_t},  {"edge4", line_t}};

  const TensorType image_t{DType::u8, {g.height * g.line_bytes()}};
  const int in_arg = d.runtime_arg("in", image_t);
  const int out_arg = d.runtime_arg("out", image_t);
  d.start();
  for (std::int64_t first = 0; first < h; first += kMaxLinesPerTransfer) {
    d.fill(in, in_arg, lines(g, first, std::min(kMaxLinesPerTransfer, h - first)));
  }
  for (std::int64_t first = 0; first < h; first += kMaxLinesPerTransfer) {
    d.drain(out, out_arg, lines(g, first, std::min(kMaxLinesPerTransfer, h - first)), false);
  }
  d.wait(out);
  return d;
}

}  // namespace

void edge_detect(const ImageRgba& in, ImageRgba& out, const EdgeDetectParams& params) {
  Geometry g;
  g.width = static_cast<std::int64_t>(in.width);
  g.height = static_cast<std::int64_t>(in.height);
  g.padded = (g.width + kPadPixels - 1) / kPadPixels * kPadPixels;
  emu_support::begin_operator();
  const Design d = build(g, params);

  const std::size_t line = static_cast<std::size_t>(g.line_bytes());
  xdna::emu::Buffers buffers(2, xdna::emu::Buffer(in.height * line));
  for (std::size_t r = 0; r < in.height; ++r) {
    std::memcpy(buffers[0].data() + r * line, in.pixels.data() + r * in.stride(), in.stride());
  }
  emu_support::run(d, buffers);

  out.width = in.width;
  out.height = in.height;
  out.pixels.resize(in.pixels.size());
  for (std::size_t r = 0; r < in.height; ++r) {
    std::memcpy(out.pixels.data() + r * in.stride(), buffers[1].data() + r * line, in.stride());
  }
}

}  // namespace xdna::ops::emu
