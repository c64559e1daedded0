// The selection operators: argument checks, Q8 encoding of the runtime scalar, and dispatch to
// the CPU fast path or the emulator. The semantics (FACTS §3) live here once; both backends
// implement exactly these formulas.
#include "xdna/ops/selection.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "bf16_order.hpp"
#include "parallel.hpp"
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

// Inputs of at least cpu::kThreadedCollapseMin / kThreadedCompactMin elements are split over
// cpu_threads() threads (XDNA_THREADS). A std::thread costs about 45 µs to start and join on this
// host (a memcpy of 32 KB split over 2 threads takes 45 µs), one thread must still initialise the
// result vectors, and below a few MB the single-threaded kernels run from cache at 13-25 GB/s, so
// threads only pay off for large inputs: the thresholds are the measured crossovers
// (selection_cpu.hpp).
//
// The threaded paths work on blocks of this many elements, taken in order from a shared counter.
// Blocks rather than one piece per thread because the result vectors can only be initialised by
// one thread (std::vector has no uninitialised growth, and the output's zeros are needed anyway):
// that thread grows the vector block by block while the others already process the blocks behind
// the growth front, then it joins them. A multiple of 4096 (whole kernel steps and cache lines).
constexpr std::size_t kThreadBlock = std::size_t{1} << 16;

// Runs work(b) for every block b in [0, blocks) on up to cpu_threads() threads, one of which first
// runs grow(publish): grow sizes a result vector step by step and calls publish(size) after each
// step; work(b) starts only once the published size is at least needed(b). The vector's storage
// must be reserved beforehand, so growing it moves nothing and the other threads may write
// elements below the published size (distinct objects) while it grows. If grow throws, the
// waiting threads give up and the exception is rethrown here.
void grow_while_working(std::size_t blocks,
                        const std::function<void(const std::function<void(std::size_t)>&)>& grow,
                        const std::function<std::size_t(std::size_t)>& needed,
                        const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> published{0};
  std::atomic<std::size_t> next_block{0};
  std::atomic<bool> grow_failed{false};
  std::exception_ptr grow_error;
  const std::size_t workers = std::max<std::size_t>(1, std::min(cpu::cpu_threads(), blocks));
  cpu::parallel_for(workers, 1, [&](std::size_t first, std::size_t) {
    if (first == 0) {  // exactly one invocation starts at 0
      try {
        grow([&](std::size_t size) { published.store(size, std::memory_order_release); });
      } catch (...) {
        grow_error = std::current_exception();
        grow_failed.store(true, std::memory_order_release);
        return;
      }
    }
    for (std::size_t b = next_block.fetch_add(1); b < blocks; b = next_block.fetch_add(1)) {
      const std::size_t need = needed(b);
      while (published.load(std::memory_order_acquire) < need) {
        if (grow_failed.load(std::memory_order_acquire)) return;
        std::this_thread::yield();
      }
      work(b);
    }
  });
  if (grow_error) std::rethrow_exception(grow_error);
}

// Zeros appended from a constant block: inserting a range of trivially copyable elements is a
// memmove, where value-initialising bfloat16s (resize) is an element loop (GCC 12, -O2).
constexpr std::size_t kZeroBlock = 2048;
const std::array<bfloat16, kZeroBlock> kZeroPiece{};

void grow_with_zeros(std::vector<bfloat16>& v, std::size_t size) {
  while (v.size() < size) {
    const std::size_t add = std::min(kZeroPiece.size(), size - v.size());
    v.insert(v.end(), kZeroPiece.begin(), kZeroPiece.begin() + static_cast<std::ptrdiff_t>(add));
  }
}

// collapse, small inputs: a reused result of n elements (collapse(..., into)) is written straight
// from x. A fresh one starts as a copy of x (a memmove) and the kernel then works in place:
// value-initialising a vector<bfloat16> runs an element loop several times slower than the
// kernel. The kernel only writes positions it has already read.
// Large inputs: one thread grows out with zeros (half the memory traffic of a copy) while the
// threads threshold x's blocks into the grown part; survivor counts are summed.
void collapse_cpu(std::span<const bfloat16> x, bfloat16 tau, CollapseResult& r) {
  r.tau = static_cast<float>(tau);
  r.peak = 0;
  const std::size_t n = x.size();
  if (r.out.size() > n) r.out.resize(n);  // a reused result: its elements are overwritten
  if (n < cpu::kThreadedCollapseMin || cpu::cpu_threads() == 1) {
    if (r.out.size() == n) {
      r.survivors = cpu::threshold_positional(raw(x), n, r.tau, raw(r.out));
    } else {
      r.out.assign(x.begin(), x.end());
      r.survivors = cpu::threshold_positional(raw(r.out), n, r.tau, raw(r.out));
    }
    return;
  }
  r.out.reserve(n);
  std::uint16_t* const out = raw(r.out);  // stable: the growth stays within the reserved storage
  const std::size_t blocks = (n + kThreadBlock - 1) / kThreadBlock;
  auto block_end = [&](std::size_t b) { return std::min(n, (b + 1) * kThreadBlock); };
  std::atomic<std::size_t> survivors{0};
  grow_while_working(
      blocks,
      [&](const std::function<void(std::size_t)>& publish) {
        for (std::size_t b = 0; b < blocks; ++b) {
          grow_with_zeros(r.out, block_end(b));
          publish(r.out.size());
        }
      },
      block_end,
      [&](std::size_t b) {
        const std::size_t begin = b * kThreadBlock;
        survivors.fetch_add(
            cpu::threshold_positional(raw(x) + begin, block_end(b) - begin, r.tau, out + begin),
            std::memory_order_relaxed);
      });
  r.survivors = survivors.load();
}

// compact works through x one piece at a time. The kernel writes a piece straight into out (and
// indices) when it already holds (survivors so far + piece length) elements, the most the kernel
// can write: that is the case for a result reused for inputs of similar size (compact(..., into)),
// whose elements are overwritten in place. Otherwise (a fresh result: std::vector cannot grow
// uninitialised) it writes into a scratch piece in L1 and only the survivors are put in place, a
// copy. The earlier way, growing the vectors with zeros for the kernel to overwrite, measured the
// same within noise for fresh results (docs/OPERATORS.md); the copy keeps one path for both cases.
// Whatever follows the survivors at the end (kernel zeros, or an earlier result's values) is
// zeroed and out grows to n with zeros.
constexpr std::size_t kCompactPiece = 2048;  // measured best of 2 Ki / 4 Ki / 16 Ki on this Zen 4

// v[at..at+count) = src[0..count), overwriting what v holds there and appending the rest
// (at <= v.size()).
template <class T, class Raw>
void put_at(std::vector<T>& v, std::size_t at, const Raw* src, std::size_t count) {
  static_assert(sizeof(T) == sizeof(Raw) && std::is_trivially_copyable_v<T>);
  const std::size_t overwrite = std::min(count, v.size() - at);
  std::memcpy(static_cast<void*>(v.data() + at), src, overwrite * sizeof(T));
  const T* rest = reinterpret_cast<const T*>(src + overwrite);
  v.insert(v.end(), rest, rest + (count - overwrite));
}

// Prepares a (possibly reused) result for an input of n elements: out holds at most n elements.
void prepare_compact_result(CompactResult& r, std::size_t n) {
  if (r.out.size() > n) r.out.resize(n);
  r.out.reserve(n);
  r.indices.reserve(n);
  r.peak = 0;
}

void compact_cpu_single(std::span<const bfloat16> x, float tau, CompactResult& r) {
  const std::size_t n = x.size();
  prepare_compact_result(r, n);
  std::size_t k = 0;  // invariant: out and indices hold at least k elements
  for (std::size_t i = 0; i < n; i += kCompactPiece) {
    const std::size_t len = std::min(kCompactPiece, n - i);
    std::uint16_t scratch_values[kCompactPiece];
    std::uint32_t scratch_indices[kCompactPiece];
    const bool values_direct = r.out.size() >= k + len;
    const bool indices_direct = r.indices.size() >= k + len;
    const std::size_t kept = cpu::compact_survivors(
        raw(x) + i, len, tau, values_direct ? raw(r.out) + k : scratch_values,
        indices_direct ? r.indices.data() + k : scratch_indices, static_cast<std::uint32_t>(i));
    if (!values_direct) put_at(r.out, k, scratch_values, kept);
    if (!indices_direct) put_at(r.indices, k, scratch_indices, kept);
    k += kept;
  }
  cpu::zero_fill(raw(r.out) + k, r.out.size() - k);
  grow_with_zeros(r.out, n);
  r.indices.resize(k);
  r.count = k;
  r.tau = tau;
}

// compact for large inputs, in two parallel passes over x's blocks. First each block's survivors
// are counted while one thread grows out to n with zeros (which is also the zero tail behind the
// survivors); an exclusive prefix sum then gives every block its exact offset in the output. Then
// each block is packed at its offset while one thread grows indices to the final count (a memset
// per step); compact_survivors_exact writes only inside the block's own survivors, so blocks
// packed at the same time do not touch each other's ranges.
void compact_cpu_threaded(std::span<const bfloat16> x, float tau, CompactResult& r) {
  const std::size_t n = x.size();
  const std::size_t blocks = (n + kThreadBlock - 1) / kThreadBlock;
  auto block_begin = [](std::size_t b) { return b * kThreadBlock; };
  auto block_end = [&](std::size_t b) { return std::min(n, (b + 1) * kThreadBlock); };
  prepare_compact_result(r, n);
  const std::size_t stale = r.out.size();  // out[0..stale) holds an earlier result's elements
  std::vector<std::size_t> offset(blocks + 1, 0);
  grow_while_working(
      blocks,
      [&](const std::function<void(std::size_t)>& publish) {
        grow_with_zeros(r.out, n);
        publish(n);
      },
      [](std::size_t) { return std::size_t{0}; },
      [&](std::size_t b) {
        offset[b + 1] =
            cpu::count_survivors(raw(x) + block_begin(b), block_end(b) - block_begin(b), tau);
      });
  for (std::size_t b = 0; b < blocks; ++b) offset[b + 1] += offset[b];
  const std::size_t k = offset[blocks];
  std::uint16_t* const out = raw(r.out);
  std::uint32_t* const indices = r.indices.data();  // stable: growth stays within the reservation
  grow_while_working(
      blocks,
      [&](const std::function<void(std::size_t)>& publish) {
        for (std::size_t b = 0; b < blocks; ++b) {
          if (r.indices.size() < offset[b + 1]) r.indices.resize(offset[b + 1]);  // a memset
          publish(r.indices.size());
        }
      },
      [&](std::size_t b) { return offset[b + 1]; },
      [&](std::size_t b) {
        cpu::compact_survivors_exact(raw(x) + block_begin(b), block_end(b) - block_begin(b), tau,
                                     out + offset[b], indices + offset[b],
                                     static_cast<std::uint32_t>(block_begin(b)),
                                     offset[b + 1] - offset[b]);
      });
  if (k < stale) {  // an earlier result's values may remain in out[k..stale)
    cpu::parallel_for(stale - k, kThreadBlock, [&](std::size_t begin, std::size_t end) {
      cpu::zero_fill(out + k + begin, end - begin);
    });
  }
  r.indices.resize(k);
  r.count = k;
  r.tau = tau;
}

void compact_cpu(std::span<const bfloat16> x, float tau, CompactResult& r) {
  if (x.size() < cpu::kThreadedCompactMin || cpu::cpu_threads() == 1) {
    compact_cpu_single(x, tau, r);
  } else {
    compact_cpu_threaded(x, tau, r);
  }
}

// compact and pse_collapse pack survivors towards the front of into.out while other threads may
// still read x, so x must not lie in into's storage (collapse, positional, may work in place).
template <class T>
bool overlaps(std::span<const bfloat16> x, const std::vector<T>& storage) {
  const auto begin = reinterpret_cast<std::uintptr_t>(x.data());
  const auto end = begin + x.size_bytes();
  const auto s_begin = reinterpret_cast<std::uintptr_t>(storage.data());
  const auto s_end = s_begin + storage.capacity() * sizeof(T);
  return begin < s_end && s_begin < end;
}

void require_separate(std::span<const bfloat16> x, const CompactResult& into, const char* op) {
  if (overlaps(x, into.out) || overlaps(x, into.indices)) {
    throw InputError(std::string(op) +
                     ": the input lies in the storage of the result it would be written into "
                     "(into.out or into.indices); pass a copy of the input or another result");
  }
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

CollapseResult& collapse(std::span<const bfloat16> x, float tau, Backend backend,
                         CollapseResult& into) {
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
      collapse_cpu(x, static_cast<float>(applied) == 0.0f ? bfloat16::from_bits(0x807f) : applied,
                   into);
      into.tau = static_cast<float>(applied);
      into.q8 = q;
      return into;
    }
    case Backend::emu:
      into = emu::collapse(x, q);
      return into;
    case Backend::npu:
      throw_npu_unavailable("collapse");
  }
  throw InputError("collapse: invalid backend");
}

CollapseResult collapse(std::span<const bfloat16> x, float tau, Backend backend) {
  CollapseResult r;
  collapse(x, tau, backend, r);
  return r;
}

CollapseResult& collapse_fused(std::span<const bfloat16> x, float frac, Backend backend,
                               CollapseResult& into) {
  require_nonempty(x, "collapse-fused");
  const std::int32_t q = to_q8(frac);
  switch (backend) {
    case Backend::cpu: {
      const bfloat16 peak = fused_peak_cpu(x, detail::kPositionalChunk);
      const float product = from_q8(q) * static_cast<float>(peak);  // fp32 multiply
      collapse_cpu(x, bfloat16(product), into);                     // then rounded to bf16
      into.q8 = q;
      into.peak = static_cast<float>(peak);
      return into;
    }
    case Backend::emu:
      into = emu::collapse_fused(x, q);
      return into;
    case Backend::npu:
      throw_npu_unavailable("collapse-fused");
  }
  throw InputError("collapse-fused: invalid backend");
}

CollapseResult collapse_fused(std::span<const bfloat16> x, float frac, Backend backend) {
  CollapseResult r;
  collapse_fused(x, frac, backend, r);
  return r;
}

CompactResult& compact(std::span<const bfloat16> x, float tau, Backend backend,
                       CompactResult& into) {
  require_nonempty(x, "compact");
  require_separate(x, into, "compact");
  const std::int32_t q = to_q8(tau);
  switch (backend) {
    case Backend::cpu:
      compact_cpu(x, from_q8(q), into);  // fp32 threshold, no bf16 rounding
      into.q8 = q;
      return into;
    case Backend::emu:
      into = emu::compact(x, q);
      return into;
    case Backend::npu:
      throw_npu_unavailable("compact");
  }
  throw InputError("compact: invalid backend");
}

CompactResult compact(std::span<const bfloat16> x, float tau, Backend backend) {
  CompactResult r;
  compact(x, tau, backend, r);
  return r;
}

CompactResult& pse_collapse(std::span<const bfloat16> x, float frac, Backend backend,
                            CompactResult& into) {
  require_nonempty(x, "pse-collapse");
  require_separate(x, into, "pse-collapse");
  const std::int32_t q = to_q8(frac);
  switch (backend) {
    case Backend::cpu: {
      const bfloat16 peak = fused_peak_cpu(x, detail::kCompactChunk);
      compact_cpu(x, from_q8(q) * static_cast<float>(peak), into);  // fp32, unrounded
      into.q8 = q;
      into.peak = static_cast<float>(peak);
      return into;
    }
    case Backend::emu:
      into = emu::pse_collapse(x, q);
      return into;
    case Backend::npu:
      throw_npu_unavailable("pse-collapse");
  }
  throw InputError("pse-collapse: invalid backend");
}

CompactResult pse_collapse(std::span<const bfloat16> x, float frac, Backend backend) {
  CompactResult r;
  pse_collapse(x, frac, backend, r);
  return r;
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
