// mlp2 (contract in include/xdna/ops/mlp.hpp): two matmuls on the chosen backend with the relu +
// requant step between them on the host.
#include "xdna/ops/mlp.hpp"

#include <algorithm>
#include <string>

#include "emu_runner.hpp"
#include "xdna/common/error.hpp"
#include "xdna/ops/matmul.hpp"

namespace xdna::ops {

std::vector<std::int16_t> relu_requant(std::span<const std::int32_t> h32, std::int32_t* peak_out) {
  std::int32_t peak = 0;
  for (std::int32_t v : h32) peak = std::max(peak, v);
  if (peak_out) *peak_out = peak;
  std::vector<std::int16_t> h(h32.size());
  if (peak <= 32767) {
    for (std::size_t i = 0; i < h32.size(); ++i) {
      h[i] = static_cast<std::int16_t>(std::max(h32[i], std::int32_t{0}));
    }
    return h;
  }
  const std::int64_t divisor = peak;
  for (std::size_t i = 0; i < h32.size(); ++i) {
    const std::int64_t r = std::max(h32[i], std::int32_t{0});
    h[i] = static_cast<std::int16_t>(r * 32767 / divisor);  // non-negative: truncation = floor
  }
  return h;
}

Mlp2Result mlp2(std::span<const std::int16_t> x, std::span<const std::int16_t> w1,
                std::span<const std::int16_t> w2, Mlp2Shape shape, Backend backend) {
  if (backend == Backend::npu) throw_npu_unavailable("mlp2");
  auto label = [](const char* what, const std::exception& e) {
    return std::string("mlp2: ") + what + ": " + e.what();
  };
  Mlp2Result r;
  std::vector<std::int32_t> h32;
  try {
    h32 = matmul_i16(x, w1, {shape.rows, shape.in, shape.hidden}, backend);
  } catch (const InputError& e) {
    throw InputError(label("first layer x * W1", e));
  }
  const EmulatorRunInfo first_layer = last_emulator_run();
  r.h = relu_requant(h32, &r.hidden_peak);
  r.scaled = r.hidden_peak > 32767;
  try {
    r.y = matmul_i16(r.h, w2, {shape.rows, shape.hidden, shape.out}, backend);
  } catch (const InputError& e) {
    throw InputError(label("second layer h * W2", e));
  }
  if (backend == Backend::emu) {
    emu_support::set_last_run(emu_support::combined(first_layer, last_emulator_run()));
  }
  return r;
}

}  // namespace xdna::ops
