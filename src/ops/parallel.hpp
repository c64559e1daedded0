// Splits a range of independent work items over host threads (the CPU backend's only source of
// parallelism). Plain std::thread per call: the operators' work items are large (row blocks of a
// matmul, bands of an image), so thread start-up is noise next to them.
#pragma once

#include <cstddef>
#include <functional>

namespace xdna::ops::cpu {

// Threads the CPU backend uses: XDNA_THREADS if set (>= 1), else the hardware's count.
std::size_t cpu_threads();

// Calls fn(begin, end) on disjoint contiguous pieces covering [0, n). Pieces are multiples of
// `grain` (except the last) and at most cpu_threads() run at once; the caller's thread runs one
// piece. Exceptions from any piece are rethrown in the caller after every thread has joined.
void parallel_for(std::size_t n, std::size_t grain,
                  const std::function<void(std::size_t, std::size_t)>& fn);

}  // namespace xdna::ops::cpu
