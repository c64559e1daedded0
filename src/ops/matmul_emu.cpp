// Emulator paths of matmul: the GEMM kernels of kernels/aie2 on the npu1 core array
// (emu::designs::matmul_array: A row blocks broadcast along core rows, B column blocks along
// core columns, C tiles joined on the mem tiles). The host blocks the problem into pieces the
// design's access patterns can address and pads each to whole tiles with zeros:
//  - int16: zero products change nothing (wrap-around sums);
//  - bf16: the padded k steps add +0 products, which only turn a -0 sum into +0; the operator
//    reports zero results as +0 on every backend (matmul.hpp), so the bits agree.
// K is never split across runs: every output is one k-ordered accumulation on one core.
#include <algorithm>
#include <cstring>

#include "emu_runner.hpp"
#include "matmul_emu.hpp"
#include "xdna/arch/device.hpp"
#include "xdna/emu/designs.hpp"

namespace xdna::ops::emu {

namespace {

std::size_t round_up(std::size_t v, std::size_t to) {
  return (v + to - 1) / to * to;
}

struct Blocking {
  int tile = 64;
  int rows = 4, cols = 4;                // cores used
  std::size_t piece_m = 0, piece_n = 0;  // host piece, multiples of rows*tile / cols*tile
  std::size_t k_padded = 0;
};

Blocking blocking_for(MatmulShape s) {
  Blocking b;
  b.tile = (s.m >= 256 && s.n >= 256) ? 64 : 32;
  const auto t = static_cast<std::size_t>(b.tile);
  b.rows = static_cast<int>(std::min<std::size_t>(4, (s.m + t - 1) / t));
  b.cols = static_cast<int>(std::min<std::size_t>(4, (s.n + t - 1) / t));
  const std::size_t row_unit = static_cast<std::size_t>(b.rows) * t;
  const std::size_t col_unit = static_cast<std::size_t>(b.cols) * t;
  // The design's B fill repeats over N / (cols * tile) column blocks in a 6-bit iteration field
  // (at most 64); pieces of 16 blocks keep each run a few MiB of host buffers.
  b.piece_m = std::min(round_up(s.m, row_unit), row_unit * 8);
  b.piece_n = std::min(round_up(s.n, col_unit), col_unit * 16);
  b.k_padded = round_up(s.k, t);
  return b;
}

template <typename In, typename Out>
std::vector<Out> run_blocked(std::span<const In> a, std::span<const In> b, MatmulShape s,
                             xdna::emu::designs::MatmulType type) {
  emu_support::begin_operator();
  const Blocking bl = blocking_for(s);
  const std::size_t K = bl.k_padded;
  std::vector<Out> c(s.m * s.n);
  for (std::size_t m0 = 0; m0 < s.m; m0 += bl.piece_m) {
    const std::size_t pm = std::min(bl.piece_m, s.m - m0);
    const std::size_t PM = round_up(pm, static_cast<std::size_t>(bl.rows * bl.tile));
    std::vector<In> pa(PM * K, In(0));
    for (std::size_t i = 0; i < pm; ++i) {
      std::memcpy(pa.data() + i * K, a.data() + (m0 + i) * s.k, s.k * sizeof(In));
    }
    for (std::size_t n0 = 0; n0 < s.n; n0 += bl.piece_n) {
      const std::size_t pn = std::min(bl.piece_n, s.n - n0);
      const std::size_t PN = round_up(pn, static_cast<std::size_t>(bl.cols * bl.tile));
      std::vector<In> pb(K * PN, In(0));
      for (std::size_t kk = 0; kk < s.k; ++kk) {
        std::memcpy(pb.data() + kk * PN, b.data() + kk * s.n + n0, pn * sizeof(In));
      }
      const design::Design d = xdna::emu::designs::matmul_array(
          arch::npu1(), static_cast<std::int64_t>(PM), static_cast<std::int64_t>(K),
          static_cast<std::int64_t>(PN), bl.tile, type, bl.rows, bl.cols);
      xdna::emu::Buffers buffers = {xdna::emu::to_bytes(pa), xdna::emu::to_bytes(pb),
                                    xdna::emu::Buffer(PM * PN * sizeof(Out))};
      emu_support::run(d, buffers);
      const auto* pc = reinterpret_cast<const Out*>(buffers[2].data());
      for (std::size_t i = 0; i < pm; ++i) {
        std::memcpy(c.data() + (m0 + i) * s.n + n0, pc + i * PN, pn * sizeof(Out));
      }
    }
  }
  return c;
}

}  // namespace

std::vector<std::int32_t> matmul_i16(std::span<const std::int16_t> a,
                                     std::span<const std::int16_t> b, MatmulShape s) {
  return run_blocked<std::int16_t, std::int32_t>(a, b, s, xdna::emu::designs::MatmulType::i16_i32);
}

std::vector<float> matmul_bf16(std::span<const bfloat16> a, std::span<const bfloat16> b,
                               MatmulShape s) {
  return run_blocked<bfloat16, float>(a, b, s, xdna::emu::designs::MatmulType::bf16_f32);
}

}  // namespace xdna::ops::emu
