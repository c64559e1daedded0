// Emulator path of edge-detect, host side: plan the stripes, and for each band copy the image
// into the band's input buffer (stripe i's element at pixel i * S, starting kStripeMargin pixels
// before its first output pixel), run the band's design, and copy the stripes' output pixels
// back (the output buffer is rounded up to whole output elements of out_lines lines; the
// lines past the image are dropped). Bytes of the buffers that no image pixel maps to (the margin
// left of the image, the slack right of it) stay zero; the design reads them but no output pixel
// depends on them.
#include "edge_detect_emu.hpp"

#include <algorithm>
#include <cstring>

#include "edge_detect_design.hpp"
#include "emu_runner.hpp"
#include "xdna/arch/device.hpp"
#include "xdna/emu/emulator.hpp"

namespace xdna::ops::emu {

void edge_detect(const ImageRgba& in, ImageRgba& out, const EdgeDetectParams& params,
                 const StripeOptions& options) {
  const arch::Device dev = arch::npu1();
  const auto width = static_cast<std::int64_t>(in.width);
  const auto height = static_cast<std::int64_t>(in.height);
  const StripeLayout layout = plan_stripes(dev, width, options);
  emu_support::begin_operator();
  out.width = in.width;
  out.height = in.height;
  out.pixels.resize(in.pixels.size());
  constexpr std::int64_t kPixelBytes = 4;

  for (const StripeBand& band : layout.bands) {
    const design::Design d = edge_detect_band_design(dev, layout, band, height, params);
    const std::int64_t in_line = layout.in_line_pixels(band);
    const std::int64_t out_line = layout.out_line_pixels(band);
    // Image columns [x_begin, x_end) land in the input line from pixel x_begin - origin.
    const std::int64_t origin = band.first_pixel - kStripeMargin;
    const std::int64_t x_begin = std::max<std::int64_t>(0, origin);
    const std::int64_t x_end = std::min(width, origin + in_line);
    const std::int64_t x_out_end = std::min(width, band.first_pixel + out_line);
    const auto in_bytes = static_cast<std::size_t>(kPixelBytes * in_line);
    const auto out_bytes = static_cast<std::size_t>(kPixelBytes * out_line);
    const auto rows = static_cast<std::size_t>(height);
    // The output buffer holds whole output elements of layout.out_lines lines.
    const auto out_rows = static_cast<std::size_t>((height + layout.out_lines - 1) /
                                                   layout.out_lines * layout.out_lines);

    xdna::emu::Buffers buffers = {xdna::emu::Buffer(rows * in_bytes),
                                  xdna::emu::Buffer(out_rows * out_bytes)};
    for (std::size_t r = 0; r < rows; ++r) {
      std::memcpy(
          buffers[0].data() + r * in_bytes +
              static_cast<std::size_t>(kPixelBytes * (x_begin - origin)),
          in.pixels.data() + r * in.stride() + static_cast<std::size_t>(kPixelBytes * x_begin),
          static_cast<std::size_t>(kPixelBytes * (x_end - x_begin)));
    }
    emu_support::run(d, buffers);
    for (std::size_t r = 0; r < rows; ++r) {
      std::memcpy(out.pixels.data() + r * in.stride() +
                      static_cast<std::size_t>(kPixelBytes * band.first_pixel),
                  buffers[1].data() + r * out_bytes,
                  static_cast<std::size_t>(kPixelBytes * (x_out_end - band.first_pixel)));
    }
  }
}

}  // namespace xdna::ops::emu
