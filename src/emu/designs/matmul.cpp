// GEMM designs: tiles streamed from the host, re-laid-out by the mem tile into the kernels'
// blocked layout (kernels/aie2/kernels.h), single core or over a rows x cols core array.
#include <aie_api/aie.hpp>

#include "aie2/kernels.h"
#include "check.hpp"
#include "xdna/emu/designs.hpp"

namespace xdna::emu::designs {

using design::AccessPattern;
using design::Core;
using design::Design;
using design::DType;
using detail::require;
using detail::require_multiple;

namespace {

struct Micro {  // the kernel pair and block shape for one type and tile size
  DType a_type, c_type;
  int r, s, t;
  const char* name;
  void (*matmul)(const void*, const void*, void*);
  void (*zero)(void*);
};

template <typename A, typename C, void (*MM)(const A*, const A*, C*), void (*Z)(C*)>
void call_mm(const void* a, const void* b, void* c) {
  MM(static_cast<const A*>(a), static_cast<const A*>(b), static_cast<C*>(c));
}
template <typename C, void (*Z)(C*)>
void call_zero(void* c) {
  Z(static_cast<C*>(c));
}

Micro micro(MatmulType type, int tile) {
  if (type == MatmulType::i16_i32) {
    if (tile == 64)
      return {DType::i16,
              DType::i32,
              4,
              4,
              4,
              "matmul_i16_i32",
              &call_mm<int16_t, int32_t, matmul_i16_i32, zero_i32>,
              &call_zero<int32_t, zero_i32>};
    return {DType::i16,
            DType::i32,
            4,
            4,
            4,
            "matmul_i16_i32_32x32x32",
            &call_mm<int16_t, int32_t, matmul_i16_i32_32x32x32, zero_i32_32x32>,
            &call_zero<int32_t, zero_i32_32x32>};
  }
  if (tile == 64)
    return {DType::bf16,
            DType::f32,
            4,
            8,
            4,
            "matmul_bf16_f32",
            &call_mm<bfloat16, float, matmul_bf16_f32, zero_f32>,
            &call_zero<float, zero_f32>};
  return {DType::bf16,
          DType::f32,
          4,
          8,
          4,
          "matmul_bf16_f32_32x32x32",
          &call_mm<bfloat16, float, matmul_bf16_f32_32x32x32, zero_f32_32x32>,
          &call_zero<float, zero_f32_32x32>};
}

// Row-major tile (rows x cols) -> blocks (br x bc) in row-major block order, each row-major.
AccessPattern to_blocks(std::int64_t rows, std::int64_t cols, int br, int bc) {
  return AccessPattern{0, {rows / br, cols / bc, br, bc}, {br * cols, bc, cols, 1}};
}
// Blocks (br x bc) in row-major block order -> row-major tile (rows x cols).
AccessPattern from_blocks(std::int64_t rows, std::int64_t cols, int br, int bc) {
  return AccessPattern{0, {rows / br, br, cols / bc, bc}, {br * cols, bc, br * bc, 1}};
}

void check_sizes(const std::string& name, std::int64_t M, std::int64_t K, std::int64_t N, int tile,
                 int rows, int cols) {
  require(tile == 32 || tile == 64, name, "tile = " + std::to_string(tile) + " must be 32 or 64");
  require_multiple(M, tile * rows, name, "M");
  require_multiple(K, tile, name, "K");
  require_multiple(N, tile * cols, name, "N");
}

// The worker body shared by both designs: `outputs` C tiles, each summed over `ksteps` A/B tiles.
std::function<void(Core&)> gemm_body(Micro mm, std::int64_t outputs, std::int64_t ksteps) {
  return [=](Core& c) {
    for (std::int64_t o = 0; o < outputs; ++o) {
      auto acc = c.acquire(2);
      c.call(mm.name, [&] { mm.zero(acc.data); });
      for (std::int64_t k = 0; k < ksteps; ++k) {
        auto a = c.acquire(0);
        auto b = c.acquire(1);
        c.call(mm.name, [&] { mm.matmul(a.data, b.data, acc.data); });
        c.release(0);
        c.release(1);
      }
      c.release(2);
    }
  };
}

aie::rounding_mode prologue(MatmulType t) {
  return t == MatmulType::bf16_f32 ? aie::rounding_mode::conv_even
                                   : aie::rounding_mode::positive_inf;
}

}  // namespace

Design matmul_single(const arch::Device& dev, std::int64_t M, std::int64_t K, std::int64_t N,
                     int tile, MatmulType type) {
  check_sizes("matmul_single", M, K, N, tile, 1, 1);
  const Micro mm = micro(type, tile);
  const std::int64_t m = tile, k = tile, n = tile;
  Design d(dev, "matmul_single");
  design::TensorType a_t{mm.a_type, {m, k}}, b_t{mm.a_type, {k, n}}, c_t{mm.c_type, {m, n}};
  const int c_depth = tile == 64 ? 1 : 2;  // 64^3: A, B double-buffered + one C tile fill 48 KiB
  auto a_in = d.object_fifo("A_in", a_t, 2, design::shim(0), {design::mem(0)});
  auto a = d.object_fifo("A", a_t, 2, design::mem(0), {design::core(0, 2)});
  d.forward(a_in, a);
  d.dims_to_stream(a, to_blocks(m, k, mm.r, mm.s));
  auto b_in = d.object_fifo("B_in", b_t, 2, design::shim(0), {design::mem(0)});
  auto b = d.object_fifo("B", b_t, 2, design::mem(0), {design::core(0, 2)});
  d.forward(b_in, b);
  d.dims_to_stream(b, to_blocks(k, n, mm.s, mm.t));
  auto c = d.object_fifo("C", c_t, c_depth, design::core(0, 2), {design::mem(0)});
  auto c_out = d.object_fifo("C_out", c_t, 2, design::mem(0), {design::shim(0)});
  d.forward(c, c_out);
  d.dims_to_stream(c_out, from_blocks(m, n, mm.r, mm.t));
  const int w = d.worker("gemm", design::core(0, 2), {a.cons(), b.cons(), c.prod()},
                         gemm_body(mm, (M / m) * (N / n), K / k));
  d.worker_at(w).rounding = prologue(type);

  const int ha = d.runtime_arg("A", {mm.a_type, {M, K}});
  const int hb = d.runtime_arg("B", {mm.a_type, {K, N}});
  const int hc = d.runtime_arg("C", {mm.c_type, {M, N}});
  d.start();
  for (std::int64_t bm = 0; bm < M / m; ++bm) {
    // Row block bm of A, tile by tile along K, once per column block of C.
    d.fill(a_in, ha, AccessPattern{bm * m * K, {N / n, K / k, m, k}, {0, k, K, 1}});
    // All of B, column block by column block, tile by tile along K.
    d.fill(b_in, hb, AccessPattern{0, {N / n, K / k, k, n}, {n, k * N, N, 1}});
    d.drain(c_out, hc, AccessPattern{bm * m * N, {N / n, m, n}, {n, N, 1}}, true);
  }
  return d;
}

Design matmul_array(const arch::Device& dev, std::int64_t M, std::int64_t K, std::int64_t N,
                    int tile, MatmulType type, int rows, int cols) {
  require(rows >= 1 && rows <= dev.core_rows, "matmul_array",
          "rows = " + std::to_string(rows) + " outside 1.." + std::to_string(dev.core_rows));
  require(cols >= 1 && cols <= dev.columns && rows <= dev.columns, "matmul_array",
          "cols = " + std::to_string(cols) + " and rows = " + std::to_string(rows) +
              " need that many columns; " + dev.name + " has " + std::to_string(dev.columns));
  check_sizes("matmul_array", M, K, N, tile, rows, cols);
  const Micro mm = micro(type, tile);
  const std::int64_t m = tile, k = tile, n = tile;
  Design d(dev, "matmul_array");
  design::TensorType a_t{mm.a_type, {m, k}}, b_t{mm.a_type, {k, n}}, c_t{mm.c_type, {m, n}};
  design::TensorType strip_t{mm.c_type, {rows * m, n}};
  const int c_depth = tile == 64 ? 1 : 2;

  std::vector<design::FifoRef> a_in(static_cast<std::size_t>(rows)),
      a(static_cast<std::size_t>(rows));
  for (int r = 0; r < rows;
       ++r) {  // A row block r enters through column r, broadcast along core row r
    std::vector<design::TileId> to;
    for (int c = 0; c < cols; ++c) to.push_back(design::core(c, 2 + r));
    a_in[static_cast<std::size_t>(r)] =
        d.object_fifo("A_in" + std::to_string(r), a_t, 2, design::shim(r), {design::mem(r)});
    a[static_cast<std::size_t>(r)] =
        d.object_fifo("A" + std::to_string(r), a_t, 2, design::mem(r), to);
    d.forward(a_in[static_cast<std::size_t>(r)], a[static_cast<std::size_t>(r)]);
    d.dims_to_stream(a[static_cast<std::size_t>(r)], to_blocks(m, k, mm.r, mm.s));
  }
  std::vector<design::FifoRef> b_in(static_cast<std::size_t>(cols)),
      b(static_cast<std::size_t>(cols)), strip(static_cast<std::size_t>(cols));
  const std::int64_t outputs = (M / (rows * m)) * (N / (cols * n));
  for (int c = 0; c < cols; ++c) {  // B column block c, broadcast along core column c
    std::vector<design::TileId> to;
    for (int r = 0; r < rows; ++r) to.push_back(design::core(c, 2 + r));
    b_in[static_cast<std::size_t>(c)] =
        d.object_fifo("B_in" + std::to_string(c), b_t, 2, design::shim(c), {design::mem(c)});
    b[static_cast<std::size_t>(c)] =
        d.object_fifo("B" + std::to_string(c), b_t, 2, design::mem(c), to);
    d.forward(b_in[static_cast<std::size_t>(c)], b[static_cast<std::size_t>(c)]);
    d.dims_to_stream(b[static_cast<std::size_t>(c)], to_blocks(k, n, mm.s, mm.t));
    std::vector<design::FifoRef> parts;
    std::vector<std::int64_t> offsets;
    for (int r = 0; r < rows; ++r) {
      auto part = d.object_fifo("C" + std::to_string(c) + std::to_string(r), c_t, c_depth,
                                design::core(c, 2 + r), {design::mem(c)});
      parts.push_back(part);
      offsets.push_back(r * m * n);
      const int w = d.worker("gemm" + std::to_string(c) + std::to_string(r), design::core(c, 2 + r),
                             {a[static_cast<std::size_t>(r)].cons(c),
                              b[static_cast<std::size_t>(c)].cons(r), part.prod()},
                             gemm_body(mm, outputs, K / k));
      d.worker_at(w).rounding = prologue(type);
    }
    strip[static_cast<std::size_t>(c)] =
        d.object_fifo("C_out" + std::to_string(c), strip_t, 2, design::mem(c), {design::shim(c)});
    d.join(parts, strip[static_cast<std::size_t>(c)], offsets);
    d.dims_to_stream(strip[static_cast<std::size_t>(c)],
                     from_blocks(m, n, mm.r, mm.t));  // per joined tile
  }

  const int ha = d.runtime_arg("A", {mm.a_type, {M, K}});
  const int hb = d.runtime_arg("B", {mm.a_type, {K, N}});
  const int hc = d.runtime_arg("C", {mm.c_type, {M, N}});
  d.start();
  const std::int64_t col_blocks = N / (cols * n);
  for (std::int64_t bm = 0; bm < M / (rows * m); ++bm) {
    for (int r = 0; r < rows; ++r)
      d.fill(a_in[static_cast<std::size_t>(r)], ha,
             AccessPattern{(bm * rows + r) * m * K, {col_blocks, K / k, m, k}, {0, k, K, 1}});
    for (int c = 0; c < cols; ++c)
      d.fill(b_in[static_cast<std::size_t>(c)], hb,
             AccessPattern{c * n, {col_blocks, K / k, k, n}, {cols * n, k * N, N, 1}});
    for (int c = 0; c < cols; ++c)
      d.drain(strip[static_cast<std::size_t>(c)], hc,
              AccessPattern{bm * rows * m * N + c * n, {col_blocks, rows * m, n}, {cols * n, N, 1}},
              c == cols - 1);
  }
  return d;
}

}  // namespace xdna::emu::designs
