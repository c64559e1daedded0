// Each check: deterministic input, one kernel call (or a few, for the cross-tile forms) on a
// fresh emulated core, the scalar reference on the same bits, a bit-for-bit comparison, and the
// best-of-three host time of the kernel call.
#include "selfcheck/kernel_selfcheck.hpp"

#include <aie_api/aie.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <span>
#include <string>

#include "aie2/kernels.h"
#include "reference/aligned_vector.hpp"
#include "reference/collapse_ref.hpp"
#include "reference/elementwise_ref.hpp"
#include "reference/gemm_layout.hpp"
#include "reference/gemm_ref.hpp"

namespace xdna::kernels {

namespace {

using kref::aligned_vector;
using kref::bf16_bits;
using kref::to_blocked;

// splitmix64: the same data on every platform (std distributions are not portable).
class DemoRng {
 public:
  explicit DemoRng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  float uniform(float lo, float hi) {  // 24 random bits, exact in fp32
    return lo + (hi - lo) * static_cast<float>(next() >> 40) / 16777216.0f;
  }

 private:
  std::uint64_t state_;
};

std::vector<bf16_bits> bf16_data(DemoRng& rng, std::size_t n, float lo, float hi) {
  std::vector<bf16_bits> v(n);
  for (auto& b : v) b = kref::to_bf16(rng.uniform(lo, hi));
  return v;
}

std::vector<std::int16_t> i16_data(DemoRng& rng, std::size_t n) {
  std::vector<std::int16_t> v(n);
  for (auto& x : v) x = static_cast<std::int16_t>(rng.next() & 0xffff);
  return v;
}

aligned_vector<bfloat16> to_kernel(std::span<const bf16_bits> bits) {
  aligned_vector<bfloat16> v(bits.size());
  for (std::size_t i = 0; i < bits.size(); ++i) v[i] = bfloat16::from_bits(bits[i]);
  return v;
}

std::vector<bf16_bits> from_kernel(std::span<const bfloat16> v) {
  std::vector<bf16_bits> bits(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) bits[i] = v[i].bits();
  return bits;
}

template <typename T>
std::uint32_t fnv1a(std::span<const T> data) {
  std::uint32_t h = 2166136261u;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  for (std::size_t i = 0; i < data.size_bytes(); ++i) h = (h ^ bytes[i]) * 16777619u;
  return h;
}

template <typename T>
bool same_bits(std::span<const T> a, std::span<const T> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size_bytes()) == 0;
}

// Runs `call` three times on a fresh core with `mode`; returns the best time in microseconds.
double best_us(aie::rounding_mode mode, const std::function<void()>& call) {
  aie::host::core_state core;
  core.rounding = mode;
  aie::host::scoped_core scope(core);
  double best = std::numeric_limits<double>::infinity();
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    call();
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  return best;
}

std::string kept_summary(std::span<const bf16_bits> out, std::size_t n) {
  const auto kept = std::count_if(out.begin(), out.end(), [](bf16_bits b) { return b != 0; });
  return "nonzero " + std::to_string(kept) + "/" + std::to_string(n);
}

std::string value_summary(const char* what, bf16_bits b) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %.6g", what, static_cast<double>(kref::to_float(b)));
  return buf;
}

class Checks {
 public:
  explicit Checks(std::uint32_t seed) : rng_(seed) {}

  void add_bf16(std::string name, std::size_t n, std::span<const bf16_bits> got,
                std::span<const bf16_bits> want, std::string summary, double us) {
    rows_.push_back({std::move(name), std::to_string(n), std::move(summary), fnv1a<bf16_bits>(got),
                     same_bits(got, want), us});
  }
  template <typename T>
  void add(std::string name, std::string size, std::span<const T> got, std::span<const T> want,
           std::string summary, double us) {
    rows_.push_back({std::move(name), std::move(size), std::move(summary), fnv1a<T>(got),
                     same_bits(got, want), us});
  }

  void collapse_family();
  void compaction();
  void reductions();
  void elementwise();
  void gemm();
  std::vector<KernelCheck> take() { return std::move(rows_); }

 private:
  DemoRng rng_;
  std::vector<KernelCheck> rows_;
};

constexpr aie::rounding_mode kReset = aie::rounding_mode::floor;

void Checks::collapse_family() {
  {
    const auto x = bf16_data(rng_, 1024, -1.0f, 1.0f);
    auto in = to_kernel(x);
    aligned_vector<bfloat16> out(x.size());
    const double us = best_us(kReset, [&] { collapse_bf16(in.data(), out.data()); });
    const auto got = from_kernel(out);
    add_bf16("collapse_bf16 (tau 0.5)", x.size(), got, kref::collapse(x),
             kept_summary(got, x.size()), us);
  }
  const std::size_t n = 4096;
  const auto x = bf16_data(rng_, n, -1.0f, 1.0f);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(n);
  {
    const double us = best_us(kReset, [&] { collapse_rt_bf16(in.data(), out.data(), 64, n); });
    const auto got = from_kernel(out);
    add_bf16("collapse_rt_bf16 (tau 0.25)", n, got,
             kref::collapse_rt(x, 64, kref::Bf16Rounding::floor), kept_summary(got, n), us);
  }
  {
    const double us = best_us(kReset, [&] { collapse_fused_bf16(in.data(), out.data(), 128, n); });
    const auto got = from_kernel(out);
    add_bf16("collapse_fused_bf16 (frac 0.5)", n, got, kref::collapse_fused(x, 128),
             kept_summary(got, n), us);
  }
  {
    // Four tiles of 4096: running peak per slice, then pass 2 per slice (FACTS §3 cross-tile).
    const std::size_t slice = 4096, tiles = 4;
    const auto big = bf16_data(rng_, slice * tiles, -1.0f, 1.0f);
    auto big_in = to_kernel(big);
    aligned_vector<bfloat16> big_out(big.size()), peak(32);
    const double us = best_us(kReset, [&] {
      peak[0] = bfloat16(-1e30f);
      for (std::size_t t = 0; t < tiles; ++t)
        reduce_max_running_bf16(big_in.data() + t * slice, peak.data(), slice);
      for (std::size_t t = 0; t < tiles; ++t)
        collapse_peak_bf16(big_in.data() + t * slice, big_out.data() + t * slice, peak.data(), 128,
                           slice);
    });
    const auto got = from_kernel(big_out);
    add_bf16("reduce_max_running + collapse_peak (4 tiles, frac 0.5)", big.size(), got,
             kref::collapse_fused(big, 128), kept_summary(got, big.size()), us);
  }
}

void Checks::compaction() {
  const std::size_t n = 4096;
  const auto x = bf16_data(rng_, n, -1.0f, 1.0f);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(n);
  aligned_vector<std::uint32_t> idx(n);
  aligned_vector<std::int32_t> count(8);
  const auto indexed_ok = [&](const kref::Compacted& want) {
    return count[0] == want.count && std::equal(idx.begin(), idx.end(), want.indices.begin());
  };
  {
    const double us = best_us(kReset, [&] { compact_bf16(in.data(), out.data(), 128, n); });
    const auto want = kref::compact(x, 128);
    add_bf16("compact_bf16 (tau 0.5)", n, from_kernel(out), want.out,
             "kept " + std::to_string(want.count) + "/" + std::to_string(n), us);
  }
  {
    const double us = best_us(kReset, [&] {
      compact_indexed_bf16(in.data(), out.data(), idx.data(), count.data(), 128, n);
    });
    const auto want = kref::compact(x, 128);
    add_bf16("compact_indexed_bf16 (tau 0.5)", n, from_kernel(out), want.out,
             "kept " + std::to_string(count[0]) + "/" + std::to_string(n), us);
    rows_.back().match = rows_.back().match && indexed_ok(want);
  }
  {
    const double us = best_us(kReset, [&] { pse_collapse_bf16(in.data(), out.data(), 192, n); });
    const auto want = kref::pse_collapse(x, 192);
    add_bf16("pse_collapse_bf16 (frac 0.75)", n, from_kernel(out), want.out,
             "kept " + std::to_string(want.count) + "/" + std::to_string(n), us);
  }
  {
    const double us = best_us(kReset, [&] {
      pse_collapse_indexed_bf16(in.data(), out.data(), idx.data(), count.data(), 192, n);
    });
    const auto want = kref::pse_collapse(x, 192);
    add_bf16("pse_collapse_indexed_bf16 (frac 0.75)", n, from_kernel(out), want.out,
             "kept " + std::to_string(count[0]) + "/" + std::to_string(n), us);
    rows_.back().match = rows_.back().match && indexed_ok(want);
  }
}

void Checks::reductions() {
  const std::size_t n = 4096;
  const auto x = bf16_data(rng_, n, -100.0f, 100.0f);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(32);
  {
    const double us = best_us(kReset, [&] { reduce_max_bf16(in.data(), out.data(), n); });
    const bf16_bits got = out[0].bits(), want = kref::max_of(x, kref::kLowestBf16);
    add<bf16_bits>("reduce_max_bf16", std::to_string(n), std::span(&got, 1), std::span(&want, 1),
                   value_summary("max", got), us);
  }
  {
    const std::size_t slice = 1024, tiles = 4;
    aligned_vector<bfloat16> partials(32);
    const double us = best_us(kReset, [&] {
      for (std::size_t t = 0; t < tiles; ++t)
        reduce_max_bf16(in.data() + t * slice, partials.data() + t, slice);
      max_combine_bf16(partials.data(), out.data(), tiles);
    });
    const bf16_bits got = out[0].bits(), want = kref::max_of(x, kref::kLowestBf16);
    add<bf16_bits>("reduce_max_bf16 x4 + max_combine_bf16", std::to_string(n), std::span(&got, 1),
                   std::span(&want, 1), value_summary("max", got), us);
  }
  {
    const auto r = bf16_data(rng_, 1024, -1.0f, 1.0f);
    auto rin = to_kernel(r);
    aligned_vector<bfloat16> rout(r.size());
    const double us = best_us(kReset, [&] { reverse_bf16(rin.data(), rout.data()); });
    const auto got = from_kernel(rout);
    add_bf16("reverse_bf16 (shuffle_demo)", r.size(), got, kref::reverse32(r), "lanes reversed",
             us);
  }
}

void Checks::elementwise() {
  const std::size_t n = 4096;
  const auto x = bf16_data(rng_, n, -1.0f, 1.0f);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(n);
  const double us = best_us(kReset, [&] { relu_bf16(in.data(), out.data(), n); });
  const auto got = from_kernel(out);
  add_bf16("relu_bf16", n, got, kref::relu(x), kept_summary(got, n), us);

  const std::size_t width = 640;  // one VGA line (FACTS §6 pipeline: binary, 10, 255)
  aligned_vector<std::uint8_t> line(width), line_out(width);
  for (auto& v : line) v = static_cast<std::uint8_t>(rng_.next() & 0x1f);  // many near 10
  static const char* kTypes[] = {"binary", "binary_inv", "trunc", "tozero", "tozero_inv"};
  for (int type = 0; type < 5; ++type) {
    const double t_us =
        best_us(kReset, [&] { threshold_u8(line.data(), line_out.data(), width, 10, 255, type); });
    const auto want = kref::threshold_u8(line, 10, 255, type);
    const std::vector<std::uint8_t> got_line(line_out.begin(), line_out.end());
    const auto above =
        std::count_if(line.begin(), line.end(), [](std::uint8_t v) { return v > 10; });
    add<std::uint8_t>(std::string("threshold_u8 ") + kTypes[type] + " (10, 255)",
                      std::to_string(width), got_line, *want,
                      "above " + std::to_string(above) + "/" + std::to_string(width), t_us);
  }
}

void Checks::gemm() {
  for (const unsigned d : {64u, 32u}) {
    const std::string size = std::to_string(d) + "x" + std::to_string(d) + "x" + std::to_string(d);
    const kref::GemmShape shape{d, d, d};
    {
      const auto a = i16_data(rng_, d * d), b = i16_data(rng_, d * d);
      auto ka = to_blocked<std::int16_t>(a, d, d, 4, 4);
      auto kb = to_blocked<std::int16_t>(b, d, d, 4, 4);
      aligned_vector<std::int16_t> ak(ka.begin(), ka.end()), bk(kb.begin(), kb.end());
      aligned_vector<std::int32_t> c(d * d);
      const auto kernel = d == 64 ? matmul_i16_i32 : matmul_i16_i32_32x32x32;
      const auto zero = d == 64 ? zero_i32 : zero_i32_32x32;
      const double us = best_us(kReset, [&] {
        zero(c.data());
        kernel(ak.data(), bk.data(), c.data());
      });
      std::vector<std::int32_t> want(d * d, 0);
      kref::matmul_i16_i32(a, b, want, shape);
      const auto got = kref::from_blocked<std::int32_t>(
          std::vector<std::int32_t>(c.begin(), c.end()), d, d, 4, 4);
      add<std::int32_t>(d == 64 ? "matmul_i16_i32" : "matmul_i16_i32_32x32x32", size, got, want,
                        "full-range int16, wraps", us);
    }
    const auto a = bf16_data(rng_, d * d, -1.0f, 1.0f), b = bf16_data(rng_, d * d, -1.0f, 1.0f);
    auto ak = to_kernel(to_blocked<bf16_bits>(a, d, d, 4, 8));
    auto bk = to_kernel(to_blocked<bf16_bits>(b, d, d, 8, 4));
    {
      aligned_vector<float> c(d * d);
      const auto kernel = d == 64 ? matmul_bf16_f32 : matmul_bf16_f32_32x32x32;
      const auto zero = d == 64 ? zero_f32 : zero_f32_32x32;
      const double us = best_us(kReset, [&] {
        zero(c.data());
        kernel(ak.data(), bk.data(), c.data());
      });
      std::vector<float> want(d * d, 0.0f);
      kref::matmul_bf16_f32(a, b, want, shape);
      const auto got =
          kref::from_blocked<float>(std::vector<float>(c.begin(), c.end()), d, d, 4, 4);
      add<float>(d == 64 ? "matmul_bf16_f32" : "matmul_bf16_f32_32x32x32", size, got, want,
                 "fp32 accumulate", us);
    }
    for (const auto mode : {aie::rounding_mode::floor, aie::rounding_mode::conv_even}) {
      aligned_vector<bfloat16> c(d * d);
      const auto kernel = d == 64 ? matmul_bf16_bf16 : matmul_bf16_bf16_32x32x32;
      const auto zero = d == 64 ? zero_bf16 : zero_bf16_32x32;
      const double us = best_us(mode, [&] {
        zero(c.data());
        kernel(ak.data(), bk.data(), c.data());
      });
      const bool floor = mode == aie::rounding_mode::floor;
      std::vector<bf16_bits> want(d * d, 0);
      kref::matmul_bf16_bf16(a, b, want, shape,
                             floor ? kref::Bf16Rounding::floor : kref::Bf16Rounding::nearest_even);
      const auto got = kref::from_blocked<bf16_bits>(from_kernel(c), d, d, 4, 4);
      add<bf16_bits>(std::string(d == 64 ? "matmul_bf16_bf16" : "matmul_bf16_bf16_32x32x32") +
                         (floor ? " [floor]" : " [conv_even]"),
                     size, got, want, floor ? "round floor" : "round conv_even", us);
    }
  }
}

}  // namespace

std::vector<KernelCheck> run_kernel_selfcheck(std::uint32_t seed) {
  Checks checks(seed);
  checks.collapse_family();
  checks.compaction();
  checks.reductions();
  checks.elementwise();
  checks.gemm();
  return checks.take();
}

}  // namespace xdna::kernels
