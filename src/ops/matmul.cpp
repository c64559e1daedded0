// matmul: operand checks and dispatch (contract in include/xdna/ops/matmul.hpp).
#include "xdna/ops/matmul.hpp"

#include <bit>
#include <string>

#include "matmul_cpu.hpp"
#include "matmul_emu.hpp"
#include "xdna/common/error.hpp"

namespace xdna::ops {

namespace {

std::string shape_text(MatmulShape s) {
  return std::to_string(s.m) + "x" + std::to_string(s.k) + "x" + std::to_string(s.n);
}

std::size_t checked_product(std::size_t x, std::size_t y, MatmulShape s) {
  std::size_t r = 0;
  if (__builtin_mul_overflow(x, y, &r)) {
    throw InputError("matmul: shape " + shape_text(s) + " overflows the address space");
  }
  return r;
}

const std::uint16_t* raw(std::span<const bfloat16> x) {
  return reinterpret_cast<const std::uint16_t*>(x.data());
}

}  // namespace

void check_matmul_operands(std::size_t a_size, std::size_t b_size, MatmulShape s) {
  if (s.m == 0 || s.k == 0 || s.n == 0) {
    throw InputError("matmul: every dimension must be at least 1, got M x K x N = " +
                     shape_text(s));
  }
  const std::size_t want_a = checked_product(s.m, s.k, s);
  const std::size_t want_b = checked_product(s.k, s.n, s);
  checked_product(s.m, s.n, s);
  if (a_size != want_a) {
    throw InputError("matmul: A holds " + std::to_string(a_size) + " elements but M x K = " +
                     std::to_string(want_a) + " (shape " + shape_text(s) + ")");
  }
  if (b_size != want_b) {
    throw InputError("matmul: B holds " + std::to_string(b_size) + " elements but K x N = " +
                     std::to_string(want_b) + " (shape " + shape_text(s) + ")");
  }
}

std::vector<std::int32_t> matmul_i16(std::span<const std::int16_t> a,
                                     std::span<const std::int16_t> b, MatmulShape s,
                                     Backend backend) {
  check_matmul_operands(a.size(), b.size(), s);
  switch (backend) {
    case Backend::cpu: {
      std::vector<std::int32_t> c(s.m * s.n);
      cpu::matmul_i16_i32(a.data(), b.data(), c.data(), s.m, s.k, s.n);
      return c;
    }
    case Backend::emu:
      return emu::matmul_i16(a, b, s);
    case Backend::npu:
      throw_npu_unavailable("matmul");
  }
  throw InputError("matmul: invalid backend");
}

// The contract reports a zero result as +0 (see matmul.hpp): how often a -0 sum meets a +0
// product depends on how a backend pads K, so the sign of zero is not kept.
static void positive_zeros(std::vector<float>& c) {
  for (float& v : c) {
    if (std::bit_cast<std::uint32_t>(v) == 0x80000000u) v = 0.0f;
  }
}

std::vector<float> matmul_bf16(std::span<const bfloat16> a, std::span<const bfloat16> b,
                               MatmulShape s, Backend backend) {
  check_matmul_operands(a.size(), b.size(), s);
  std::vector<float> c;
  switch (backend) {
    case Backend::cpu:
      c.resize(s.m * s.n);
      cpu::matmul_bf16_f32(raw(a), raw(b), c.data(), s.m, s.k, s.n);
      break;
    case Backend::emu:
      c = emu::matmul_bf16(a, b, s);
      break;
    case Backend::npu:
      throw_npu_unavailable("matmul");
  }
  positive_zeros(c);
  return c;
}

std::vector<bfloat16> matmul_bf16_out(std::span<const bfloat16> a, std::span<const bfloat16> b,
                                      MatmulShape s, Backend backend) {
  const std::vector<float> wide = matmul_bf16(a, b, s, backend);
  std::vector<bfloat16> out(wide.size());
  for (std::size_t i = 0; i < wide.size(); ++i) out[i] = bfloat16(wide[i]);  // nearest even
  return out;
}

}  // namespace xdna::ops
