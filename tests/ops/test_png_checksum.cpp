// PNG reading/writing (round trip and every refusal) and the output checksum.
#include <gtest/gtest.h>
#include <png.h>

#include <cstdio>
#include <cstring>
#include <fstream>

#include "xdna/common/error.hpp"
#include "xdna/ops/checksum.hpp"
#include "xdna/ops/image.hpp"

namespace {

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "xdna_ops_" + name;
}

// Writes a PNG of any simplified-API format (to produce the files we must refuse).
void write_png_format(const std::string& path, png_uint_32 format, std::size_t w, std::size_t h) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(w);
  image.height = static_cast<png_uint_32>(h);
  image.format = format;
  std::vector<std::uint8_t> data(PNG_IMAGE_SIZE(image), 0x55);
  ASSERT_TRUE(png_image_write_to_file(&image, path.c_str(), 0, data.data(), 0, nullptr));
}

std::string error_of(const std::string& path) {
  try {
    xdna::ops::read_png_rgba(path);
  } catch (const xdna::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(PngIo, RoundTripKeepsEveryByte) {
  xdna::ops::ImageRgba img{37, 11, {}};
  for (std::size_t i = 0; i < 37 * 11 * 4; ++i)
    img.pixels.push_back(static_cast<std::uint8_t>(i * 7));
  const std::string path = temp_path("roundtrip.png");
  xdna::ops::write_png_rgba(path, img);
  const auto back = xdna::ops::read_png_rgba(path);
  EXPECT_EQ(back.width, 37u);
  EXPECT_EQ(back.height, 11u);
  EXPECT_EQ(back.pixels, img.pixels);
}

TEST(PngIo, RefusesNonRgbaWithTheFix) {
  const std::string rgb = temp_path("rgb.png");
  write_png_format(rgb, PNG_FORMAT_RGB, 8, 8);
  EXPECT_NE(error_of(rgb).find("RGB 8-bit, not 8-bit RGBA"), std::string::npos) << error_of(rgb);
  const std::string grey16 = temp_path("grey16.png");
  write_png_format(grey16, PNG_FORMAT_LINEAR_Y, 8, 8);
  EXPECT_NE(error_of(grey16).find("grey 16-bit"), std::string::npos) << error_of(grey16);
}

TEST(PngIo, RefusesMissingCorruptAndForeignFiles) {
  EXPECT_NE(error_of(temp_path("does_not_exist.png")).find("cannot read PNG"), std::string::npos);
  const std::string text = temp_path("text.png");
  std::ofstream(text) << "this is not a png";
  EXPECT_NE(error_of(text).find(text), std::string::npos);
  // A valid file cut in half: the header parses, the pixel data does not.
  xdna::ops::ImageRgba img{64, 64, std::vector<std::uint8_t>(64 * 64 * 4)};
  for (std::size_t i = 0; i < img.pixels.size(); ++i)
    img.pixels[i] = static_cast<std::uint8_t>(i * 31 + i / 7);
  const std::string whole = temp_path("whole.png"), cut = temp_path("cut.png");
  xdna::ops::write_png_rgba(whole, img);
  std::ifstream in(whole, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  EXPECT_NE(error_of(cut).find("corrupt"), std::string::npos) << error_of(cut);
}

TEST(PngIo, WriteFailureIsASystemError) {
  xdna::ops::ImageRgba img{2, 2, std::vector<std::uint8_t>(16)};
  EXPECT_THROW(xdna::ops::write_png_rgba("/nonexistent-dir/x.png", img), xdna::SystemError);
}

TEST(Checksum, Fnv1a64KnownValues) {
  // Published FNV-1a 64 test vectors: "" and "a".
  EXPECT_EQ(xdna::ops::fnv1a64({}), 0xcbf29ce484222325ull);
  const std::byte a[] = {std::byte{'a'}};
  EXPECT_EQ(xdna::ops::fnv1a64(a), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(xdna::ops::checksum_hex(0xaf63dc4c8601ec8cull), "0xaf63dc4c8601ec8c");
}

}  // namespace
