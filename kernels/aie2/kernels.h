// Entry points of open-xdna's AIE2 kernels (kernels/aie2/*.cc): what a design binds to a core.
//
// Every kernel is written against the AIE API only, so the same source compiles for the AIE core
// (Peano) and for the host (include/aie_api, library `xdna_kernels`). Signatures follow
// mlir-aie's conventions: plain pointers into the core's tile memory, runtime scalars as int32.
//
// Conventions for every kernel below
//   - bf16 data is processed in 32-lane vectors (512 bits): `n` must be a positive multiple of 32.
//     One call sees one tile's buffers, and 64 KiB of tile memory caps a bf16 vector at
//     n <= 4096 (FACTS §3); longer vectors are split across tiles (see the reduce_max family).
//   - Runtime thresholds and fractions arrive in Q8: value = q / 256.0f (the host encodes
//     q = round(x * 256)). The division is exact, so the value is exact for |q| < 2^24.
//   - Buffers are aligned to 32 bytes (the vector load/store granularity); in and out never
//     overlap. The kernels cannot report errors (there is no channel back from a core): callers
//     (designs, operators) check `n`, the alignment and the thresholds before binding them.
//   - "Kept" outputs copy the input bits unchanged; dropped lanes are +0 (bits 0x0000).
//   - Where a result depends on the core's rounding register (shift-round-saturate of a bf16
//     vector subtract, accfloat -> bf16 stores), the kernel obeys whatever mode the core is in
//     and says so below; nothing here sets the mode.
#ifndef XDNA_KERNELS_AIE2_KERNELS_H
#define XDNA_KERNELS_AIE2_KERNELS_H

#include <stdint.h>

#include <aie_api/aie.hpp>

extern "C" {

// ---- Collapse family (FACTS §3) ---------------------------------------------------------------

// collapse: n = 1024 fixed. tau = bf16(0.5). out[i] = x[i] >= tau ? x[i] : +0 (ties kept).
void collapse_bf16(const bfloat16* in, bfloat16* out);

// collapse_rt: tau = bf16(tau_q8 / 256) (round to nearest even). Per 32-lane vector:
// d = x - tau as a bf16 vector subtract (accfloat, then shift-round-saturate to bf16 under the
// core's rounding mode), keep = d >= 0, out = keep ? x : +0 (outputs x, not d). Note -0 >= 0,
// so x == tau is kept.
void collapse_rt_bf16(const bfloat16* in, bfloat16* out, int32_t tau_q8, int32_t n);

// collapse_fused: pass 1 running = broadcast(bf16(-1e30)), running = max(running, x) per vector,
// peak = reduce_max(running). tau = bf16((frac_q8 / 256) * float(peak)) (fp32 multiply, round
// to nearest even). Pass 2: out[i] = x[i] >= tau ? x[i] : +0. With every x below -1e30 the peak
// is bf16(-1e30).
void collapse_fused_bf16(const bfloat16* in, bfloat16* out, int32_t frac_q8, int32_t n);

// collapse_peak: pass 2 of collapse_fused with the peak supplied (peak[0], one bf16), for the
// cross-tile version: each tile runs reduce_max_*, the partials are combined, then every tile
// runs this on its slice. tau = bf16((frac_q8 / 256) * float(peak[0])); out = x >= tau ? x : +0.
// Tiling a vector this way gives the same bits as one collapse_fused_bf16 call over all of it,
// provided the combined peak is max(bf16(-1e30), max x) (see reduce_max_running_bf16).
void collapse_peak_bf16(const bfloat16* in, bfloat16* out, const bfloat16* peak, int32_t frac_q8,
                        int32_t n);

// compact (scalar unit): tau = tau_q8 / 256 in fp32 (no bf16 rounding). Scan i = 0..n-1: if
// float(x[i]) >= tau then out[k++] = x[i]. Then out[k..n-1] = +0. Stable; no count output.
void compact_bf16(const bfloat16* in, bfloat16* out, int32_t tau_q8, int32_t n);

// compact with the survivors' positions: as compact_bf16, plus indices_out[j] = index in `in`
// of out[j] for j < count, indices_out[count..n-1] = 0xFFFFFFFF, and count_out[0] = count.
// (Without these a kept zero is indistinguishable from the fill.)
void compact_indexed_bf16(const bfloat16* in, bfloat16* out, uint32_t* indices_out,
                          int32_t* count_out, int32_t tau_q8, int32_t n);

// pse_collapse: peak as in collapse_fused (vector pass 1); tau = (frac_q8 / 256) * float(peak)
// in fp32, NOT rounded to bf16 (unlike collapse_fused); then compact's scan, pack, zero fill.
void pse_collapse_bf16(const bfloat16* in, bfloat16* out, int32_t frac_q8, int32_t n);

// pse_collapse with survivor positions and count, laid out as in compact_indexed_bf16.
void pse_collapse_indexed_bf16(const bfloat16* in, bfloat16* out, uint32_t* indices_out,
                               int32_t* count_out, int32_t frac_q8, int32_t n);

// shuffle_demo: n = 1024 fixed. Reverse within each 32-lane vector: out[i + j] = x[i + 31 - j]
// for i a multiple of 32, j in 0..31 (aie::reverse).
void reverse_bf16(const bfloat16* in, bfloat16* out);

// ---- Reductions --------------------------------------------------------------------------------

// out[0] = max(lowest, x[0..n-1]) with lowest = -3.3895e38 (bits 0xFF7F, the most negative
// finite bf16): vector max over the input, then a tree of shift_bytes + max inside the register
// (32, 16, 8, 4, 2 bytes), lane 0 taken. -inf inputs therefore give 0xFF7F. The sign of a zero
// maximum when both +0 and -0 occur is whatever aie::max gives on equal lanes.
void reduce_max_bf16(const bfloat16* in, bfloat16* out, int32_t n);

// Running partial for vectors longer than a tile: peak[0] = max(peak[0], max x[0..n-1]) with
// the same vector tree. Seed peak[0] with bf16(-1e30) to reproduce collapse_fused's pass 1 over
// several slices, or with 0xFF7F to reproduce reduce_max_bf16.
void reduce_max_running_bf16(const bfloat16* in, bfloat16* peak, int32_t n);

// Combines per-tile partial maxima (scalar unit): out[0] = max(partials[0..count-1]),
// count >= 1 (any count, no multiple-of-32 rule). Ties keep the earlier partial.
void max_combine_bf16(const bfloat16* partials, bfloat16* out, int32_t count);

// ---- Elementwise -------------------------------------------------------------------------------

// out[i] = x[i] > 0 ? x[i] : +0 (so -0 and NaN give +0).
void relu_bf16(const bfloat16* in, bfloat16* out, int32_t n);

// OpenCV threshold on uint8 lines (cv::threshold with THRESH_BINARY = 0, BINARY_INV = 1,
// TRUNC = 2, TOZERO = 3, TOZERO_INV = 4):
//   binary: x > t ? maxval : 0        binary_inv: x > t ? 0 : maxval
//   trunc:  x > t ? t : x             tozero: x > t ? x : 0        tozero_inv: x > t ? 0 : x
// n a positive multiple of 32 (64-lane vectors, one 32-lane step for an odd tail). Any other
// `type` writes nothing: callers validate it. FACTS §6's pipeline uses binary, t = 10, 255.
void threshold_u8(const uint8_t* in, uint8_t* out, int32_t n, uint8_t thresh, uint8_t maxval,
                  int32_t type);

// ---- GEMM micro-kernels: C += A * B on one tile ------------------------------------------------
//
// Layout (the mlir-aie single_core layout; the design's DMA access patterns produce it):
// A is M x K, B is K x N, C is M x N. Each matrix is cut into blocks of the mmul shape
// (A: r x s, B: s x t, C: r x t). Inside a block elements are row-major; the blocks themselves
// are stored in row-major order of the block grid. So element (i, j) of A sits at
//   ((i / r) * (K / s) + (j / s)) * (r * s) + (i % r) * s + (j % s)
// and likewise for B with (s, t, N) and C with (r, t, N). Shapes: int16 r, s, t = 4, 4, 4;
// bf16 r, s, t = 4, 8, 4.
//
// The loop computes a 2 x 2 group of C blocks at a time, so M / r and N / t are even.
// Each call loads C, adds the full K-long dot products in the accumulator, and stores C once:
//   - i16 -> i32: acc32 lanes, exact modulo 2^32 (wraps on overflow, like the hardware adders).
//   - bf16 -> f32: accfloat; C is loaded into the accumulator exactly and stored exactly; the
//     sum order inside the accumulator is the mmul's (docs/KERNELS.md).
//   - bf16 -> bf16: as bf16 -> f32, then ONE accfloat -> bf16 rounding per call under the core's
//     rounding mode (floor at reset, conv_even with mlir-aie's bf16 prologue).
// To start a product, zero C with the matching zero_* kernel; to continue over K, call again.
void matmul_i16_i32(const int16_t* a, const int16_t* b, int32_t* c);  // 64 x 64 x 64
void matmul_i16_i32_32x32x32(const int16_t* a, const int16_t* b, int32_t* c);
void matmul_bf16_f32(const bfloat16* a, const bfloat16* b, float* c);  // 64 x 64 x 64
void matmul_bf16_f32_32x32x32(const bfloat16* a, const bfloat16* b, float* c);
void matmul_bf16_bf16(const bfloat16* a, const bfloat16* b, bfloat16* c);  // 64 x 64 x 64
void matmul_bf16_bf16_32x32x32(const bfloat16* a, const bfloat16* b, bfloat16* c);

// Zero a C tile (64 x 64, or 32 x 32 for the _32x32 forms), all bits 0.
void zero_i32(int32_t* c);
void zero_f32(float* c);
void zero_bf16(bfloat16* c);
void zero_i32_32x32(int32_t* c);
void zero_f32_32x32(float* c);
void zero_bf16_32x32(bfloat16* c);

}  // extern "C"

#endif  // XDNA_KERNELS_AIE2_KERNELS_H
