#include "byte_pattern.hpp"

#include "xdna/common/error.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace xdna::emu::detail {

BytePattern BytePattern::make(const design::AccessPattern& p, std::size_t elem_bytes,
                              std::uint64_t whole_bytes) {
  BytePattern b;
  if (p.empty()) {
    b.run = whole_bytes;
    b.total = whole_bytes;
    return b;
  }
  const auto es = static_cast<std::int64_t>(elem_bytes);
  b.offset = p.offset * es;
  std::vector<std::pair<std::int64_t, std::int64_t>> dims;  // innermost first
  for (std::size_t i = p.sizes.size(); i-- > 0;) dims.push_back({p.sizes[i], p.strides[i] * es});
  b.run = static_cast<std::uint64_t>(es);
  std::size_t first = 0;
  // Merge dimensions that continue the current run contiguously.
  while (first < dims.size() && dims[first].second == static_cast<std::int64_t>(b.run)) {
    b.run *= static_cast<std::uint64_t>(dims[first].first);
    ++first;
  }
  b.dims.assign(dims.begin() + static_cast<std::ptrdiff_t>(first), dims.end());
  if (b.dims.size() > 8)
    throw InputError("access pattern " + p.to_string() + " has more than 8 dimensions");
  // Size-1 dims never move the address.
  b.dims.erase(std::remove_if(b.dims.begin(), b.dims.end(), [](auto& d) { return d.first == 1; }),
               b.dims.end());
  b.total = b.run;
  for (auto& d : b.dims) b.total *= static_cast<std::uint64_t>(d.first);
  return b;
}

namespace {

// Byte-exact fallback for spans that start or end inside a run: one callback per (partial) run.
template <typename Fn>
void walk(const BytePattern& p, std::uint64_t pos, std::uint64_t n, Fn&& fn) {
  if (n == 0) return;
  if (p.dims.empty()) {
    fn(static_cast<std::uint64_t>(p.offset) + pos, std::uint64_t{0}, n);
    return;
  }
  std::uint64_t r = pos / p.run;
  std::uint64_t within = pos % p.run;
  std::array<std::int64_t, 8> idx{};  // BytePattern::make allows at most 8 dims
  std::int64_t addr = p.offset;
  for (std::size_t d = 0; d < p.dims.size(); ++d) {
    idx[d] = static_cast<std::int64_t>(r % static_cast<std::uint64_t>(p.dims[d].first));
    r /= static_cast<std::uint64_t>(p.dims[d].first);
    addr += idx[d] * p.dims[d].second;
  }
  std::uint64_t done = 0;
  while (done < n) {
    const std::uint64_t len = std::min(p.run - within, n - done);
    fn(static_cast<std::uint64_t>(addr) + within, done, len);
    done += len;
    within = 0;
    for (std::size_t d = 0; d < p.dims.size(); ++d) {  // odometer, innermost first
      addr += p.dims[d].second;
      if (++idx[d] < p.dims[d].first) break;
      addr -= idx[d] * p.dims[d].second;
      idx[d] = 0;
    }
  }
}

// One run between the stream and tile/host memory. `Run` fixed at compile time turns the copy
// into single moves (blocked GEMM layouts move 8- and 16-byte runs); 0 means `run` bytes.
template <std::uint64_t Run, bool Gather>
inline void move_run(std::byte* mem, std::byte* stream, std::uint64_t run) {
  if constexpr (Gather)
    std::memcpy(stream, mem, Run ? Run : run);
  else
    std::memcpy(mem, stream, Run ? Run : run);
}

// A whole transfer of a pattern of at most 4 dims as 4 nested loops, each advancing a memory
// and a stream pointer, so no address is recomputed per run. `Count`, when not 0, is the
// innermost dimension's size fixed at compile time: blocked layouts sweep 4 or 8 rows of a
// block there, and a fully unrolled sweep avoids a loop exit per handful of runs.
template <std::uint64_t Run, std::int64_t Count, bool Gather>
void walk_nested(std::byte* mem, const BytePattern& p, std::byte* stream, std::uint64_t run) {
  struct Loop {
    std::int64_t count, mem_stride, stream_stride;
  };
  std::array<Loop, 4> l;
  const std::uint64_t len = Run ? Run : run;
  auto stream_stride = static_cast<std::int64_t>(len);
  for (std::size_t k = 0; k < 4; ++k) {
    if (k < p.dims.size()) {
      l[k] = {p.dims[k].first, p.dims[k].second, stream_stride};
      stream_stride *= p.dims[k].first;
    } else {
      l[k] = {1, 0, 0};
    }
  }
  const std::int64_t count0 = Count ? Count : l[0].count;
  const std::int64_t ms = l[0].mem_stride, ts = l[0].stream_stride;
  // Byte offsets, not pointers: a stride past the last run never forms an invalid pointer.
  std::int64_t m3 = p.offset, t3 = 0;
  for (std::int64_t i3 = 0; i3 < l[3].count;
       ++i3, m3 += l[3].mem_stride, t3 += l[3].stream_stride) {
    std::int64_t m2 = m3, t2 = t3;
    for (std::int64_t i2 = 0; i2 < l[2].count;
         ++i2, m2 += l[2].mem_stride, t2 += l[2].stream_stride) {
      std::int64_t m1 = m2, t1 = t2;
      for (std::int64_t i1 = 0; i1 < l[1].count;
           ++i1, m1 += l[1].mem_stride, t1 += l[1].stream_stride) {
        std::int64_t m = m1, t = t1;
        for (std::int64_t i0 = 0; i0 < count0; ++i0, m += ms, t += ts)
          move_run<Run, Gather>(mem + m, stream + t, run);
      }
    }
  }
}

// Whole runs [first, first + count) of any pattern: the innermost dimension is a tight loop,
// the outer ones advance as an odometer once per innermost sweep.
template <std::uint64_t Run, bool Gather>
void walk_runs(std::byte* mem, const BytePattern& p, std::uint64_t first, std::uint64_t count,
               std::byte* stream, std::uint64_t run) {
  const auto& d = p.dims;
  const std::uint64_t len = Run ? Run : run;
  std::array<std::int64_t, 8> idx{};
  std::int64_t addr = p.offset;  // address of the current run
  std::uint64_t r = first;
  for (std::size_t k = 0; k < d.size(); ++k) {
    idx[k] = static_cast<std::int64_t>(r % static_cast<std::uint64_t>(d[k].first));
    r /= static_cast<std::uint64_t>(d[k].first);
    addr += idx[k] * d[k].second;
  }
  const auto [c0, s0] = d[0];
  std::byte* at = stream;
  for (;;) {
    const auto sweep = std::min(static_cast<std::uint64_t>(c0 - idx[0]), count);
    std::int64_t m = addr;
    for (std::uint64_t i = 0; i < sweep; ++i, m += s0, at += len)
      move_run<Run, Gather>(mem + m, at, run);
    count -= sweep;
    if (count == 0) return;
    addr -= idx[0] * s0;  // back to index 0 of the innermost dimension
    idx[0] = 0;
    for (std::size_t k = 1; k < d.size(); ++k) {  // odometer over the outer dimensions
      addr += d[k].second;
      if (++idx[k] < d[k].first) break;
      addr -= idx[k] * d[k].second;
      idx[k] = 0;
    }
  }
}

template <std::uint64_t Run, bool Gather>
void walk_span(std::byte* mem, const BytePattern& p, std::uint64_t pos, std::uint64_t n,
               std::byte* stream, std::uint64_t run) {
  if (pos == 0 && n == p.total && p.dims.size() <= 4) {
    switch (p.dims[0].first) {
      case 4:
        walk_nested<Run, 4, Gather>(mem, p, stream, run);
        break;
      case 8:
        walk_nested<Run, 8, Gather>(mem, p, stream, run);
        break;
      default:
        walk_nested<Run, 0, Gather>(mem, p, stream, run);
    }
  } else {
    walk_runs<Run, Gather>(mem, p, pos / run, n / run, stream, run);
  }
}

// Spans made of whole runs (every transfer of the built-in designs) take the run-at-a-time
// paths; anything else the byte-exact fallback. Returns false when the fallback is needed.
template <bool Gather>
bool walk_whole_runs(std::byte* mem, const BytePattern& p, std::uint64_t pos, std::uint64_t n,
                     std::byte* stream) {
  if (p.dims.empty() || n == 0 || pos % p.run != 0 || n % p.run != 0) return false;
  switch (p.run) {
    case 4:
      walk_span<4, Gather>(mem, p, pos, n, stream, 4);
      break;
    case 8:
      walk_span<8, Gather>(mem, p, pos, n, stream, 8);
      break;
    case 16:
      walk_span<16, Gather>(mem, p, pos, n, stream, 16);
      break;
    case 32:
      walk_span<32, Gather>(mem, p, pos, n, stream, 32);
      break;
    case 64:
      walk_span<64, Gather>(mem, p, pos, n, stream, 64);
      break;
    case 128:
      walk_span<128, Gather>(mem, p, pos, n, stream, 128);
      break;
    default:
      walk_span<0, Gather>(mem, p, pos, n, stream, p.run);
  }
  return true;
}

}  // namespace

void gather(const std::byte* base, const BytePattern& p, std::uint64_t pos, std::uint64_t n,
            std::byte* dst) {
  if (n == 0) return;
  if (p.dims.empty()) {  // linear: one copy
    std::memcpy(dst, base + p.offset + static_cast<std::int64_t>(pos), n);
    return;
  }
  // The walkers only read through `mem` when gathering.
  if (walk_whole_runs<true>(const_cast<std::byte*>(base), p, pos, n, dst)) return;
  walk(p, pos, n, [&](std::uint64_t addr, std::uint64_t at, std::uint64_t len) {
    std::memcpy(dst + at, base + addr, len);
  });
}

void scatter(std::byte* base, const BytePattern& p, std::uint64_t pos, std::uint64_t n,
             const std::byte* src) {
  if (n == 0) return;
  if (p.dims.empty()) {
    std::memcpy(base + p.offset + static_cast<std::int64_t>(pos), src, n);
    return;
  }
  if (walk_whole_runs<false>(base, p, pos, n, const_cast<std::byte*>(src))) return;
  walk(p, pos, n, [&](std::uint64_t addr, std::uint64_t at, std::uint64_t len) {
    std::memcpy(base + addr, src + at, len);
  });
}

}  // namespace xdna::emu::detail
