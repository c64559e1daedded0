// RGBA8 images for the vision operators, and PNG files in and out (libpng).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace xdna::ops {

// Row-major, 4 interleaved bytes per pixel (R, G, B, A), no row padding.
struct ImageRgba {
  std::size_t width = 0;
  std::size_t height = 0;
  std::vector<std::uint8_t> pixels;  // width * height * 4

  std::size_t stride() const { return width * 4; }
};

// The largest image the vision operators take (a 16k x 16k frame), from a file or generated:
// absurd sizes are refused before anything is allocated.
inline constexpr std::size_t kMaxImagePixels = std::size_t{1} << 28;

// Throws InputError naming the file and the problem: missing, not a PNG, corrupt, or not 8-bit
// RGBA (palette, grey, RGB without alpha and 16-bit files are refused, with the fix).
ImageRgba read_png_rgba(const std::string& path);

// Throws SystemError naming the file when it cannot be written.
void write_png_rgba(const std::string& path, const ImageRgba& image);

}  // namespace xdna::ops
