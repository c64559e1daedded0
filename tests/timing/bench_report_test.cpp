// The `xdna bench` report writers: every row carries its provenance and command into Markdown and
// JSON, and figures become well-formed SVG.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "xdna/timing/bench_report.hpp"

namespace xdna::timing {
namespace {

BenchReport sample() {
  BenchReport r;
  r.title = "t";
  r.mode = "quick";
  r.sections.push_back(
      {"NPU",
       "intro",
       {{"gemm | 512", 3955.0, "us", Provenance::projected, "+0.0%", "xdna bench --only npu",
         "fitted"},
        {"missing", std::nan(""), "", Provenance::measured, "not built", "bench_ops_matmul", ""}}});
  r.figures.push_back({"curve",
                       "A <curve>",
                       "x",
                       "y",
                       true,
                       {{"model", {256, 1024, 8192}, {50, 60, 64}, Provenance::projected},
                        {"measured", {256, 8192}, {53.6, 64.3}, Provenance::reference}},
                       "xdna bench --only npu"});
  return r;
}

TEST(BenchReport, MarkdownRowsNameProvenanceAndCommand) {
  const std::string md = to_markdown(sample());
  EXPECT_NE(md.find("| projected |"), std::string::npos);
  EXPECT_NE(md.find("`xdna bench --only npu`"), std::string::npos);
  EXPECT_NE(md.find("gemm \\| 512"), std::string::npos);  // a pipe in a name cannot split the row
  EXPECT_NE(md.find("| — |"), std::string::npos);         // NaN prints as a dash, not "nan"
  EXPECT_NE(md.find("curve.svg"), std::string::npos);
}

TEST(BenchReport, JsonKeepsEveryRowAndNullForMissingValues) {
  const nlohmann::json j = nlohmann::json::parse(to_json(sample()).dump());
  ASSERT_EQ(j["sections"][0]["rows"].size(), 2u);
  EXPECT_EQ(j["sections"][0]["rows"][0]["kind"], "projected");
  EXPECT_EQ(j["sections"][0]["rows"][0]["command"], "xdna bench --only npu");
  EXPECT_TRUE(j["sections"][0]["rows"][1]["value"].is_null());
  EXPECT_EQ(j["figures"][0]["series"][1]["y"][1], 64.3);
}

TEST(BenchReport, SvgIsWellFormedAndEscapesText) {
  const std::string svg = to_svg(sample().figures[0]);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find("A &lt;curve&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<curve>"), std::string::npos);
  // One dot per point, one polyline per series; projected series dashed.
  std::size_t dots = 0;
  for (std::size_t at = svg.find("<circle"); at != std::string::npos;
       at = svg.find("<circle", at + 1))
    ++dots;
  EXPECT_EQ(dots, 5u);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
}

TEST(BenchReport, WritesTheFilesAndNamesAnUnwritableDirectory) {
  const auto dir = std::filesystem::temp_directory_path() / "xdna_timing_bench_report_test";
  std::filesystem::remove_all(dir);
  write_report(sample(), dir.string());
  EXPECT_TRUE(std::filesystem::exists(dir / "report.md"));
  EXPECT_TRUE(std::filesystem::exists(dir / "report.json"));
  EXPECT_TRUE(std::filesystem::exists(dir / "curve.svg"));
  std::filesystem::remove_all(dir);
  try {
    write_report(sample(), "/proc/xdna-cannot-write-here");
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("/proc/xdna-cannot-write-here"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace xdna::timing
