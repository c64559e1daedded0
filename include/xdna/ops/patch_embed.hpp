// ViT / SigLIP patch embedding as the seed ran it on the NPU: a 224 x 224 x 3 image cut into
// 16 x 16 patches (14 x 14 = 196 of them), each flattened to 768 values, the 196 rows padded
// with zero rows to 256 (a multiple of the GEMM tile), times a 768 x 768 projection.
//
// Layouts: the image is HWC (row, column, channel), row-major. Patch p = (py * 14 + px) is row
// p of the patch matrix; inside it element c * 256 + dy * 16 + dx holds image[py*16+dy]
// [px*16+dx][c] (the order of a PyTorch Conv2d weight [out][c][dy][dx] flattened). The
// projection W is [768 in][768 out] row-major, so out = patches * W. All 256 rows are returned;
// rows 196..255 are zero because their inputs are.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "aie_api/detail/bfloat16.hpp"
#include "xdna/ops/backend.hpp"

namespace xdna::ops {

inline constexpr std::size_t kPatchImageSide = 224;
inline constexpr std::size_t kPatchSide = 16;
inline constexpr std::size_t kPatchChannels = 3;
inline constexpr std::size_t kPatchDim = kPatchSide * kPatchSide * kPatchChannels;  // 768
inline constexpr std::size_t kPatchCount =
    (kPatchImageSide / kPatchSide) * (kPatchImageSide / kPatchSide);  // 196
inline constexpr std::size_t kPatchRowsPadded = 256;
inline constexpr std::size_t kPatchImageElems = kPatchImageSide * kPatchImageSide * kPatchChannels;

// The [256 x 768] patch matrix of an image (InputError unless image holds 224*224*3 values).
std::vector<std::int16_t> patchify(std::span<const std::int16_t> image);
std::vector<bfloat16> patchify(std::span<const bfloat16> image);

// [256 x 768] int32 = patchify(image) * weights (matmul's int16 contract).
std::vector<std::int32_t> patch_embed(std::span<const std::int16_t> image,
                                      std::span<const std::int16_t> weights, Backend backend);
// [256 x 768] fp32 = patchify(image) * weights (matmul's bf16 contract).
std::vector<float> patch_embed(std::span<const bfloat16> image, std::span<const bfloat16> weights,
                               Backend backend);

}  // namespace xdna::ops
