// mlp2: the seed's two-layer integer MLP (width 512 by default), int16 in, int32 out:
//   h32 = x * W1                      (int16 x int16 -> int32, matmul's wrap-around contract)
//   r   = max(h32, 0)                 (relu)
//   h   = requant(r)                  (int16; below)
//   y   = h * W2                      (int16 x int16 -> int32)
// requant, per tensor, in exact integer arithmetic: with peak = max(r) over the whole tensor,
//   peak <= 32767:  h = r
//   peak >  32767:  h = (r * 32767) / peak   (64-bit product, division truncating toward zero)
// so the peak maps to exactly 32767 and every value stays within [0, 32767].
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "xdna/ops/backend.hpp"

namespace xdna::ops {

struct Mlp2Shape {
  std::size_t rows = 512;    // M: input rows (tokens)
  std::size_t in = 512;      // K1: x columns = W1 rows
  std::size_t hidden = 512;  // N1: W1 columns = W2 rows
  std::size_t out = 512;     // N2: W2 columns
};

struct Mlp2Result {
  std::vector<std::int32_t> y;   // rows x out
  std::vector<std::int16_t> h;   // rows x hidden, the requantised activation
  std::int32_t hidden_peak = 0;  // max(relu(x * W1)) before requant
  bool scaled = false;           // true when hidden_peak > 32767
};

// The requant step alone (exposed for tests and for the emulator path, which runs it on the
// host between the two GEMMs: it needs the whole tensor's maximum).
std::vector<std::int16_t> relu_requant(std::span<const std::int32_t> h32, std::int32_t* peak_out);

Mlp2Result mlp2(std::span<const std::int16_t> x, std::span<const std::int16_t> w1,
                std::span<const std::int16_t> w2, Mlp2Shape shape, Backend backend);

}  // namespace xdna::ops
