// Emulator path of edge-detect (internal to ops/): the vision line kernels of kernels/aie2 on
// several cores of npu1, each core running the whole pipeline on a vertical stripe of the image
// (edge_detect_stripes.hpp: layout; edge_detect_design.hpp: the design; edge_detect_emu.cpp: the
// host's padding, bands and unpadding).
#pragma once

#include "edge_detect_stripes.hpp"
#include "xdna/ops/image.hpp"
#include "xdna/ops/vision.hpp"

namespace xdna::ops::emu {

// `in` is checked by the caller (at least 3 x 3, buffer size right); `out` is resized. Any width
// runs: stripes of at most max_stripe_pixels() go to up to 16 cores at once, and an image with
// more stripes than cores runs as several bands, one design run each. `options` overrides the
// stripe width and core count (tests); the defaults are chosen from the width.
void edge_detect(const ImageRgba& in, ImageRgba& out, const EdgeDetectParams& params,
                 const StripeOptions& options = {});

}  // namespace xdna::ops::emu
