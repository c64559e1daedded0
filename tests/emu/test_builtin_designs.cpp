// Every built-in design's outputs equal its independent host reference, bit for bit. The GEMMs
// run at reduced sizes here to keep the suite fast; `xdna emu run matmul` runs 512^3.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "xdna/common/error.hpp"
#include "xdna/design/validate.hpp"
#include "xdna/emu/builtin.hpp"
#include "xdna/emu/report.hpp"

namespace xdna::emu {
namespace {

BuiltinOutcome run_named(const std::string& name, const Params& params) {
  auto c = find_builtin(name).make(params);
  auto diags = design::validate(c.design);
  EXPECT_TRUE(diags.empty()) << name << ": " << (diags.empty() ? "" : diags[0].to_string());
  return run_builtin(c);
}

void expect_match(const std::string& name, const Params& params) {
  auto o = run_named(name, params);
  EXPECT_EQ(o.run.status, Status::completed) << name << "\n" << o.run.diagnosis;
  EXPECT_TRUE(o.match) << name << ": " << o.mismatched_bytes << " bytes differ; first "
                       << o.first_mismatch;
  EXPECT_GT(o.run.record.kernel_calls.size(), 0u);
}

TEST(BuiltinDesigns, Passthrough) {
  expect_match("passthrough", {});
}
TEST(BuiltinDesigns, VectorScaleRoundsAndSaturates) {
  expect_match("vector_scale", {});
}
TEST(BuiltinDesigns, VectorScaleWithoutShift) {
  expect_match("vector_scale", {{"shift", "0"}, {"factor", "-7"}});
}
TEST(BuiltinDesigns, CollapseFused) {
  expect_match("collapse_fused", {});
}
TEST(BuiltinDesigns, CollapseFusedOtherFraction) {
  expect_match("collapse_fused", {{"frac_q8", "200"}, {"n", "1024"}});
}
TEST(BuiltinDesigns, ReduceCollapse16384OnFourColumns) {
  expect_match("reduce_collapse", {});
}
TEST(BuiltinDesigns, ReduceCollapseTwoColumns) {
  expect_match("reduce_collapse", {{"n", "4096"}, {"columns", "2"}, {"device", "npu1_2col"}});
}
TEST(BuiltinDesigns, MatmulI16Tile32) {
  expect_match("matmul", {{"M", "128"}, {"K", "96"}, {"N", "64"}});
}
TEST(BuiltinDesigns, MatmulI16Tile64) {
  expect_match("matmul", {{"M", "128"}, {"K", "128"}, {"N", "128"}, {"tile", "64"}});
}
TEST(BuiltinDesigns, MatmulBf16Tile32) {
  expect_match("matmul", {{"M", "64"}, {"K", "128"}, {"N", "64"}, {"dtype", "bf16"}});
}
TEST(BuiltinDesigns, MatmulArrayI16) {
  expect_match("matmul_array", {{"M", "256"}, {"K", "64"}, {"N", "256"}});
}
TEST(BuiltinDesigns, MatmulArrayBf16) {
  expect_match("matmul_array", {{"M", "128"}, {"K", "64"}, {"N", "128"}, {"dtype", "bf16"}});
}
TEST(BuiltinDesigns, MatmulArrayTwoByTwoTile64) {
  expect_match(
      "matmul_array",
      {{"M", "128"}, {"K", "128"}, {"N", "256"}, {"tile", "64"}, {"rows", "2"}, {"cols", "2"}});
}

TEST(BuiltinDesigns, DeadlockDesignIsDiagnosedNamingItsFifos) {
  auto o = run_named("deadlock", {});
  ASSERT_EQ(o.run.status, Status::deadlock);
  EXPECT_FALSE(o.match);
  EXPECT_NE(o.run.diagnosis.find(
                "worker 'a' on (0,2) waits to acquire fifo 'b_to_a' consumer 0 on (0,2)"),
            std::string::npos)
      << o.run.diagnosis;
  EXPECT_NE(o.run.diagnosis.find(
                "worker 'b' on (0,3) waits to acquire fifo 'a_to_b' consumer 0 on (0,3)"),
            std::string::npos)
      << o.run.diagnosis;
}

TEST(BuiltinDesigns, MismatchIsReported) {
  auto c = find_builtin("passthrough").make({{"n", "1024"}});
  c.expected[0][5] = std::byte{0x7f};  // corrupt the reference, not the emulator
  auto o = run_builtin(c);
  EXPECT_FALSE(o.match);
  EXPECT_EQ(o.mismatched_bytes, 1u);
  EXPECT_NE(o.first_mismatch.find("output 'out' byte 5"), std::string::npos) << o.first_mismatch;
}

TEST(BuiltinDesigns, KernelCallsCarryOpCounters) {
  auto o = run_named("matmul", {{"M", "64"}, {"K", "64"}, {"N", "64"}});
  ASSERT_TRUE(o.match);
  std::uint64_t macs = 0;
  for (const auto& k : o.run.record.kernel_calls)
    macs += k.ops.macs_of(aie::host::mac_kind::i16_i16);
  EXPECT_EQ(macs, 64u * 64 * 64);  // every multiply-accumulate of the product, counted once
}

TEST(BuiltinDesigns, BadParametersNameTheParameter) {
  EXPECT_THROW(find_builtin("nope"), InputError);
  try {
    find_builtin("matmul").make({{"tile", "48"}});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("tile = 48 must be 32 or 64"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(find_builtin("passthrough").make({{"n", "12x"}}), InputError);
}

// `design` (what `xdna emu validate` builds) gives the same design as `make` with its data: the
// same validation report, byte for byte, for every built-in at its defaults and at other sizes,
// including a design that fails validation.
TEST(BuiltinDesigns, DesignAloneEqualsTheDesignOfTheFullCase) {
  const std::vector<std::pair<std::string, Params>> cases = {
      {"passthrough", {}},
      {"passthrough", {{"n", "16384"}, {"chunk", "4096"}}},  // fails validation (tile memory)
      {"vector_scale", {{"factor", "-7"}, {"shift", "5"}}},
      {"collapse_fused", {{"n", "1024"}}},
      {"reduce_collapse", {{"n", "8192"}, {"columns", "2"}}},
      {"matmul", {{"M", "64"}, {"K", "128"}, {"N", "64"}, {"dtype", "bf16"}}},
      {"matmul_array", {{"M", "128"}, {"K", "64"}, {"N", "128"}, {"rows", "2"}, {"cols", "2"}}},
      {"deadlock", {}},
  };
  std::size_t failing = 0;
  for (const auto& [name, params] : cases) {
    const auto& b = find_builtin(name);
    const design::Design alone = b.design(params);
    const BuiltinCase full = b.make(params);
    const auto diags = design::validate(alone);
    failing += !diags.empty();
    EXPECT_EQ(validation_report_json(alone, diags),
              validation_report_json(full.design, design::validate(full.design)))
        << name;
  }
  EXPECT_EQ(failing, 1u);  // the over-sized passthrough: both builders see the same failure
}

// The design-only builder checks the parameters as `make` does.
TEST(BuiltinDesigns, DesignAloneRefusesWhatTheFullCaseRefuses) {
  EXPECT_THROW(find_builtin("matmul").design({{"tile", "48"}}), InputError);
  EXPECT_THROW(find_builtin("passthrough").design({{"n", "102400000000"}}), InputError);
  EXPECT_THROW(find_builtin("matmul").design({{"M", "4294967296"}, {"K", "4294967296"}}),
               InputError);
  EXPECT_THROW(find_builtin("vector_scale").design({{"factor", "12x"}}), InputError);
  for (const auto& b : builtin_designs()) {  // the seed only feeds the data, yet is checked
    EXPECT_THROW(b.design({{"seed", "abc"}}), InputError) << b.name;
  }
}

// Host buffers larger than memory, or sizes whose product overflows, are refused before any
// allocation (and, for the GEMMs, before the design emits one operation per row block).
TEST(BuiltinDesigns, SizesBeyondHostMemoryAreRefusedBeforeAllocating) {
  EXPECT_THROW(find_builtin("passthrough").make({{"n", "102400000000"}}), InputError);
  EXPECT_THROW(find_builtin("matmul").make({{"M", "4294967296"}, {"K", "4294967296"}}), InputError);
  EXPECT_THROW(find_builtin("matmul_array").make({{"M", "1048576"}, {"K", "1048576"}}), InputError);
}

// A negative thread count or a NaN/negative/infinite timeout is refused, not read as "no limit".
TEST(BuiltinDesigns, NonsenseRunLimitsAreRefused) {
  auto c = find_builtin("passthrough").make({});
  RunOptions threads;
  threads.host_threads = -1;
  EXPECT_THROW(run_builtin(c, threads), InputError);
  for (double t : {-1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    RunOptions timeout;
    timeout.timeout_seconds = t;
    EXPECT_THROW(run_builtin(c, timeout), InputError) << t;
  }
}

}  // namespace
}  // namespace xdna::emu
