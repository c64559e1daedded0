// `xdna run` in library form: generated inputs, raw files and PNGs in and out, the report's
// fields, and the refusals (unknown op, wrong files, options that do not apply).
#include <gtest/gtest.h>

#include <fstream>

#include "xdna/common/error.hpp"
#include "xdna/ops/checksum.hpp"
#include "xdna/ops/image.hpp"
#include "xdna/ops/raw_io.hpp"
#include "xdna/ops/runner.hpp"
#include "xdna/ops/selection.hpp"
#include "xdna/ops/synthetic.hpp"
#include "xdna/ops/vision.hpp"

namespace {

using xdna::ops::Backend;
using xdna::ops::RunRequest;

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "xdna_run_" + name;
}

TEST(Runner, GeneratedCollapseReportsSurvivorsAndChecksum) {
  RunRequest rq;
  rq.op = "collapse";
  rq.size = 1000;
  rq.seed = 9;
  rq.tau = 0.25;
  const auto r = xdna::ops::run_operator(rq);
  const auto x = xdna::ops::synthetic_bf16(1000, 9);
  const auto want = xdna::ops::collapse(x, 0.25f, Backend::cpu);
  EXPECT_EQ(r["survivors"].get<std::size_t>(), want.survivors);
  EXPECT_EQ(r["checksum"],
            xdna::ops::checksum_hex(xdna::ops::fnv1a64_of(std::span<const bfloat16>(want.out))));
  EXPECT_EQ(r["input"]["source"], "generated");
  EXPECT_EQ(r["op"], "collapse");
  EXPECT_EQ(r["tau_q8"], 64);
}

TEST(Runner, RawFilesInAndOut) {
  const auto x = xdna::ops::synthetic_bf16(300, 3);
  const std::string in = temp_path("x.bin"), out = temp_path("packed.bin");
  xdna::ops::write_raw(in, std::span<const bfloat16>(x));
  RunRequest rq;
  rq.op = "compact";
  rq.inputs = {in};
  rq.output = out;
  const auto r = xdna::ops::run_operator(rq);
  const auto want = xdna::ops::compact(x, 0.5f, Backend::cpu);
  EXPECT_EQ(r["survivors"].get<std::size_t>(), want.count);
  const auto written = xdna::ops::read_raw<std::uint16_t>(out, 300, "output");
  for (std::size_t i = 0; i < 300; ++i) ASSERT_EQ(written[i], want.out[i].bits());
}

TEST(Runner, EmulatorReportCarriesEmulatedAndProjectedFigures) {
  RunRequest rq;
  rq.op = "collapse-fused";
  rq.backend = Backend::emu;
  rq.size = 5000;
  const auto r = xdna::ops::run_operator(rq);
  RunRequest cpu = rq;
  cpu.backend = Backend::cpu;
  EXPECT_EQ(r["checksum"], xdna::ops::run_operator(cpu)["checksum"]);
  EXPECT_EQ(r["emulated"]["runs"], 1);
  EXPECT_GT(r["emulated"]["kernel_calls"].get<int>(), 0);
  ASSERT_TRUE(r.contains("projected_npu_us"));
  EXPECT_GT(r["projected_npu_us"].get<double>(), 0.0);
}

TEST(Runner, EdgeDetectPngInAndOut) {
  const auto img = xdna::ops::synthetic_image(64, 48, 2);
  const std::string in = temp_path("in.png"), out = temp_path("out.png");
  xdna::ops::write_png_rgba(in, img);
  RunRequest rq;
  rq.op = "edge-detect";
  rq.inputs = {in};
  rq.output = out;
  const auto r = xdna::ops::run_operator(rq);
  const auto want = xdna::ops::edge_detect(img, Backend::cpu);
  EXPECT_EQ(xdna::ops::read_png_rgba(out).pixels, want.pixels);
  EXPECT_EQ(r["checksum"], xdna::ops::checksum_hex(
                               xdna::ops::fnv1a64_of(std::span<const std::uint8_t>(want.pixels))));
}

std::string error_of(const RunRequest& rq) {
  try {
    xdna::ops::run_operator(rq);
  } catch (const xdna::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Runner, RefusesWithClearMessages) {
  RunRequest rq;
  rq.op = "colapse";
  EXPECT_NE(error_of(rq).find("unknown operator 'colapse'"), std::string::npos);

  rq.op = "collapse-fused";
  rq.tau = 0.5;
  EXPECT_NE(error_of(rq).find("--tau does not apply to collapse-fused"), std::string::npos);

  RunRequest mm;
  mm.op = "matmul";
  mm.inputs = {temp_path("a_only.bin")};
  EXPECT_NE(error_of(mm).find("takes 2 --input"), std::string::npos);

  const std::string odd = temp_path("odd.bin");
  std::ofstream(odd, std::ios::binary) << "abc";
  RunRequest v;
  v.op = "reduce-max";
  v.inputs = {odd};
  EXPECT_NE(error_of(v).find("3 bytes, not a whole number of 2-byte elements"), std::string::npos);

  const std::string small = temp_path("small.bin");
  xdna::ops::write_raw(small, std::span<const std::int16_t>(std::vector<std::int16_t>(10)));
  mm.inputs = {small, small};
  mm.m = mm.k = mm.n = 4;
  EXPECT_NE(error_of(mm).find("holds 10 elements (20 bytes) but 16 are needed"), std::string::npos);

  RunRequest dt;
  dt.op = "matmul";
  dt.dtype = "fp8";
  EXPECT_NE(error_of(dt).find("--dtype 'fp8'"), std::string::npos);
}

// A directory given as an input file is named as such (it would otherwise read as a file of
// 2^63 - 1 bytes, or as libpng's bare "Read Error"); so is an empty PNG.
TEST(Runner, DirectoryOrEmptyInputIsNamed) {
  const std::string dir = ::testing::TempDir();
  RunRequest v;
  v.op = "reduce-max";
  v.inputs = {dir};
  EXPECT_NE(error_of(v).find("is not a regular file"), std::string::npos) << error_of(v);
  RunRequest png;
  png.op = "edge-detect";
  png.inputs = {dir};
  EXPECT_NE(error_of(png).find("is not a regular file"), std::string::npos) << error_of(png);
  const std::string empty = temp_path("empty.png");
  std::ofstream(empty, std::ios::binary).close();
  png.inputs = {empty};
  EXPECT_NE(error_of(png).find("is empty"), std::string::npos) << error_of(png);
}

// Sizes from the command line are checked before anything is allocated: an InputError naming
// the request, not std::bad_alloc (or an AddressSanitizer abort) and not a wrapped product.
TEST(Runner, RefusesSizesThatDoNotFitInMemory) {
  RunRequest v;
  v.op = "collapse";
  v.size = 99'999'999'999;
  EXPECT_NE(error_of(v).find("collapse --size 99999999999 needs"), std::string::npos)
      << error_of(v);

  RunRequest mm;
  mm.op = "matmul";
  mm.m = mm.k = std::size_t{1} << 32;  // m * k * 2 bytes overflows 64 bits
  EXPECT_NE(error_of(mm).find("the size overflows 64 bits"), std::string::npos) << error_of(mm);
  mm.m = 99'999'999'999;
  mm.k = 512;
  EXPECT_NE(error_of(mm).find("GiB of host memory"), std::string::npos) << error_of(mm);

  RunRequest img;
  img.op = "edge-detect";
  img.width = img.height = 99'999'999;
  EXPECT_NE(error_of(img).find("larger than the 2^28 pixels"), std::string::npos) << error_of(img);
}

}  // namespace
