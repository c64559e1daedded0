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

template <typename Fn>
void walk(const BytePattern& p, std::uint64_t pos, std::uint64_t n, Fn&& fn) {
  if (n == 0) return;
  if (p.dims.empty()) {
    fn(static_cast<std::uint64_t>(p.offset) + pos, std::uint64_t{0}, n);
    return;
  }
  std::uint64_t r = pos / p.run;
  std::uint64_t within = pos % p.run;
  std::array<std::int64_t, 8> idx{};  // patterns have at most 4 dims (validated)
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

// Blocked GEMM layouts move 8- and 16-byte runs; fixed-size copies compile to single moves
// where a variable-size memcpy would be a call.
inline void copy_run(std::byte* dst, const std::byte* src, std::uint64_t len) {
  switch (len) {
    case 4:
      std::memcpy(dst, src, 4);
      break;
    case 8:
      std::memcpy(dst, src, 8);
      break;
    case 16:
      std::memcpy(dst, src, 16);
      break;
    case 32:
      std::memcpy(dst, src, 32);
      break;
    case 64:
      std::memcpy(dst, src, 64);
      break;
    default:
      std::memcpy(dst, src, len);
  }
}

// Whole-chunk transfers (the common case) walk the pattern with the innermost dimension as a
// tight loop and the run size fixed at compile time for the sizes blocked layouts produce.
template <std::uint64_t Run, bool Gather>
void walk_whole(std::byte* mem, const BytePattern& p, std::byte* stream, std::uint64_t run) {
  const std::uint64_t len = Run ? Run : run;
  const auto& d = p.dims;
  const std::int64_t inner_count = d[0].first, inner_stride = d[0].second;
  std::array<std::int64_t, 8> idx{};
  std::int64_t base = p.offset;
  std::uint64_t at = 0;
  for (;;) {
    std::int64_t addr = base;
    for (std::int64_t i = 0; i < inner_count; ++i, addr += inner_stride, at += len) {
      if constexpr (Gather)
        std::memcpy(stream + at, mem + addr, len);
      else
        std::memcpy(mem + addr, stream + at, len);
    }
    std::size_t k = 1;
    for (; k < d.size(); ++k) {  // odometer over the outer dimensions
      base += d[k].second;
      if (++idx[k] < d[k].first) break;
      base -= idx[k] * d[k].second;
      idx[k] = 0;
    }
    if (k == d.size()) return;
  }
}

template <bool Gather>
bool walk_whole_dispatch(std::byte* mem, const BytePattern& p, std::uint64_t pos, std::uint64_t n,
                         std::byte* stream) {
  if (pos != 0 || n != p.total || p.dims.empty()) return false;
  switch (p.run) {
    case 4:
      walk_whole<4, Gather>(mem, p, stream, 4);
      break;
    case 8:
      walk_whole<8, Gather>(mem, p, stream, 8);
      break;
    case 16:
      walk_whole<16, Gather>(mem, p, stream, 16);
      break;
    case 32:
      walk_whole<32, Gather>(mem, p, stream, 32);
      break;
    case 64:
      walk_whole<64, Gather>(mem, p, stream, 64);
      break;
    default:
      walk_whole<0, Gather>(mem, p, stream, p.run);
  }
  return true;
}

}  // namespace

void gather(const std::byte* base, const BytePattern& p, std::uint64_t pos, std::uint64_t n,
            std::byte* dst) {
  // The walker only reads through `mem` when gathering.
  if (walk_whole_dispatch<true>(const_cast<std::byte*>(base), p, pos, n, dst)) return;
  walk(p, pos, n, [&](std::uint64_t addr, std::uint64_t at, std::uint64_t len) {
    copy_run(dst + at, base + addr, len);
  });
}

void scatter(std::byte* base, const BytePattern& p, std::uint64_t pos, std::uint64_t n,
             const std::byte* src) {
  if (walk_whole_dispatch<false>(base, p, pos, n, const_cast<std::byte*>(src))) return;
  walk(p, pos, n, [&](std::uint64_t addr, std::uint64_t at, std::uint64_t len) {
    copy_run(base + addr, src + at, len);
  });
}

}  // namespace xdna::emu::detail
