// The design walked through in docs/EMULATOR.md, compiled and checked here so the document stays
// true: write, validate, run, compare with a scalar reference, export the trace.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "xdna/design/validate.hpp"
#include "xdna/emu/emulator.hpp"
#include "xdna/emu/trace.hpp"

extern "C" void vector_scale_i16(const int16_t* in, int16_t* out, int32_t factor, int32_t shift,
                                 int32_t n);

namespace {

using namespace xdna;

// --- docs/EMULATOR.md, step 1 -------------------------------------------------------------------
design::Design make_scale(std::int64_t n) {
  design::Design d(arch::npu1(), "my_scale");
  const std::int64_t chunk = 1024;
  design::TensorType elem{design::DType::i16, {chunk}};
  auto in = d.object_fifo("in", elem, 2, design::shim(0), {design::core(0, 2)});
  auto out = d.object_fifo("out", elem, 2, design::core(0, 2), {design::shim(0)});
  int w = d.worker("scale", design::core(0, 2), {in.cons(), out.prod()}, [=](design::Core& core) {
    for (std::int64_t i = 0; i < n / chunk; ++i) {
      auto x = core.acquire(0);
      auto y = core.acquire(1);
      core.call("vector_scale_i16",
                [&] { vector_scale_i16(x.as<int16_t>(), y.as<int16_t>(), 3, 1, chunk); });
      core.release(0);
      core.release(1);
    }
  });
  d.worker_at(w).rounding = aie::rounding_mode::positive_inf;  // mlir-aie's integer prologue
  int a = d.runtime_arg("in", {design::DType::i16, {n}});
  int b = d.runtime_arg("out", {design::DType::i16, {n}});
  d.start();
  d.fill(in, a);
  d.drain(out, b);
  return d;
}
// -------------------------------------------------------------------------------------------------

TEST(DocExample, WriteValidateRunTrace) {
  auto d = make_scale(8192);
  ASSERT_TRUE(design::validate(d).empty());

  std::vector<int16_t> x(8192);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = static_cast<int16_t>(static_cast<int>(i * 37 % 2001) - 1000);
  emu::Buffers bufs = {emu::to_bytes(x), emu::Buffer(x.size() * 2)};
  auto r = emu::run(d, bufs);
  ASSERT_EQ(r.status, emu::Status::completed) << r.diagnosis;

  auto y = emu::from_bytes<int16_t>(bufs[1]);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const int p = x[i] * 3;
    const int want = (p + 1) >> 1;  // positive_inf: add half, floor; no saturation needed here
    ASSERT_EQ(y[i], want) << i;
  }

  const std::string path = std::string(XDNA_BINARY_DIR) + "/doc_example_trace.json";
  emu::write_chrome_trace(path, d, r);
  std::ifstream in(path);
  const auto doc = nlohmann::json::parse(in);
  EXPECT_GT(doc["traceEvents"].size(), 8u);
  std::remove(path.c_str());
}

// The document's second exercise: make the fifo too deep and read the diagnosis.
TEST(DocExample, TooDeepFifoFailsValidation) {
  auto d = make_scale(8192);
  d.fifos()[0].depth = 40;  // 40 x 2 KiB + 2 x 2 KiB + 1 KiB stack > 64 KiB
  const auto diags = design::validate(d);
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags[0].rule, design::Rule::memory);
  EXPECT_NE(diags[0].message.find("core tile (0,2): buffers need 87040 B but a core tile has 65536 "
                                  "B (stack 1024 B, fifo 'in' 40x2048 B, fifo 'out' 2x2048 B)"),
            std::string::npos)
      << diags[0].message;
}

}  // namespace
