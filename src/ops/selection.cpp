// The selection operators: argument checks, Q8 encoding of the runtime scalar, and dispatch to
// the CPU fast path or the emulator. The semantics (FACTS §3) live here once; both backends
// implement exactly these formulas.
#include "xdna/ops/selection.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "bf16_order.hpp"
#include "selection_cpu.hpp"
#include "selection_emu.hpp"
#include "selection_plan.hpp"
#include "xdna/common/error.hpp"

namespace xdna::ops {

namespace {

const std::uint16_t* raw(std::span<const bfloat16> x) {
  return reinterpret_cast<const std::uint16_t*>(x.data());
}
std::uint16_t* raw(std::vector<bfloat16>& x) {
  return reinterpret_cast<std::uint16_t*>(x.data());
}

void require_nonempty(std::span<const bfloat16> x, const char* op) {
  if (x.empty())
    throw InputError(std::string(op) + ": empty input vector (need at least 1 element)");
  if (x.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw InputError(std::string(op) + ": " + std::to_string(x.size()) +
                     " elements exceed the 2^32-1 the survivor indices can address");
  }
}

// The value a Q8 runtime parameter stands for, as the kernels compute it: float(q) / 256.
float from_q8(std::int32_t q) {
  return static_cast<float>(q) / 256.0f;
}

// The peak the NPU layout computes (selection_plan.hpp), from the fused kernels' bf16(-1e30).
bfloat16 fused_peak_cpu(std::span<const bfloat16> x, std::size_t max_chunk) {
  const detail::SelectionPlan plan = detail::plan_selection(x.size(), max_chunk);
  return bfloat16::from_bits(detail::planned_peak(raw(x), plan, kPeakFloorBits));
}

// collapse: the result starts as a copy of x (a memmove) and the kernel then works in place:
// value-initialising a vector<bfloat16> runs an element loop several times slower than the kernel.
// The kernel only writes positions it has already read.
CollapseResult collapse_cpu(std::span<const bfloat16> x, bfloat16 tau) {
  CollapseResult r;
  r.out.assign(x.begin(), x.end());
  r.tau = static_cast<float>(tau);
  r.survivors = cpu::threshold_positional(raw(r.out), x.size(), r.tau, raw(r.out));
  return r;
}

// compact writes from x straight into the result vectors, one piece of x at a time. Before each
// piece, out and indices grow to (survivors so far + piece length), the most the kernel can write
// for the piece: the growth is zeros (out's packed tail needs zeros anyway), written just before
// the kernel overwrites most of it, so it is still in cache. Once x is done, out grows to n with
// zeros. So no element is initialised far from its final write, nothing is copied twice, and
// indices are initialised only up to (survivors + one piece) instead of n.
constexpr std::size_t kCompactPiece = 2048;  // measured best of 2 Ki / 4 Ki / 16 Ki on this Zen 4

// Zeros appended from a constant block: inserting a range of trivially copyable elements is a
// memmove, where value-initialising bfloat16s (resize) is an element loop (GCC 12, -O2).
const std::array<bfloat16, kCompactPiece> kZeroPiece{};

void grow_with_zeros(std::vector<bfloat16>& v, std::size_t size) {
  while (v.size() < size) {
    const std::size_t add = std::min(kZeroPiece.size(), size - v.size());
    v.insert(v.end(), kZeroPiece.begin(), kZeroPiece.begin() + static_cast<std::ptrdiff_t>(add));
  }
}

CompactResult compact_cpu(std::span<const bfloat16> x, float tau) {
  CompactResult r;
  const std::size_t n = x.size();
  r.out.reserve(n);
  r.indices.reserve(n);
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; i += kCompactPiece) {
    const std::size_t len = std::min(kCompactPiece, n - i);
    grow_with_zeros(r.out, k + len);
    r.indices.resize(k + len);  // std::uint32_t: a memset
    k += cpu::compact_survivors(raw(x) + i, len, tau, raw(r.out) + k, r.indices.data() + k,
                                static_cast<std::uint32_t>(i));
  }
  grow_with_zeros(r.out, n);
  r.indices.resize(k);
  r.count = k;
  r.tau = tau;
  return r;
}

}  // namespace

std::int32_t to_q8(float x) {
  if (!std::isfinite(x)) {
    throw InputError("runtime parameter " + std::to_string(x) +
                     " is not finite: the kernels take it as a Q8 int32 (value * 256)");
  }
  const double q = std::round(static_cast<double>(x) * 256.0);  // half away from zero
  if (q < static_cast<double>(std::numeric_limits<std::int32_t>::min()) ||
      q > static_cast<double>(std::numeric_limits<std::int32_t>::max())) {
    throw InputError("runtime parameter " + std::to_string(x) +
                     " does not fit the kernels' Q8 int32 (|value| must be below 8388608)");
  }
  return static_cast<std::int32_t>(q);
}

CollapseResult collapse(std::span<const bfloat16> x, float tau, Backend backend) {
  require_nonempty(x, "collapse");
  const std::int32_t q = to_q8(tau);
  switch (backend) {
    case Backend::cpu: {
      // The kernel keeps bf16(x - tau) >= 0, the subtract on the float datapath, which flushes
      // subnormals (keeping the sign). tau = bf16(q/256) is 0 or at least 2^-8 in magnitude, so
      // x - tau keeps the sign of flush(x) - tau through rounding and flushing: the test is
      // flush(x) >= tau, NaN failing. That differs from x >= tau only for tau = 0 and x a
      // negative subnormal (flushed to -0, and -0 >= 0), i.e. x >= -(largest subnormal).
      const bfloat16 applied = bfloat16(from_q8(q));
      CollapseResult r = collapse_cpu(
          x, static_cast<float>(applied) == 0.0f ? bfloat16::from_bits(0x807f) : applied);
      r.tau = static_cast<float>(applied);
      r.q8 = q;
      return r;
    }
    case Backend::emu:
      return emu::collapse(x, q);
    case Backend::npu:
      throw_npu_unavailable("collapse");
  }
  throw InputError("collapse: invalid backend");
}

CollapseResult collapse_fused(std::span<const bfloat16> x, float frac, Backend backend) {
  require_nonempty(x, "collapse-fused");
  const std::int32_t q = to_q8(frac);
  switch (backend) {
    case Backend::cpu: {
      const bfloat16 peak = fused_peak_cpu(x, detail::kPositionalChunk);
      const float product = from_q8(q) * static_cast<float>(peak);  // fp32 multiply
      CollapseResult r = collapse_cpu(x, bfloat16(product));        // then rounded to bf16
      r.q8 = q;
      r.peak = static_cast<float>(peak);
      return r;
    }
    case Backend::emu:
      return emu::collapse_fused(x, q);
    case Backend::npu:
      throw_npu_unavailable("collapse-fused");
  }
  throw InputError("collapse-fused: invalid backend");
}

CompactResult compact(std::span<const bfloat16> x, float tau, Backend backend) {
  require_nonempty(x, "compact");
  const std::int32_t q = to_q8(tau);
  switch (backend) {
    case Backend::cpu: {
      CompactResult r = compact_cpu(x, from_q8(q));  // fp32 threshold, no bf16 rounding
      r.q8 = q;
      return r;
    }
    case Backend::emu:
      return emu::compact(x, q);
    case Backend::npu:
      throw_npu_unavailable("compact");
  }
  throw InputError("compact: invalid backend");
}

CompactResult pse_collapse(std::span<const bfloat16> x, float frac, Backend backend) {
  require_nonempty(x, "pse-collapse");
  const std::int32_t q = to_q8(frac);
  switch (backend) {
    case Backend::cpu: {
      const bfloat16 peak = fused_peak_cpu(x, detail::kCompactChunk);
      CompactResult r = compact_cpu(x, from_q8(q) * static_cast<float>(peak));  // fp32, unrounded
      r.q8 = q;
      r.peak = static_cast<float>(peak);
      return r;
    }
    case Backend::emu:
      return emu::pse_collapse(x, q);
    case Backend::npu:
      throw_npu_unavailable("pse-collapse");
  }
  throw InputError("pse-collapse: invalid backend");
}

bfloat16 topk_threshold(std::span<const bfloat16> x, std::size_t count, Backend backend) {
  require_nonempty(x, "topk");
  const std::size_t ordered = cpu::count_ordered(raw(x), x.size());
  if (count == 0 || count > ordered) {
    throw InputError("topk: count " + std::to_string(count) + " must be between 1 and the " +
                     std::to_string(ordered) + " non-NaN elements of the input (" +
                     std::to_string(x.size() - ordered) + " NaN)");
  }
  switch (backend) {
    case Backend::cpu: {
      const std::uint16_t bits = cpu::kth_largest_bits(raw(x), x.size(), count);
      return bfloat16::from_bits(bits == 0x8000 ? std::uint16_t{0} : bits);  // zero as +0
    }
    case Backend::emu:
      return emu::topk_threshold(x, count);
    case Backend::npu:
      throw_npu_unavailable("topk");
  }
  throw InputError("topk: invalid backend");
}

bfloat16 reduce_max(std::span<const bfloat16> x, Backend backend) {
  require_nonempty(x, "reduce-max");
  switch (backend) {
    case Backend::cpu: {
      const detail::SelectionPlan plan = detail::plan_selection(x.size(), detail::kPositionalChunk);
      return bfloat16::from_bits(detail::planned_peak(raw(x), plan, detail::kLowestBits));
    }
    case Backend::emu:
      return emu::reduce_max(x);
    case Backend::npu:
      throw_npu_unavailable("reduce-max");
  }
  throw InputError("reduce-max: invalid backend");
}

}  // namespace xdna::ops
