// edge-detect on the emulator in vertical stripes over several cores: the stripe layout's
// invariants, the band designs against validate(), and the emulated operator bit for bit
// against the CPU path and the OpenCV-built reference pipeline — on wide lines (3 and more
// stripes, widths not a multiple of 32, several bands), narrow ones, and images whose strong
// edges sit exactly on stripe boundaries, where a wrong halo would show.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <vector>

#include "../../src/ops/edge_detect_design.hpp"
#include "../../src/ops/edge_detect_emu.hpp"
#include "../../src/ops/edge_detect_stripes.hpp"
#include "image_data.hpp"
#include "opencv_edge_reference.hpp"
#include "scalar_edge_reference.hpp"
#include "xdna/arch/device.hpp"
#include "xdna/common/error.hpp"
#include "xdna/design/validate.hpp"
#include "xdna/ops/backend.hpp"
#include "xdna/ops/vision.hpp"

namespace {

using xdna::ops::Backend;
using xdna::ops::EdgeDetectParams;
using xdna::ops::ImageRgba;
using xdna::ops::emu::plan_stripes;
using xdna::ops::emu::StripeLayout;
using xdna::ops::emu::StripeOptions;

std::size_t differing_bytes(const std::vector<std::uint8_t>& a,
                            const std::vector<std::uint8_t>& b) {
  if (a.size() != b.size()) return std::max(a.size(), b.size());
  std::size_t n = 0;
  for (std::size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
  return n;
}

std::size_t white_pixels(const ImageRgba& out) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < out.width * out.height; ++i) {
    const std::uint8_t* p = out.pixels.data() + 4 * i;
    n += (p[0] & p[1] & p[2]) == 255;
  }
  return n;
}

// The emulated operator with `options` against the CPU path and OpenCV's pipeline.
void expect_striped_matches(const ImageRgba& img, const StripeOptions& options = {},
                            const EdgeDetectParams& p = {}) {
  ImageRgba emu;
  xdna::ops::emu::edge_detect(img, emu, p, options);
  ASSERT_EQ(emu.width, img.width);
  ASSERT_EQ(emu.height, img.height);
  const ImageRgba cpu = xdna::ops::edge_detect(img, Backend::cpu, p);
  EXPECT_EQ(differing_bytes(emu.pixels, cpu.pixels), 0u)
      << img.width << "x" << img.height << " stripe " << options.stripe_pixels << " cores "
      << options.max_cores;
  const cv::Mat ref = ref::opencv_edge_detect(ref::as_mat(img), p);
  const std::vector<std::uint8_t> ref_bytes(ref.data, ref.data + ref.total() * ref.elemSize());
  EXPECT_EQ(differing_bytes(emu.pixels, ref_bytes), 0u) << img.width << "x" << img.height;
}

// Flat grey with single bright pixels right at every stripe boundary b (multiples of
// `stripe`): on lines 0 mod 4 at b - 1 (the left stripe's last pixel), on lines 2 mod 4 at b
// (the right stripe's first), flat lines between. The pixel across the boundary from a bright
// one turns white only if its stripe reads the neighbour stripe's pixel through the halo; a
// replicated border pixel would leave it grey.
ImageRgba boundary_edges(std::size_t w, std::size_t h, std::size_t stripe) {
  ImageRgba img = testimages::pattern(w, h, testimages::Pattern::random, 11);
  for (std::size_t y = 0; y < h; ++y) {
    for (std::size_t x = 0; x < w; ++x) {
      std::uint8_t* p = img.pixels.data() + 4 * (y * w + x);
      const std::size_t in_stripe = x % stripe;
      const bool bright = (y % 4 == 0 && in_stripe == stripe - 1 && x + 1 < w) ||
                          (y % 4 == 2 && in_stripe == 0 && x > 0);
      p[0] = p[1] = p[2] = bright ? 255 : 100;  // alpha stays random
    }
  }
  return img;
}

// --- layout ----------------------------------------------------------------------------------

void expect_layout_invariants(const StripeLayout& l, std::int64_t width) {
  const auto dev = xdna::arch::npu1();
  std::int64_t next = 0;
  for (const auto& band : l.bands) {
    ASSERT_FALSE(band.stripes.empty());
    EXPECT_EQ(band.first_pixel, band.stripes.front().first);
    std::set<xdna::arch::TileId> cores;
    for (const auto& s : band.stripes) {
      EXPECT_EQ(s.first, next) << "stripes are consecutive";
      EXPECT_GE(s.width, 1);
      EXPECT_LE(s.width, l.stripe);
      EXPECT_EQ(s.halo_left == 0, s.first == 0) << "no left halo only at the left image edge";
      EXPECT_EQ(s.halo_right == 0, s.first + s.width == width) << "likewise on the right";
      EXPECT_LE(s.halo_left, xdna::ops::emu::kStripeMargin);
      EXPECT_GE(s.filter_width(), 3);
      EXPECT_EQ(dev.kind(s.core), xdna::arch::TileKind::core);
      EXPECT_TRUE(cores.insert(s.core).second) << "one stripe per core in a band";
      next += s.width;
    }
    int grouped = 0;
    for (const auto& g : band.groups) {
      EXPECT_EQ(g.first, grouped);
      for (int i = 0; i < g.count; ++i) {
        EXPECT_EQ(band.stripes[static_cast<std::size_t>(g.first + i)].core.col, g.column);
      }
      grouped += g.count;
    }
    EXPECT_EQ(grouped, static_cast<int>(band.stripes.size()));
  }
  EXPECT_EQ(next, width) << "the stripes cover the line exactly";
  // The input element (margin, stripe, halo) in whole vectors, within one shim BD dimension.
  EXPECT_EQ(l.element % 32, 0);
  EXPECT_GE(l.element, xdna::ops::emu::kStripeMargin + l.stripe + 1);
  EXPECT_LE(l.element, static_cast<std::int64_t>(dev.shim.bd.wrap_max()));
}

TEST(EdgeStripes, LayoutCoversEveryWidth) {
  const auto dev = xdna::arch::npu1();
  for (std::int64_t w : {3, 4, 31, 32, 33, 100, 640, 1920, 4100, 7680, 15360, 15361, 40000}) {
    SCOPED_TRACE(w);
    expect_layout_invariants(plan_stripes(dev, w), w);
  }
  for (std::int64_t s : {2, 7, 40, 983}) {
    for (int cores : {1, 3, 16}) {
      SCOPED_TRACE(std::to_string(s) + " px, " + std::to_string(cores) + " cores");
      expect_layout_invariants(plan_stripes(dev, 2001, {s, cores}), 2001);
    }
  }
}

TEST(EdgeStripes, WideLinesUseEveryCore) {
  const auto dev = xdna::arch::npu1();
  const StripeLayout k8 = plan_stripes(dev, 7680);
  EXPECT_EQ(k8.bands.size(), 1u);
  EXPECT_EQ(k8.cores_used(), 16u);
  EXPECT_EQ(k8.stripe, 480);
  const StripeLayout hd = plan_stripes(dev, 1920);
  EXPECT_EQ(hd.stripe, 128);
  EXPECT_EQ(hd.stripe_count(), 15u);
  // Past 16 stripes of the widest stripe a shim BD moves, the image takes more bands.
  const StripeLayout huge = plan_stripes(dev, 40000);
  EXPECT_EQ(huge.stripe, 960);
  EXPECT_EQ(huge.bands.size(), 3u);
  EXPECT_EQ(plan_stripes(dev, 20, {}).stripe_count(), 1u);
}

TEST(EdgeStripes, ShortLastStripeBorrowsAWiderHalo) {
  const StripeLayout l = plan_stripes(xdna::arch::npu1(), 81, {40, 0});
  ASSERT_EQ(l.stripe_count(), 3u);
  const auto& last = l.bands[0].stripes.back();
  EXPECT_EQ(last.width, 1);
  EXPECT_EQ(last.halo_left, 2);
  EXPECT_EQ(last.halo_right, 0);
}

TEST(EdgeStripes, RefusesImpossibleOptions) {
  const auto dev = xdna::arch::npu1();
  EXPECT_THROW(plan_stripes(dev, 100, {1, 0}), xdna::InputError);
  EXPECT_THROW(plan_stripes(dev, 100, {984, 0}), xdna::InputError);
  EXPECT_THROW(plan_stripes(dev, 100, {0, 17}), xdna::InputError);
  EXPECT_THROW(plan_stripes(dev, 100, {0, -1}), xdna::InputError);
  EXPECT_THROW(plan_stripes(dev, 2, {}), xdna::InputError);
}

TEST(EdgeStripes, BandDesignsValidate) {
  // Widest stripes, an 8K line, several bands, and tall images whose transfers need BD waits.
  const auto dev = xdna::arch::npu1();
  struct Case {
    std::int64_t width, height;
    StripeOptions options;
  };
  const Case cases[] = {{7680, 4320, {}},     {40000, 5, {}},    {983, 3, {983, 1}},
                        {3, 30000, {}},       {1920, 20000, {}}, {4100, 7, {37, 5}},
                        {500, 2049, {65, 0}}, {15361, 100, {}}};
  for (const Case& c : cases) {
    const StripeLayout l = plan_stripes(dev, c.width, c.options);
    for (const auto& band : l.bands) {
      const auto d = xdna::ops::emu::edge_detect_band_design(dev, l, band, c.height, {});
      std::string problems;
      for (const auto& diag : xdna::design::validate(d)) problems += diag.to_string() + "\n";
      EXPECT_EQ(problems, "") << c.width << "x" << c.height << " band at " << band.first_pixel;
    }
  }
  // The validator does look at these designs: an element one shim BD dimension cannot move
  // (1056 words > 1023) is reported.
  StripeLayout too_wide = plan_stripes(dev, 2000, {983, 0});
  too_wide.element = 1056;
  const auto d = xdna::ops::emu::edge_detect_band_design(dev, too_wide, too_wide.bands[0], 3, {});
  bool wrap_reported = false;
  for (const auto& diag : xdna::design::validate(d)) {
    wrap_reported |= diag.rule == xdna::design::Rule::access_pattern;
  }
  EXPECT_TRUE(wrap_reported);
}

// --- emulated operator vs CPU and OpenCV -----------------------------------------------------

TEST(EdgeDetectStripes, WideImageNotAMultipleOf32) {
  // Default layout: 4100 pixels -> 15 stripes of 288 (the last 68), one per core.
  const ImageRgba img = testimages::natural(4100, 7, 21);
  expect_striped_matches(img);
  const auto& run = xdna::ops::last_emulator_run();
  EXPECT_EQ(run.cores, 15u);
  EXPECT_EQ(run.runs, 1u);
  EXPECT_EQ(run.kernel_calls, 5u * 7u * 15u);  // five stages per line per stripe
  EXPECT_GT(white_pixels(xdna::ops::edge_detect(img, Backend::emu)), 0u);
}

TEST(EdgeDetectStripes, EightKLineOnSixteenCores) {
  expect_striped_matches(testimages::natural(7680, 4, 22));
  EXPECT_EQ(xdna::ops::last_emulator_run().cores, 16u);
}

TEST(EdgeDetectStripes, SeveralBands) {
  // 3 cores per band over 10 stripes of 37 pixels: 4 design runs, the last with one stripe of
  // one pixel.
  const ImageRgba img = testimages::natural(334, 6, 23);
  expect_striped_matches(img, {37, 3});
  const auto& run = xdna::ops::last_emulator_run();
  EXPECT_EQ(run.runs, 4u);
  EXPECT_EQ(run.cores, 3u);
  EXPECT_EQ(run.kernel_calls, 5u * 6u * 10u);
  EXPECT_TRUE(run.projected);
  EXPECT_GT(run.projected_us, 0.0);
}

TEST(EdgeDetectStripes, StrongEdgesOnStripeBoundaries) {
  for (std::int64_t s : {32, 40, 64}) {
    const ImageRgba img =
        boundary_edges(7 * static_cast<std::size_t>(s) + 5, 9, static_cast<std::size_t>(s));
    expect_striped_matches(img, {s, 0});
    expect_striped_matches(img, {s, 2});  // band boundaries are stripe boundaries too
  }
  // The default layout's boundaries (S = 288 at this width).
  const std::size_t w = 4100;
  const std::int64_t s = plan_stripes(xdna::arch::npu1(), static_cast<std::int64_t>(w)).stripe;
  const ImageRgba img = boundary_edges(w, 5, static_cast<std::size_t>(s));
  // Each bright pixel (3 of the 5 lines, every boundary) whitens at least its left and right
  // neighbour, so the test is not vacuous.
  const std::size_t boundaries = (w - 1) / static_cast<std::size_t>(s);
  EXPECT_GE(white_pixels(xdna::ops::edge_detect(img, Backend::cpu)), 2 * 3 * boundaries);
  expect_striped_matches(img);
}

TEST(EdgeDetectStripes, LastStripeOfOneAndTwoPixels) {
  expect_striped_matches(boundary_edges(81, 4, 40), {40, 0});
  expect_striped_matches(boundary_edges(82, 4, 40), {40, 0});
  expect_striped_matches(testimages::natural(129, 3, 24), {32, 0});
}

TEST(EdgeDetectStripes, NarrowImages) {
  for (std::size_t w : {3, 4, 5, 7, 8, 9, 15, 16, 17, 31}) {
    for (std::size_t h : {3, 4}) {
      expect_striped_matches(testimages::pattern(w, h, testimages::Pattern::random,
                                                 static_cast<std::uint32_t>(w * 10 + h)));
    }
  }
  // Narrow stripes too: 2-pixel stripes of a 9-pixel line.
  expect_striped_matches(testimages::pattern(9, 4, testimages::Pattern::checker), {2, 0});
}

TEST(EdgeDetectStripes, HeightsOneAndTwoAreRefused) {
  // The operator's 3x3 minimum (edge_detect.cpp) holds on the emulator too.
  for (std::size_t h : {1, 2}) {
    const ImageRgba img = testimages::pattern(100, h, testimages::Pattern::ramp);
    EXPECT_THROW(xdna::ops::edge_detect(img, Backend::emu), xdna::InputError) << h;
  }
}

TEST(EdgeDetectStripes, TallImageCrossesTransferChunks) {
  // 2100 lines: input fills of at most 1023 lines, so lines at the chunk seams need the next
  // chunk's first line.
  expect_striped_matches(testimages::natural(70, 2100, 25), {32, 0});
}

TEST(EdgeDetectStripes, ImageTallEnoughForShimBdWaits) {
  // 15000 lines of one stripe: 15 input fills and 4 output drains per shim channel, more than
  // its 16 BDs, so the runtime sequence waits in between.
  expect_striped_matches(testimages::pattern(3, 15000, testimages::Pattern::random, 26));
}

TEST(EdgeDetectStripes, OtherParameters) {
  EdgeDetectParams p;
  p.kernel_q12 = {-256, -512, -256, 0, 0, 0, 256, 512, 256};
  p.threshold = 40;
  p.max_value = 200;
  p.alpha_q14 = 8192;
  p.beta_q14 = 12000;
  p.gamma = 9;
  ImageRgba emu, cpu;
  const ImageRgba img = boundary_edges(150, 6, 48);
  xdna::ops::emu::edge_detect(img, emu, p, {48, 0});
  xdna::ops::edge_detect(img, cpu, Backend::cpu, p);
  EXPECT_EQ(differing_bytes(emu.pixels, cpu.pixels), 0u);
  // OpenCV reproduces only the default parameters; these go against the scalar reference.
  EXPECT_EQ(differing_bytes(emu.pixels, scalar_ref::edge_detect(img, p).pixels), 0u);
}

}  // namespace
