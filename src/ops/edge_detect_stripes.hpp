// Vertical stripes of edge-detect on the emulator (internal to ops/): how an image line is cut
// into stripes that fit a core tile and a shim BD, which core of the partition runs which
// stripe, and how stripes group into bands (one design run per band). Pure arithmetic on the
// device model; edge_detect_design.cpp builds the dataflow design from it.
//
// A stripe owns output pixels [first, first + width). Its input element starts kStripeMargin pixels
// before `first` (so `first` sits 32-byte aligned for the vector kernels) and carries the
// 1-pixel halo the 3x3 filter needs on each interior side. At the true image edges there is no
// halo and the filter kernel's own replicate border applies, exactly as on the whole line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "xdna/arch/device.hpp"

namespace xdna::ops::emu {

// Pixels of every input element ahead of the stripe's first output pixel: 8 RGBA pixels are
// 32 bytes, the alignment a 256-bit vector access needs (checked by the host AIE API,
// include/aie_api/detail/access_check.hpp), and they hold the left halo.
inline constexpr std::int64_t kStripeMargin = 8;
// Gray lines are converted in whole 32-pixel vectors, so elements are whole vectors too.
inline constexpr std::int64_t kGrayVector = 32;

// Overrides for tests and experiments; 0 = chosen from the image width and the device.
struct StripeOptions {
  std::int64_t stripe_pixels = 0;  // output pixels per stripe (the last one may be narrower)
  int max_cores = 0;               // cores per band (at most the partition's core count)
};

struct Stripe {
  std::int64_t first = 0;  // image column of the first output pixel
  std::int64_t width = 0;  // output pixels
  int halo_left = 0;       // pixels left of `first` the filter reads (0 at the left image edge)
  int halo_right = 0;      // pixels right of the stripe the filter reads (0 at the right edge)
  arch::TileId core;       // the core tile that runs it
  // Pixels the filter kernel sees: at least 3 (a 1-pixel last stripe borrows a 2-pixel halo).
  std::int64_t filter_width() const { return width + halo_left + halo_right; }
};

// Consecutive stripes of one array column that share a shim DMA channel each way (and a
// mem-tile split and join): one shim BD per line range reads all their elements.
struct StripeGroup {
  int column = 0;
  int channel = 0;  // rank in its column: the planner numbers shim channels in fifo order
  int first = 0;    // index of its first stripe in StripeBand::stripes
  int count = 0;
};

// Stripes run together in one design: consecutive stripes, one per core, spread over the
// array columns (each column's stripes consecutive), each column's split over its shim channels.
struct StripeBand {
  std::int64_t first_pixel = 0;  // image column of the band's first output pixel
  std::vector<Stripe> stripes;
  std::vector<StripeGroup> groups;
};

struct StripeLayout {
  std::int64_t image_width = 0;
  std::int64_t stripe = 0;   // S: output pixels of every stripe but possibly the last
  std::int64_t element = 0;  // E: pixels of one input element (a multiple of kGrayVector)
  // Output lines per output element. Each element written to host memory waits for the write to
  // complete, so a core packs several lines of its stripe into one (when S * 4 B keeps the
  // lines 32-byte aligned); the host's output buffer is height rounded up to whole elements.
  std::int64_t out_lines = 1;
  std::vector<StripeBand> bands;

  std::size_t stripe_count() const;
  std::size_t cores_used() const;  // the widest band's stripe count
  // Host line of a band's input buffer: stripe i's element starts at pixel i * S.
  std::int64_t in_line_pixels(const StripeBand& b) const;
  // Host line of a band's output buffer: stripe i's S output pixels start at pixel i * S.
  std::int64_t out_line_pixels(const StripeBand& b) const;
};

// Bytes a core spends on one output element (double-buffered, so twice that).
inline constexpr std::int64_t kOutElementBudget = 8192;

// Widest stripe whose element one shim BD dimension can move (its wrap field counts 32-bit
// words, one RGBA pixel each).
std::int64_t max_stripe_pixels(const arch::Device& dev);

// The layout for a `width`-pixel image (width >= 3). By default the stripe is the width over
// every core of the partition, rounded up to whole 32-pixel vectors and capped by
// max_stripe_pixels(); wider images take several bands. Throws InputError for options outside
// [2, max_stripe_pixels()] pixels or [1, cores of the partition].
StripeLayout plan_stripes(const arch::Device& dev, std::int64_t width,
                          const StripeOptions& options = {});

}  // namespace xdna::ops::emu
