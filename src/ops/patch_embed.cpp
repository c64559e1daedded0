// patch_embed: patchify on the host (a gather the NPU's DMA does with a 4-D access pattern),
// then one matmul on the chosen backend.
#include "xdna/ops/patch_embed.hpp"

#include <string>

#include "xdna/common/error.hpp"
#include "xdna/ops/matmul.hpp"

namespace xdna::ops {

namespace {

template <typename T>
std::vector<T> patchify_impl(std::span<const T> image) {
  if (image.size() != kPatchImageElems) {
    throw InputError("patch-embed: image holds " + std::to_string(image.size()) +
                     " values; a 224x224x3 HWC image needs " + std::to_string(kPatchImageElems));
  }
  std::vector<T> patches(kPatchRowsPadded * kPatchDim, T(0));
  constexpr std::size_t grid = kPatchImageSide / kPatchSide;
  for (std::size_t py = 0; py < grid; ++py) {
    for (std::size_t px = 0; px < grid; ++px) {
      T* row = patches.data() + (py * grid + px) * kPatchDim;
      for (std::size_t dy = 0; dy < kPatchSide; ++dy) {
        const T* line =
            image.data() +
            ((py * kPatchSide + dy) * kPatchImageSide + px * kPatchSide) * kPatchChannels;
        for (std::size_t dx = 0; dx < kPatchSide; ++dx) {
          for (std::size_t c = 0; c < kPatchChannels; ++c) {
            row[c * kPatchSide * kPatchSide + dy * kPatchSide + dx] = line[dx * kPatchChannels + c];
          }
        }
      }
    }
  }
  return patches;
}

void check_weights(std::size_t size) {
  if (size != kPatchDim * kPatchDim) {
    throw InputError(
        "patch-embed: weights hold " + std::to_string(size) +
        " values; the projection is 768x768 = " + std::to_string(kPatchDim * kPatchDim));
  }
}

}  // namespace

std::vector<std::int16_t> patchify(std::span<const std::int16_t> image) {
  return patchify_impl(image);
}
std::vector<bfloat16> patchify(std::span<const bfloat16> image) {
  return patchify_impl(image);
}

std::vector<std::int32_t> patch_embed(std::span<const std::int16_t> image,
                                      std::span<const std::int16_t> weights, Backend backend) {
  check_weights(weights.size());
  const auto patches = patchify(image);
  return matmul_i16(patches, weights, {kPatchRowsPadded, kPatchDim, kPatchDim}, backend);
}

std::vector<float> patch_embed(std::span<const bfloat16> image, std::span<const bfloat16> weights,
                               Backend backend) {
  check_weights(weights.size());
  const auto patches = patchify(image);
  return matmul_bf16(patches, weights, {kPatchRowsPadded, kPatchDim, kPatchDim}, backend);
}

}  // namespace xdna::ops
