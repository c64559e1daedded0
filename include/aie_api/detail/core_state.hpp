// The state a real AIE core keeps in control registers, modelled per emulated core.
//
// On the chip, shift-round-saturate obeys the core's rounding and saturation registers, and the
// aie_api never resets them. Here each host thread runs one emulated core at a time: the
// emulator installs a core_state with scoped_core; code that runs outside the emulator (unit
// tests, benchmarks, operators) gets a thread-local default with the hardware reset values
// (floor rounding, no saturation). Nothing here is a process global.
//
// The same state carries the cost hook: when `counters` is set on an installed core, every API
// operation reports which unit it used and how many bits it moved. When no core is installed or
// its counters are null, the hook is one predictable branch.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#define XDNA_CORE_STATE_INLINE inline __attribute__((always_inline))

namespace aie {

// Values are the AIE-ML control register encodings (FACTS §2): the mlir-aie prologue writes 9
// (positive_inf) for integer SRS designs and 12 (conv_even) for bf16.
enum class rounding_mode : unsigned {
  floor = 0,  // reset default: truncation toward -inf
  ceil = 1,
  symmetric_floor = 2,
  symmetric_ceil = 3,
  negative_inf = 8,  // round half toward -inf
  positive_inf = 9,  // round half toward +inf
  symmetric_zero = 10,
  symmetric_inf = 11,
  conv_even = 12,  // round half to even
  conv_odd = 13,
};

enum class saturation_mode : unsigned {
  none = 0,  // reset default: drop the high bits
  truncate = 0,
  saturate = 1,   // clamp to [-2^(n-1), 2^(n-1)-1]
  symmetric = 3,  // clamp to [-(2^(n-1)-1), 2^(n-1)-1]
};

namespace host {

// Functional units of an AIE2 core, as the timing model sees them.
enum class unit : unsigned { load, store, vector_alu, multiplier, shuffle, scalar, count_ };
inline constexpr std::size_t kUnitCount = static_cast<std::size_t>(unit::count_);

// Multiplier operand classes with distinct MAC rates (FACTS §1).
enum class mac_kind : unsigned { i8_i8, i16_i8, i16_i16, i32_i16, bf16_bf16, fp32, count_ };
inline constexpr std::size_t kMacKindCount = static_cast<std::size_t>(mac_kind::count_);

struct op_counters {
  std::array<std::uint64_t, kUnitCount> ops{};   // operations issued per unit
  std::array<std::uint64_t, kUnitCount> bits{};  // bits loaded / stored / processed per unit
  std::array<std::uint64_t, kMacKindCount> macs{};
  std::uint64_t events = 0;  // event0()/event1() markers

  op_counters& operator+=(const op_counters& o) {
    for (std::size_t i = 0; i < kUnitCount; ++i) {
      ops[i] += o.ops[i];
      bits[i] += o.bits[i];
    }
    for (std::size_t i = 0; i < kMacKindCount; ++i) macs[i] += o.macs[i];
    events += o.events;
    return *this;
  }
  std::uint64_t ops_of(unit u) const { return ops[static_cast<std::size_t>(u)]; }
  std::uint64_t bits_of(unit u) const { return bits[static_cast<std::size_t>(u)]; }
  std::uint64_t macs_of(mac_kind k) const { return macs[static_cast<std::size_t>(k)]; }
};

// A memory range a core may touch (its tile's buffers), for checked builds.
struct memory_region {
  const void* base = nullptr;
  std::size_t bytes = 0;
  const char* name = "";
};

// Called for event0()/event1() markers (the emulator's trace listens).
using event_listener = void (*)(void* ctx, int event_id);

struct core_state {
  rounding_mode rounding = rounding_mode::floor;
  saturation_mode saturation = saturation_mode::none;
  op_counters* counters = nullptr;
  const char* kernel_name = nullptr;   // names the kernel in access errors
  std::vector<memory_region> regions;  // empty: no range checks (only alignment)
  event_listener on_event = nullptr;
  void* event_ctx = nullptr;
};

namespace detail {
inline core_state*& installed_core() {
  thread_local core_state* installed = nullptr;
  return installed;
}
inline core_state& default_core() {
  thread_local core_state state;
  return state;
}
}  // namespace detail

// The core the calling thread is emulating right now.
inline core_state& current_core() {
  core_state* c = detail::installed_core();
  return c ? *c : detail::default_core();
}

namespace detail {
// The counters of the installed core, or null: the whole cost of the hook when nobody listens
// is one load of a constant-initialised thread_local pointer and a branch. Only a core
// installed with scoped_core counts (the emulator does that); the thread's default core never
// does, so plain host runs (tests, operators) pay nothing more.
XDNA_CORE_STATE_INLINE op_counters* active_counters() {
  core_state* c = installed_core();
  return c ? c->counters : nullptr;
}
}  // namespace detail

// Makes `state` the current core of this thread for the scope's lifetime (nests).
class scoped_core {
 public:
  explicit scoped_core(core_state& state) : previous_(detail::installed_core()) {
    detail::installed_core() = &state;
  }
  ~scoped_core() { detail::installed_core() = previous_; }
  scoped_core(const scoped_core&) = delete;
  scoped_core& operator=(const scoped_core&) = delete;

 private:
  core_state* previous_;
};

// Cost hook: report `bits` handled by one operation of unit `u`.
inline void count(unit u, std::uint64_t bits) {
  if (op_counters* c = detail::active_counters()) [[unlikely]] {
    c->ops[static_cast<std::size_t>(u)] += 1;
    c->bits[static_cast<std::size_t>(u)] += bits;
  }
}

// Cost hook for the multiplier: one instruction doing `macs` multiply-accumulates of kind `k`.
inline void count_macs(mac_kind k, std::uint64_t macs, std::uint64_t bits) {
  if (op_counters* c = detail::active_counters()) [[unlikely]] {
    c->ops[static_cast<std::size_t>(unit::multiplier)] += 1;
    c->bits[static_cast<std::size_t>(unit::multiplier)] += bits;
    c->macs[static_cast<std::size_t>(k)] += macs;
  }
}

}  // namespace host

namespace detail {
// The rounding encodings the AIE-ML control register defines; others are reserved.
inline bool is_valid_rounding(int mode) {
  return (mode >= 0 && mode <= 3) || (mode >= 8 && mode <= 13);
}
}  // namespace detail

inline void set_rounding(rounding_mode m) {
  if (!detail::is_valid_rounding(static_cast<int>(m))) {
    throw std::invalid_argument("aie::set_rounding: " + std::to_string(static_cast<int>(m)) +
                                " is not an AIE-ML rounding mode (valid: 0-3, 8-13)");
  }
  host::current_core().rounding = m;
}
inline rounding_mode get_rounding() {
  return host::current_core().rounding;
}
inline void set_saturation(saturation_mode m) {
  const unsigned v = static_cast<unsigned>(m);
  if (v != 0 && v != 1 && v != 3) {
    throw std::invalid_argument("aie::set_saturation: " + std::to_string(v) +
                                " is not an AIE-ML saturation mode (valid: 0 none, 1 saturate, "
                                "3 symmetric)");
  }
  host::current_core().saturation = m;
}
inline saturation_mode get_saturation() {
  return host::current_core().saturation;
}

}  // namespace aie

// Peano intrinsics that kernels call directly to set the control registers.
inline void set_sat() {
  aie::set_saturation(aie::saturation_mode::saturate);
}
inline void clr_sat() {
  aie::set_saturation(aie::saturation_mode::none);
}
inline void set_rnd(int mode) {
  if (!aie::detail::is_valid_rounding(mode)) {
    throw std::invalid_argument("set_rnd(" + std::to_string(mode) +
                                "): not an AIE-ML rounding mode (valid: 0-3, 8-13; see "
                                "rnd_floor .. rnd_conv_odd)");
  }
  aie::set_rounding(static_cast<aie::rounding_mode>(mode));
}
inline int get_rnd() {
  return static_cast<int>(aie::get_rounding());
}

// Rounding-mode names Peano's AIE2 defines provide to kernels (values of the control register).
#ifndef rnd_floor
#define rnd_floor 0
#define rnd_ceil 1
#define rnd_sym_floor 2
#define rnd_sym_ceil 3
#define rnd_neg_inf 8
#define rnd_pos_inf 9
#define rnd_sym_zero 10
#define rnd_sym_inf 11
#define rnd_conv_even 12
#define rnd_conv_odd 13
#endif
