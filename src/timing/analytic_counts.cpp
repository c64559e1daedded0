// Op counts of kernels from their algorithm (see analytic_counts.hpp).
#include "xdna/timing/analytic_counts.hpp"

namespace xdna::timing::analytic {

namespace {
using aie::host::mac_kind;

void add(op_counters& c, unit u, std::uint64_t ops, std::uint64_t bits_each) {
  c.ops[static_cast<std::size_t>(u)] += ops;
  c.bits[static_cast<std::size_t>(u)] += ops * bits_each;
}
void add_macs(op_counters& c, mac_kind k, std::uint64_t ops, std::uint64_t macs_each,
              std::uint64_t bits_each) {
  add(c, unit::multiplier, ops, bits_each);
  c.macs[static_cast<std::size_t>(k)] += ops * macs_each;
}
std::uint64_t steps(int width, int per_step) {
  return static_cast<std::uint64_t>((width + per_step - 1) / per_step);
}
}  // namespace

KernelProfile copy(std::uint64_t bytes) {
  KernelProfile p{"copy", {}, true};
  const std::uint64_t vectors = (bytes + 31) / 32;
  add(p.ops, unit::load, vectors, 256);
  add(p.ops, unit::store, vectors, 256);
  return p;
}

KernelProfile gemm_i16_i32(int m, int k, int n) {
  KernelProfile p{"matmul_i16_i32", {}, true};
  const std::uint64_t groups =
      static_cast<std::uint64_t>(m / 8) * static_cast<std::uint64_t>(n / 8);
  const std::uint64_t k_steps = static_cast<std::uint64_t>(k / 4);
  add(p.ops, unit::load, groups * 4, 512);            // four C accumulators in
  add(p.ops, unit::load, groups * k_steps * 4, 256);  // two A and two B blocks per step
  add_macs(p.ops, mac_kind::i16_i16, groups * k_steps * 4, 64, 512);
  // Moving C between vector registers and accumulators, both ways (ups in, srs out); the host
  // API counts an accumulator of 16 acc32 lanes as 1024 bits (64-bit accumulator lanes).
  add(p.ops, unit::vector_alu, groups * 8, 1024);
  add(p.ops, unit::store, groups * 4, 512);  // four C accumulators out
  return p;
}

KernelProfile zero_i32(int m, int n) {
  KernelProfile p{"zero_i32", {}, true};
  add(p.ops, unit::store, static_cast<std::uint64_t>(m) * n * 4 / 32, 256);
  return p;
}

KernelProfile rgba2gray(int width) {
  KernelProfile p{"rgba2gray", {}, true};
  const auto s = steps(width, 32);
  add(p.ops, unit::load, s * 4, 256);
  add(p.ops, unit::shuffle, s * 4, 512);
  add_macs(p.ops, mac_kind::i16_i8, s * 3, 32, 512);
  add(p.ops, unit::vector_alu, s, 512);
  add(p.ops, unit::store, s, 256);
  return p;
}

KernelProfile filter2d(int width) {
  KernelProfile p{"filter2d", {}, true};
  const auto s = steps(width, 32);
  add(p.ops, unit::load, s * 6, 256);
  add(p.ops, unit::shuffle, s * 3, 512);
  add_macs(p.ops, mac_kind::i8_i8, s * 3, 32 * 8, 512);
  add(p.ops, unit::vector_alu, s, 512);
  add(p.ops, unit::store, s, 256);
  return p;
}

KernelProfile threshold(int width) {
  KernelProfile p{"threshold", {}, true};
  const auto s = steps(width, 64);
  add(p.ops, unit::load, s, 512);
  add(p.ops, unit::vector_alu, s * 2, 512);
  add(p.ops, unit::store, s, 512);
  return p;
}

KernelProfile gray2rgba(int width) {
  KernelProfile p{"gray2rgba", {}, true};
  const auto s = steps(width, 32);
  add(p.ops, unit::load, s, 256);
  add(p.ops, unit::shuffle, s * 4, 512);
  add(p.ops, unit::store, s * 2, 512);
  return p;
}

KernelProfile add_weighted(int width) {
  KernelProfile p{"addWeighted", {}, true};
  const auto s = steps(width * 4, 32);
  add(p.ops, unit::load, s * 2, 256);
  add_macs(p.ops, mac_kind::i16_i8, s, 64, 512);
  add(p.ops, unit::vector_alu, s, 512);
  add(p.ops, unit::store, s, 256);
  return p;
}

}  // namespace xdna::timing::analytic
