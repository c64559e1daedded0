// PNG in and out through libpng's simplified API. Only 8-bit RGBA files are accepted: the
// vision pipeline is defined on RGBA8, and converting other formats here would silently change
// the input (gamma, palette, 16-bit rounding).
#include <png.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "xdna/common/error.hpp"
#include "xdna/ops/image.hpp"

namespace xdna::ops {

namespace {

std::string describe_format(png_uint_32 format) {
  if (format & PNG_FORMAT_FLAG_COLORMAP) return "palette (colour-mapped)";
  std::string s = (format & PNG_FORMAT_FLAG_COLOR) ? "RGB" : "grey";
  if (format & PNG_FORMAT_FLAG_ALPHA) s += "+alpha";
  s += (format & PNG_FORMAT_FLAG_LINEAR) ? " 16-bit" : " 8-bit";
  return s;
}

struct ImageGuard {
  png_image* image;
  ~ImageGuard() { png_image_free(image); }
};

}  // namespace

ImageRgba read_png_rgba(const std::string& path) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  ImageGuard guard{&image};
  // libpng says only "Read Error" for a directory or an empty file, and would block on a pipe.
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw InputError("PNG '" + path +
                     "' is not a regular file (a directory, device or pipe); give a .png file");
  if (std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) == 0 && !ec)
    throw InputError("PNG '" + path + "' is empty (0 bytes)");
  if (!png_image_begin_read_from_file(&image, path.c_str())) {
    throw InputError("cannot read PNG '" + path + "': " + image.message);
  }
  const png_uint_32 native = image.format;
  const png_uint_32 wanted = PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA;
  if ((native & (wanted | PNG_FORMAT_FLAG_LINEAR | PNG_FORMAT_FLAG_COLORMAP)) != wanted) {
    throw InputError("PNG '" + path + "' is " + describe_format(native) +
                     ", not 8-bit RGBA; convert it first (for example `convert in.png "
                     "-define png:color-type=6 -depth 8 out.png`)");
  }
  const std::size_t pixels = std::size_t{image.width} * image.height;
  if (image.width == 0 || image.height == 0 || pixels > kMaxImagePixels) {
    throw InputError("PNG '" + path + "' has an unsupported size " + std::to_string(image.width) +
                     "x" + std::to_string(image.height) + " (at most 2^28 pixels)");
  }
  image.format = PNG_FORMAT_RGBA;
  ImageRgba out{image.width, image.height, std::vector<std::uint8_t>(pixels * 4)};
  if (!png_image_finish_read(&image, nullptr, out.pixels.data(), 0, nullptr)) {
    throw InputError("PNG '" + path + "' is corrupt: " + image.message);
  }
  return out;
}

void write_png_rgba(const std::string& path, const ImageRgba& img) {
  if (img.pixels.size() != img.width * img.height * 4 || img.width == 0 || img.height == 0) {
    throw InputError("write PNG '" + path + "': image buffer does not hold " +
                     std::to_string(img.width) + "x" + std::to_string(img.height) + " RGBA8");
  }
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(img.width);
  image.height = static_cast<png_uint_32>(img.height);
  image.format = PNG_FORMAT_RGBA;
  if (!png_image_write_to_file(&image, path.c_str(), 0, img.pixels.data(), 0, nullptr)) {
    const std::string why = image.message;
    png_image_free(&image);
    throw SystemError("cannot write PNG '" + path + "': " + why);
  }
}

}  // namespace xdna::ops
