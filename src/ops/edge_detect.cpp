// edge_detect: checks, the dispatch to the emulator path (edge_detect_emu.cpp), and the CPU
// path — bands of rows on threads, each band streaming its lines through the stages with a
// three-line ring of gray lines, as the NPU design does.
#include <array>
#include <string>
#include <vector>

#include "edge_detect_emu.hpp"
#include "parallel.hpp"
#include "vision_lines.hpp"
#include "xdna/common/error.hpp"
#include "xdna/ops/vision.hpp"

namespace xdna::ops {

namespace {

void check_image(const ImageRgba& image) {
  if (image.width < 3 || image.height < 3) {
    throw InputError("edge-detect: image is " + std::to_string(image.width) + "x" +
                     std::to_string(image.height) + " pixels; the 3x3 filter needs at least 3x3");
  }
  if (image.pixels.size() != image.width * image.height * 4) {
    throw InputError("edge-detect: pixel buffer holds " + std::to_string(image.pixels.size()) +
                     " bytes but a " + std::to_string(image.width) + "x" +
                     std::to_string(image.height) + " RGBA8 image needs " +
                     std::to_string(image.width * image.height * 4));
  }
}

void edge_detect_cpu(const ImageRgba& in, ImageRgba& out, const EdgeDetectParams& p) {
  std::int8_t taps[9];
  for (int i = 0; i < 9; ++i) taps[i] = static_cast<std::int8_t>(p.kernel_q12[i] >> 8);
  out.width = in.width;
  out.height = in.height;
  out.pixels.resize(in.pixels.size());
  const std::size_t w = in.width, h = in.height;
  const std::uint8_t* src = in.pixels.data();
  cpu::parallel_for(h, 16, [&](std::size_t r0, std::size_t r1) {
    std::vector<std::uint8_t> gray_ring(3 * w), lap(w), edge(w), edge4(4 * w);
    std::vector<std::int32_t> acc(w);
    std::vector<std::int16_t> acc16(w);
    auto gray_of = [&](std::size_t row) { return gray_ring.data() + (row % 3) * w; };
    auto load_gray = [&](std::size_t row) {
      vision::rgba2gray_line(src + row * in.stride(), gray_of(row), w);
    };
    // Lines r0-1 (replicated at the top), r0 and r0+1 (replicated at the bottom).
    if (r0 > 0) load_gray(r0 - 1);
    load_gray(r0);
    for (std::size_t row = r0; row < r1; ++row) {
      if (row + 1 < h) load_gray(row + 1);
      const std::uint8_t* above = gray_of(row == 0 ? 0 : row - 1);
      const std::uint8_t* below = gray_of(row + 1 < h ? row + 1 : row);
      vision::filter2d_line(above, gray_of(row), below, lap.data(), w, taps, acc.data(),
                            acc16.data());
      vision::threshold_binary_line(lap.data(), edge.data(), w, p.threshold, p.max_value);
      vision::gray2rgba_line(edge.data(), edge4.data(), w);
      vision::add_weighted_line(src + row * in.stride(), edge4.data(),
                                out.pixels.data() + row * in.stride(), 4 * w, p.alpha_q14,
                                p.beta_q14, p.gamma);
    }
  });
}

}  // namespace

ImageRgba edge_detect(const ImageRgba& image, Backend backend, const EdgeDetectParams& params) {
  ImageRgba out;
  edge_detect(image, out, backend, params);
  return out;
}

void edge_detect(const ImageRgba& image, ImageRgba& out, Backend backend,
                 const EdgeDetectParams& params) {
  check_image(image);
  if (&image == &out) throw InputError("edge-detect: output image must differ from the input");
  switch (backend) {
    case Backend::cpu:
      edge_detect_cpu(image, out, params);
      return;
    case Backend::emu:
      emu::edge_detect(image, out, params);
      return;
    case Backend::npu:
      throw_npu_unavailable("edge-detect");
  }
  throw InputError("edge-detect: invalid backend");
}

}  // namespace xdna::ops
