// Emulator path of edge-detect (internal to ops/): the vision line kernels of kernels/aie2 in a
// one-core dataflow design that streams the image line by line (see edge_detect_emu.cpp).
#pragma once

#include "xdna/ops/image.hpp"
#include "xdna/ops/vision.hpp"

namespace xdna::ops::emu {

// `in` is checked by the caller (at least 3 x 3, buffer size right); `out` is resized. Throws
// DeviceLimitError when a line does not fit the core tile's memory (wider than about 2000
// pixels on npu1), naming the tile and buffers.
void edge_detect(const ImageRgba& in, ImageRgba& out, const EdgeDetectParams& params);

}  // namespace xdna::ops::emu
