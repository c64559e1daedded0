// bfloat16 for the host: 1 sign, 8 exponent, 7 mantissa bits, stored as the upper half of an
// IEEE binary32. On the AIE core the type is native; here it is a 2-byte value type whose scalar
// conversions behave as Peano's (LLVM's fptrunc/fpext): float -> bfloat16 rounds to nearest,
// ties to even, keeps subnormals, and turns any NaN into a quiet NaN of the same sign.
// Arithmetic promotes to float, exactly like clang's __bf16, and rounds when stored back.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>

class bfloat16 {
 public:
  bfloat16() = default;
  constexpr bfloat16(float f) : bits_(round_from_float(f)) {}  // NOLINT: implicit like __bf16

  constexpr operator float() const {  // NOLINT: implicit like __bf16
    return std::bit_cast<float>(static_cast<std::uint32_t>(bits_) << 16);
  }

  static constexpr bfloat16 from_bits(std::uint16_t bits) {
    bfloat16 b;
    b.bits_ = bits;
    return b;
  }
  constexpr std::uint16_t bits() const { return bits_; }

  // Round-to-nearest-even conversion used by scalar code (the compiler's, not the SRS unit's).
  static constexpr std::uint16_t round_from_float(float f) {
    const std::uint32_t u = std::bit_cast<std::uint32_t>(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) {  // NaN: keep sign and payload top, force quiet
      return static_cast<std::uint16_t>((u >> 16) | 0x0040u);
    }
    const std::uint32_t lsb = (u >> 16) & 1u;
    return static_cast<std::uint16_t>((u + 0x7fffu + lsb) >> 16);
  }

 private:
  std::uint16_t bits_;
};

static_assert(sizeof(bfloat16) == 2, "bfloat16 must be 2 bytes: kernels address it in memory");

namespace std {
template <>
class numeric_limits<bfloat16> {
 public:
  static constexpr bool is_specialized = true;
  static constexpr bool is_signed = true;
  static constexpr bool has_infinity = true;
  static constexpr bool has_quiet_NaN = true;
  static constexpr bfloat16 lowest() { return bfloat16::from_bits(0xff7f); }
  static constexpr bfloat16 max() { return bfloat16::from_bits(0x7f7f); }
  static constexpr bfloat16 min() { return bfloat16::from_bits(0x0080); }
  static constexpr bfloat16 denorm_min() { return bfloat16::from_bits(0x0001); }
  static constexpr bfloat16 epsilon() { return bfloat16::from_bits(0x3c00); }
  static constexpr bfloat16 infinity() { return bfloat16::from_bits(0x7f80); }
  static constexpr bfloat16 quiet_NaN() { return bfloat16::from_bits(0x7fc0); }
  static constexpr int digits = 8;
};
}  // namespace std
