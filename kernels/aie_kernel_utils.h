// Loop hints, `restrict` and trace markers for AIE kernel sources (kernels/aie2/*.cc).
//
// Kernels include this as "../aie_kernel_utils.h" before <aie_api/aie.hpp>, exactly as mlir-aie's
// kernels do, so one source compiles three ways:
//   - Peano (llvm-aie, defines __AIECC__): the hints become clang loop pragmas;
//   - xchesscc (defines __chess__): the hints become chess attributes;
//   - the host (anything else): the hints vanish, __AIE_ARCH__ is 20 (AIE2 / AIE-ML), and
//     event0()/event1() report to the emulated core (aie::host::current_core()).
// On the AIE toolchains event0()/event1() are compiler intrinsics; only the host defines them.
#ifndef XDNA_AIE_KERNEL_UTILS_H
#define XDNA_AIE_KERNEL_UTILS_H

#if defined(__chess__)

#define AIE_LOOP_UNROLL(x) [[chess::unroll_loop(x)]]
#define AIE_LOOP_UNROLL_FULL [[chess::unroll_loop()]]
#define AIE_LOOP_NO_UNROLL [[chess::no_unroll]]
#define AIE_LOOP_MIN_ITERATION_COUNT(x) [[chess::min_loop_count(x)]]
#define AIE_LOOP_MAX_ITERATION_COUNT(x) [[chess::max_loop_count(x)]]
#define AIE_LOOP_RANGE(a, ...) \
  [[chess::min_loop_count(a)]] __VA_OPT__([[chess::max_loop_count(__VA_ARGS__)]])
#define AIE_PREPARE_FOR_PIPELINING [[chess::prepare_for_pipelining]]
#define AIE_LOOP_FLATTEN chess_flatten_loop

#elif defined(__AIECC__)

#define XDNA_AIE_PRAGMA_TEXT(x) _Pragma(#x)
#define XDNA_AIE_PRAGMA(x) XDNA_AIE_PRAGMA_TEXT(x)
#define AIE_LOOP_UNROLL(x) XDNA_AIE_PRAGMA(clang loop unroll_count(x))
#define AIE_LOOP_UNROLL_FULL _Pragma("clang loop unroll(full)")
#define AIE_LOOP_NO_UNROLL _Pragma("clang loop unroll(disable)")
#define AIE_LOOP_MIN_ITERATION_COUNT(x) XDNA_AIE_PRAGMA(clang loop min_iteration_count(x))
#define AIE_LOOP_MAX_ITERATION_COUNT(x) XDNA_AIE_PRAGMA(clang loop max_iteration_count(x))
#define AIE_LOOP_RANGE(a, ...) \
  AIE_LOOP_MIN_ITERATION_COUNT(a) __VA_OPT__(AIE_LOOP_MAX_ITERATION_COUNT(__VA_ARGS__))
#define AIE_PREPARE_FOR_PIPELINING
#define AIE_LOOP_FLATTEN

#else  // the host

#ifndef __AIE_ARCH__
#define __AIE_ARCH__ 20
#endif

// The hints only steer the AIE schedulers; the host compiler gets no say from them.
#define AIE_LOOP_UNROLL(x)
#define AIE_LOOP_UNROLL_FULL
#define AIE_LOOP_NO_UNROLL
#define AIE_LOOP_MIN_ITERATION_COUNT(x)
#define AIE_LOOP_MAX_ITERATION_COUNT(x)
#define AIE_LOOP_RANGE(a, ...)
#define AIE_PREPARE_FOR_PIPELINING
#define AIE_LOOP_FLATTEN

#include <aie_api/detail/core_state.hpp>

namespace xdna_kernel_detail {
// A trace marker: counted on the core's counters and passed to the emulator's trace listener.
inline void report_event(int event_id) {
  aie::host::core_state& core = aie::host::current_core();
  if (core.counters != nullptr) core.counters->events += 1;
  if (core.on_event != nullptr) core.on_event(core.event_ctx, event_id);
}
}  // namespace xdna_kernel_detail

inline void event0() {
  xdna_kernel_detail::report_event(0);
}
inline void event1() {
  xdna_kernel_detail::report_event(1);
}

#endif

// Kernels spell the C99 qualifier; C++ compilers know it as __restrict.
#ifndef restrict
#define restrict __restrict
#endif

#endif  // XDNA_AIE_KERNEL_UTILS_H
