// See edge_detect_stripes.hpp.
#include "edge_detect_stripes.hpp"

#include <algorithm>
#include <string>

#include "xdna/common/error.hpp"

namespace xdna::ops::emu {

namespace {

std::int64_t round_up(std::int64_t v, std::int64_t to) {
  return (v + to - 1) / to * to;
}

// Input element of an S-pixel stripe: margin, S pixels, right halo, in whole gray vectors.
std::int64_t element_pixels(std::int64_t stripe) {
  return round_up(kStripeMargin + stripe + 1, kGrayVector);
}

int partition_cores(const arch::Device& dev) {
  return dev.columns * dev.core_rows;
}

// Groups for `n` stripes of one column: one per shim channel, as far as the mem tile has a
// channel for each group besides one per stripe in each direction.
int column_groups(const arch::Device& dev, int n) {
  const int shim = std::min(dev.shim.dma_mm2s_channels, dev.shim.dma_s2mm_channels);
  const int mem = std::min(dev.mem.dma_s2mm_channels, dev.mem.dma_mm2s_channels) - n;
  return std::max(1, std::min({shim, n, mem}));
}

}  // namespace

std::size_t StripeLayout::stripe_count() const {
  std::size_t n = 0;
  for (const auto& b : bands) n += b.stripes.size();
  return n;
}

std::size_t StripeLayout::cores_used() const {
  std::size_t n = 0;
  for (const auto& b : bands) n = std::max(n, b.stripes.size());
  return n;
}

std::int64_t StripeLayout::in_line_pixels(const StripeBand& b) const {
  return (static_cast<std::int64_t>(b.stripes.size()) - 1) * stripe + element;
}

std::int64_t StripeLayout::out_line_pixels(const StripeBand& b) const {
  return static_cast<std::int64_t>(b.stripes.size()) * stripe;
}

std::int64_t max_stripe_pixels(const arch::Device& dev) {
  const std::int64_t words = dev.shim.bd.wrap_max();  // one RGBA pixel per 32-bit word
  return words / kGrayVector * kGrayVector - kStripeMargin - 1;
}

StripeLayout plan_stripes(const arch::Device& dev, std::int64_t width,
                          const StripeOptions& options) {
  const std::int64_t max_stripe = max_stripe_pixels(dev);
  const int cores = partition_cores(dev);
  if (width < 3) {
    throw InputError("edge-detect stripes: image width " + std::to_string(width) +
                     " is below the 3 pixels the 3x3 filter needs");
  }
  if (options.stripe_pixels != 0 &&
      (options.stripe_pixels < 2 || options.stripe_pixels > max_stripe)) {
    throw InputError("edge-detect stripes: stripe width " + std::to_string(options.stripe_pixels) +
                     " pixels is outside 2.." + std::to_string(max_stripe) +
                     " (a stripe's input element must fit one " + dev.name +
                     " shim BD dimension of " + std::to_string(dev.shim.bd.wrap_max()) + " words)");
  }
  if (options.max_cores < 0 || options.max_cores > cores) {
    throw InputError("edge-detect stripes: " + std::to_string(options.max_cores) +
                     " cores asked but the " + dev.name + " partition has " +
                     std::to_string(cores) + " (" + std::to_string(dev.columns) + " columns x " +
                     std::to_string(dev.core_rows) + " core rows)");
  }
  const int band_cores = options.max_cores ? options.max_cores : cores;

  StripeLayout layout;
  layout.image_width = width;
  if (options.stripe_pixels) {
    layout.stripe = options.stripe_pixels;
  } else {
    // Every core busy, whole vectors per stripe, and no stripe wider than a BD can move.
    const std::int64_t even = (width + band_cores - 1) / band_cores;
    layout.stripe = std::min(round_up(even, kGrayVector), max_stripe / kGrayVector * kGrayVector);
  }
  layout.element = element_pixels(layout.stripe);
  const std::int64_t line_bytes = 4 * layout.stripe;
  if (line_bytes % 32 == 0)
    layout.out_lines = std::max<std::int64_t>(1, kOutElementBudget / line_bytes);

  const std::int64_t count = (width + layout.stripe - 1) / layout.stripe;
  for (std::int64_t first_stripe = 0; first_stripe < count; first_stripe += band_cores) {
    const std::int64_t n = std::min<std::int64_t>(band_cores, count - first_stripe);
    StripeBand band;
    band.first_pixel = first_stripe * layout.stripe;
    // n stripes over min(n, columns) columns, the first columns taking one more if uneven.
    const int columns = static_cast<int>(std::min<std::int64_t>(dev.columns, n));
    for (int c = 0; c < columns; ++c) {
      const int in_column = static_cast<int>(n / columns + (c < n % columns ? 1 : 0));
      const int groups = column_groups(dev, in_column);
      const int column_start = static_cast<int>(band.stripes.size());
      for (int ch = 0; ch < groups; ++ch) {
        StripeGroup group;
        group.column = c;
        group.channel = ch;
        group.first = static_cast<int>(band.stripes.size());
        group.count = in_column / groups + (ch < in_column % groups ? 1 : 0);
        for (int i = 0; i < group.count; ++i) {
          Stripe s;
          s.first = first_stripe * layout.stripe +
                    static_cast<std::int64_t>(band.stripes.size()) * layout.stripe;
          s.width = std::min(layout.stripe, width - s.first);
          s.halo_left = s.first > 0 ? 1 : 0;
          s.halo_right = s.first + s.width < width ? 1 : 0;
          // The filter kernel needs 3 pixels: a 1-pixel last stripe reads 2 to its left (there
          // are at least S >= 2 of them); the extra output is discarded like every halo's.
          if (s.filter_width() < 3) s.halo_left = static_cast<int>(3 - s.width - s.halo_right);
          s.core = arch::TileId{
              c, dev.core_row_first + static_cast<int>(band.stripes.size()) - column_start};
          band.stripes.push_back(s);
        }
        band.groups.push_back(group);
      }
    }
    layout.bands.push_back(std::move(band));
  }
  return layout;
}

}  // namespace xdna::ops::emu
