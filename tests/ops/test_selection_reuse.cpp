// The selection calls writing into a reused result: every call in a sequence must give what the
// scalar reference (selection_reference.hpp) and a fresh call give, whatever the result held
// before: more survivors (their values must not survive in the zero tail), a longer or shorter
// input, a peak from a fused call (the plain call must reset it), and on the threaded paths too.
// Where the storage is large enough it must be reused, not reallocated.
#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "../../src/ops/selection_cpu.hpp"
#include "scoped_threads.hpp"
#include "selection_reference.hpp"
#include "xdna/common/error.hpp"
#include "xdna/ops/selection.hpp"
#include "xdna/ops/synthetic.hpp"

namespace {

using xdna::ops::Backend;
using xdna::ops::CollapseResult;
using xdna::ops::CompactResult;

std::vector<std::uint16_t> bits_of(const std::vector<bfloat16>& v) {
  std::vector<std::uint16_t> b;
  b.reserve(v.size());
  for (bfloat16 e : v) b.push_back(e.bits());
  return b;
}

// `got` must be exactly what the reference gives for x (compact of q, or pse_collapse of q).
void expect_matches_reference(const CompactResult& got, const ref::Packed& want, std::int32_t q,
                              float want_peak, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(got.out.size(), want.out.size());
  EXPECT_EQ(bits_of(got.out), bits_of(want.out));
  EXPECT_EQ(got.indices, want.indices);
  EXPECT_EQ(got.count, want.indices.size());
  EXPECT_EQ(got.tau, want.tau);
  EXPECT_EQ(got.q8, q);
  EXPECT_EQ(got.peak, want_peak);
}

void expect_same_result(const CompactResult& a, const CompactResult& b, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(bits_of(a.out), bits_of(b.out));
  EXPECT_EQ(a.indices, b.indices);
  EXPECT_EQ(a.count, b.count);
  EXPECT_EQ(a.tau, b.tau);
  EXPECT_EQ(a.q8, b.q8);
  EXPECT_EQ(a.peak, b.peak);
}

void expect_matches_reference(const CollapseResult& got, const ref::Positional& want,
                              std::int32_t q, float want_peak, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(got.out.size(), want.out.size());
  EXPECT_EQ(bits_of(got.out), bits_of(want.out));
  EXPECT_EQ(got.survivors, want.survivors);
  EXPECT_EQ(got.tau, static_cast<float>(want.tau));
  EXPECT_EQ(got.q8, q);
  EXPECT_EQ(got.peak, want_peak);
}

void expect_same_result(const CollapseResult& a, const CollapseResult& b, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(bits_of(a.out), bits_of(b.out));
  EXPECT_EQ(a.survivors, b.survivors);
  EXPECT_EQ(a.tau, b.tau);
  EXPECT_EQ(a.q8, b.q8);
  EXPECT_EQ(a.peak, b.peak);
}

struct Step {
  std::size_t n;
  float tau;  // compact's tau, or pse_collapse's frac when pse
  bool pse;
};

// A sequence that moves between many and few survivors, long and short inputs, and the two calls.
const Step kSequence[] = {
    {5000, -3.0f, false},   // nearly everything kept
    {5000, 2.5f, false},    // few kept: the earlier survivors must be zeroed
    {9000, 0.5f, false},    // longer input: out and indices grow
    {300, 0.0f, false},     // shorter input: out shrinks
    {7000, 0.5f, true},     // pse_collapse sets a peak
    {7000, 0.5f, false},    // compact resets it to 0
    {4096, 100.0f, false},  // nothing kept
    {4096, -100.0f, true},  // everything kept (frac * peak is far below every value)
    {33, 0.25f, false},     // shorter than one kernel step
};

// One pair of calls: the plain one (compact or collapse) and the fused one (pse_collapse or
// collapse_fused), each callable with and without a result to reuse, their references, and the
// chunk the fused peak is folded over.
template <class Plain, class Fused, class RefPlain, class RefFused>
struct CallPair {
  const char* plain_name;
  const char* fused_name;
  Plain plain;
  Fused fused;
  RefPlain ref_plain;
  RefFused ref_fused;
  std::size_t peak_chunk;
};

template <class Result, class Calls>
void run_sequence(const Calls& c, Backend backend, std::uint64_t seed_base) {
  Result into;
  std::uint64_t seed = seed_base;
  for (const Step& s : kSequence) {
    const auto x = xdna::ops::synthetic_bf16(s.n, ++seed);
    const std::int32_t q = xdna::ops::to_q8(s.tau);
    const std::string what = std::string(s.pse ? c.fused_name : c.plain_name) +
                             " n=" + std::to_string(s.n) + " tau/frac=" + std::to_string(s.tau);
    if (s.pse) {
      Result& returned = c.fused(x, s.tau, backend, into);
      EXPECT_EQ(&returned, &into);
      const float peak = static_cast<float>(ref::fused_peak(x, c.peak_chunk));
      expect_matches_reference(into, c.ref_fused(x, q), q, peak, what);
      expect_same_result(into, c.fused(x, s.tau, backend), what + " vs fresh");
    } else {
      Result& returned = c.plain(x, s.tau, backend, into);
      EXPECT_EQ(&returned, &into);
      expect_matches_reference(into, c.ref_plain(x, q), q, 0.0f, what);
      expect_same_result(into, c.plain(x, s.tau, backend), what + " vs fresh");
    }
  }
}

// The calls are overload sets (with and without `into`), passed on as generic lambdas.
const auto kCompactCalls =
    CallPair{"compact",
             "pse_collapse",
             [](auto&&... a) -> decltype(auto) { return xdna::ops::compact(a...); },
             [](auto&&... a) -> decltype(auto) { return xdna::ops::pse_collapse(a...); },
             [](const auto& x, std::int32_t q) { return ref::compact(x, q); },
             [](const auto& x, std::int32_t q) { return ref::pse_collapse(x, q); },
             2048};

TEST(SelectionReuse, CpuSequenceMatchesReferenceAndFreshCalls) {
  run_sequence<CompactResult>(kCompactCalls, Backend::cpu, 100);
}

TEST(SelectionReuse, EmulatorSequenceMatchesReferenceAndFreshCalls) {
  run_sequence<CompactResult>(kCompactCalls, Backend::emu, 200);
}

TEST(SelectionReuse, StorageLargeEnoughIsNotReallocated) {
  const auto big = xdna::ops::synthetic_bf16(20000, 7);
  const auto small = xdna::ops::synthetic_bf16(12000, 8);
  CompactResult into;
  xdna::ops::compact(big, -3.0f, Backend::cpu, into);  // nearly all kept: indices grow to ~20000
  const bfloat16* out_storage = into.out.data();
  const std::uint32_t* index_storage = into.indices.data();
  xdna::ops::compact(small, 0.5f, Backend::cpu, into);
  xdna::ops::compact(big, 0.0f, Backend::cpu, into);
  xdna::ops::pse_collapse(small, 0.5f, Backend::cpu, into);
  EXPECT_EQ(into.out.data(), out_storage);
  EXPECT_EQ(into.indices.data(), index_storage);
  expect_matches_reference(into, ref::pse_collapse(small, xdna::ops::to_q8(0.5f)),
                           xdna::ops::to_q8(0.5f), static_cast<float>(ref::fused_peak(small, 2048)),
                           "last call");
}

// The positional calls through the same sequence (tau for collapse, frac when fused).
const auto kCollapseCalls =
    CallPair{"collapse",
             "collapse_fused",
             [](auto&&... a) -> decltype(auto) { return xdna::ops::collapse(a...); },
             [](auto&&... a) -> decltype(auto) { return xdna::ops::collapse_fused(a...); },
             [](const auto& x, std::int32_t q) { return ref::collapse(x, q); },
             [](const auto& x, std::int32_t q) { return ref::collapse_fused(x, q); },
             4096};

TEST(SelectionReuse, CollapseCpuSequenceMatchesReferenceAndFreshCalls) {
  run_sequence<CollapseResult>(kCollapseCalls, Backend::cpu, 300);
}

TEST(SelectionReuse, CollapseEmulatorSequenceMatchesReferenceAndFreshCalls) {
  run_sequence<CollapseResult>(kCollapseCalls, Backend::emu, 400);
}

TEST(SelectionReuse, CollapseStorageIsNotReallocated) {
  const auto big = xdna::ops::synthetic_bf16(20000, 17);
  const auto small = xdna::ops::synthetic_bf16(12000, 18);
  CollapseResult into;
  xdna::ops::collapse(big, 0.5f, Backend::cpu, into);
  const bfloat16* storage = into.out.data();
  xdna::ops::collapse_fused(small, 0.5f, Backend::cpu, into);
  xdna::ops::collapse(big, -1.0f, Backend::cpu, into);
  EXPECT_EQ(into.out.data(), storage);
  const std::int32_t q = xdna::ops::to_q8(-1.0f);
  expect_matches_reference(into, ref::collapse(big, q), q, 0.0f, "last call");
}

TEST(SelectionReuse, ThreadedPathZeroesWhatAnEarlierResultLeft) {
  const ScopedThreads two(2);
  const std::size_t n = xdna::ops::cpu::kThreadedCompactMin + 1000;
  const auto x = xdna::ops::synthetic_bf16(n, 9);
  CompactResult into;
  xdna::ops::compact(x, -3.0f, Backend::cpu, into);  // nearly all kept
  ASSERT_GT(into.count, n * 99 / 100);
  const std::int32_t q = xdna::ops::to_q8(2.0f);
  xdna::ops::compact(x, 2.0f, Backend::cpu, into);  // about 2 % kept
  expect_matches_reference(into, ref::compact(x, q), q, 0.0f, "threaded, after many survivors");

  // A previous result longer than the input (out shrinks) and one shorter (out grows), both
  // above the threading threshold, and then a small input on the single-threaded path.
  const auto longer = xdna::ops::synthetic_bf16(n + 70000, 10);
  const auto shorter = xdna::ops::synthetic_bf16(xdna::ops::cpu::kThreadedCompactMin + 10, 11);
  const auto small = xdna::ops::synthetic_bf16(3000, 12);
  const std::int32_t half = xdna::ops::to_q8(0.0f);
  xdna::ops::compact(longer, -3.0f, Backend::cpu, into);
  xdna::ops::pse_collapse(x, 0.5f, Backend::cpu, into);
  const std::int32_t fq = xdna::ops::to_q8(0.5f);
  expect_matches_reference(into, ref::pse_collapse(x, fq), fq,
                           static_cast<float>(ref::fused_peak(x, 2048)), "threaded, shorter input");
  xdna::ops::compact(shorter, 0.0f, Backend::cpu, into);
  xdna::ops::compact(longer, 0.0f, Backend::cpu, into);
  expect_matches_reference(into, ref::compact(longer, half), half, 0.0f, "threaded, longer input");
  xdna::ops::compact(small, 0.0f, Backend::cpu, into);
  expect_matches_reference(into, ref::compact(small, half), half, 0.0f, "single after threaded");
}

TEST(SelectionReuse, ThreadedCollapseOverwritesAnEarlierResult) {
  const ScopedThreads two(2);
  const std::size_t n = xdna::ops::cpu::kThreadedCollapseMin + 1000;
  const auto x = xdna::ops::synthetic_bf16(n, 19);
  CollapseResult into;
  xdna::ops::collapse(x, -3.0f, Backend::cpu, into);  // nearly all kept
  const std::int32_t q = xdna::ops::to_q8(2.0f);
  xdna::ops::collapse(x, 2.0f, Backend::cpu, into);
  expect_matches_reference(into, ref::collapse(x, q), q, 0.0f, "threaded collapse, reused");
  const std::int32_t fq = xdna::ops::to_q8(0.5f);
  xdna::ops::collapse_fused(x, 0.5f, Backend::cpu, into);
  expect_matches_reference(into, ref::collapse_fused(x, fq), fq,
                           static_cast<float>(ref::fused_peak(x, 4096)), "threaded fused, reused");
}

// compact and pse_collapse pack towards the front of into.out while (threaded) other blocks are
// still read, so an input inside into's storage is refused, on every backend and size; collapse
// is positional and works in place.
TEST(SelectionReuse, CompactRefusesAnInputInsideTheResultAndCollapseWorksInPlace) {
  CompactResult packed;
  xdna::ops::compact(xdna::ops::synthetic_bf16(5000, 21), -3.0f, Backend::cpu, packed);
  const std::vector<bfloat16> kept_out = packed.out;
  for (Backend backend : {Backend::cpu, Backend::emu}) {
    EXPECT_THROW(xdna::ops::compact(packed.out, 0.5f, backend, packed), xdna::InputError);
    EXPECT_THROW(xdna::ops::pse_collapse(std::span<const bfloat16>(packed.out).subspan(100, 200),
                                         0.5f, backend, packed),
                 xdna::InputError);
    EXPECT_EQ(bits_of(packed.out), bits_of(kept_out));  // refused before anything was written
  }
  try {
    xdna::ops::compact(packed.out, 0.5f, Backend::cpu, packed);
    ADD_FAILURE() << "an input inside the result was accepted";
  } catch (const xdna::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("compact: the input lies in the storage of the result"),
              std::string::npos)
        << e.what();
  }

  const auto x = xdna::ops::synthetic_bf16(7000, 22);
  const std::int32_t q = xdna::ops::to_q8(0.5f);
  CollapseResult in_place;
  in_place.out = x;
  xdna::ops::collapse(in_place.out, 0.5f, Backend::cpu, in_place);
  expect_matches_reference(in_place, ref::collapse(x, q), q, 0.0f, "collapse in place");
}

}  // namespace
