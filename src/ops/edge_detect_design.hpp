// The dataflow design of one band of edge-detect stripes (internal to ops/): per array column
// the shim streams the column's stripes of each line into its mem tile, which splits them to
// one core per stripe; each core runs the whole FACTS §6 pipeline on its stripe, line by line;
// the mem tile joins the stripes' output pixels and the shim writes them back.
// See edge_detect_design.cpp for the buffers and the runtime sequence.
#pragma once

#include <cstdint>

#include "edge_detect_stripes.hpp"
#include "xdna/design/design.hpp"
#include "xdna/ops/vision.hpp"

namespace xdna::ops::emu {

// Runtime buffers: 0 = input, `height` lines of layout.in_line_pixels(band) RGBA pixels (stripe
// i's element at pixel i * S); 1 = output, `height` lines of layout.out_line_pixels(band) pixels.
design::Design edge_detect_band_design(const arch::Device& dev, const StripeLayout& layout,
                                       const StripeBand& band, std::int64_t height,
                                       const EdgeDetectParams& params);

}  // namespace xdna::ops::emu
