// The `xdna bench` report: rows of measured (on this host) and projected (NPU, timing model)
// numbers, each naming the command that reproduces it, grouped in sections, plus simple curves.
// Written as Markdown, JSON and hand-made SVG line charts (no plotting dependency).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace xdna::timing {

enum class Provenance { measured, projected, reference };  // reference: a published/FACTS value
const char* to_string(Provenance p);

struct BenchRow {
  std::string name;
  double value = 0;
  std::string unit;
  Provenance provenance = Provenance::measured;
  std::string compare;  // optional: what the value is compared with, e.g. "1.12x OpenBLAS"
  std::string command;  // reproduces this row
  std::string note;
};

struct Series {
  std::string label;
  std::vector<double> x, y;
  Provenance provenance = Provenance::measured;
};

struct Figure {
  std::string id;  // file name stem: "<id>.svg"
  std::string title, x_label, y_label;
  bool log_x = false;
  std::vector<Series> series;
  std::string command;
};

struct BenchSection {
  std::string title;
  std::string intro;
  std::vector<BenchRow> rows;
};

struct BenchReport {
  std::string title;
  std::string mode;                 // "quick" | "full"
  std::vector<std::string> header;  // host, build, model version...
  std::vector<BenchSection> sections;
  std::vector<Figure> figures;
};

std::string to_markdown(const BenchReport& r);
nlohmann::json to_json(const BenchReport& r);
// A self-contained SVG line chart of the figure's series (axes, ticks, legend).
std::string to_svg(const Figure& f);

// Writes report.md, report.json and one SVG per figure into `dir` (created if missing).
// Throws xdna::SystemError naming the file that could not be written.
void write_report(const BenchReport& r, const std::string& dir);

}  // namespace xdna::timing
