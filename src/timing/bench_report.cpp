// The `xdna bench` report writers (see bench_report.hpp).
#include "xdna/timing/bench_report.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "xdna/common/error.hpp"

namespace xdna::timing {

namespace {

std::string number(double v) {
  if (!std::isfinite(v)) return "—";
  if (v == 0) return "0";
  const double a = std::abs(v);
  if (a >= 1e5 || a < 1e-3) return fmt::format("{:.3g}", v);
  if (a >= 100) return fmt::format("{:.1f}", v);
  if (a >= 1) return fmt::format("{:.3g}", v);
  return fmt::format("{:.3f}", v);
}

std::string escape_md(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string escape_xml(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  if (f) f << text;
  if (!f) {
    throw SystemError("bench: cannot write " + path.string() + ": " + std::strerror(errno) +
                      " (check that the --out directory is writable)");
  }
}

}  // namespace

const char* to_string(Provenance p) {
  switch (p) {
    case Provenance::measured:
      return "measured";
    case Provenance::projected:
      return "projected";
    case Provenance::reference:
      return "reference";
  }
  return "?";
}

std::string to_markdown(const BenchReport& r) {
  std::string md = "# " + r.title + "\n\n";
  for (const auto& h : r.header) md += "- " + h + "\n";
  md +=
      "\nEvery row says whether it was *measured* on this host, *projected* for the NPU by the "
      "timing model, or is a *reference* value (FACTS.md); the last column is the command that "
      "reproduces it.\n";
  for (const auto& s : r.sections) {
    md += "\n## " + s.title + "\n\n";
    if (!s.intro.empty()) md += s.intro + "\n\n";
    md += "| what | value | unit | kind | comparison | command |\n|---|---|---|---|---|---|\n";
    for (const auto& row : s.rows) {
      std::string what = escape_md(row.name);
      if (!row.note.empty()) what += " (" + escape_md(row.note) + ")";
      md += fmt::format("| {} | {} | {} | {} | {} | `{}` |\n", what, number(row.value), row.unit,
                        to_string(row.provenance), escape_md(row.compare), escape_md(row.command));
    }
  }
  if (!r.figures.empty()) {
    md += "\n## Figures\n\n";
    for (const auto& f : r.figures)
      md += fmt::format("![{}]({}.svg)\n\n`{}`\n\n", f.title, f.id, f.command);
  }
  return md;
}

nlohmann::json to_json(const BenchReport& r) {
  nlohmann::json j;
  j["title"] = r.title;
  j["mode"] = r.mode;
  j["header"] = r.header;
  j["sections"] = nlohmann::json::array();
  for (const auto& s : r.sections) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : s.rows) {
      rows.push_back({{"name", row.name},
                      {"value", std::isfinite(row.value) ? nlohmann::json(row.value) : nullptr},
                      {"unit", row.unit},
                      {"kind", to_string(row.provenance)},
                      {"compare", row.compare},
                      {"command", row.command},
                      {"note", row.note}});
    }
    j["sections"].push_back({{"title", s.title}, {"intro", s.intro}, {"rows", rows}});
  }
  j["figures"] = nlohmann::json::array();
  for (const auto& f : r.figures) {
    nlohmann::json series = nlohmann::json::array();
    for (const auto& s : f.series)
      series.push_back(
          {{"label", s.label}, {"kind", to_string(s.provenance)}, {"x", s.x}, {"y", s.y}});
    j["figures"].push_back({{"id", f.id},
                            {"title", f.title},
                            {"x_label", f.x_label},
                            {"y_label", f.y_label},
                            {"series", series},
                            {"command", f.command}});
  }
  return j;
}

std::string to_svg(const Figure& f) {
  const double W = 640, H = 400, left = 70, right = 20, top = 40, bottom = 60;
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo, y_lo = 0, y_hi = -x_lo;
  auto tx = [&](double x) { return f.log_x ? std::log10(x) : x; };
  for (const auto& s : f.series) {
    for (double x : s.x)
      if (!f.log_x || x > 0) {
        x_lo = std::min(x_lo, tx(x));
        x_hi = std::max(x_hi, tx(x));
      }
    for (double y : s.y)
      if (std::isfinite(y)) y_hi = std::max(y_hi, y);
  }
  if (!std::isfinite(x_lo)) x_lo = 0, x_hi = 1;
  if (x_hi == x_lo) x_hi = x_lo + 1;
  if (!(y_hi > y_lo)) y_hi = 1;
  y_hi *= 1.1;
  auto px = [&](double x) { return left + (tx(x) - x_lo) / (x_hi - x_lo) * (W - left - right); };
  auto py = [&](double y) { return H - bottom - (y - y_lo) / (y_hi - y_lo) * (H - top - bottom); };
  static const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" "
      "fill=\"white\"/>\n<text x=\"{}\" y=\"22\" font-size=\"15\" "
      "text-anchor=\"middle\">{}</text>\n",
      W, H, W, H, W / 2, escape_xml(f.title));
  // Axes and ticks.
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"black\"/>\n", left,
                     H - bottom, W - right, H - bottom);
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"black\"/>\n", left,
                     top, left, H - bottom);
  for (int i = 0; i <= 4; ++i) {
    const double yv = y_lo + (y_hi - y_lo) * i / 4;
    svg += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ddd\"/><text x=\"{}\" "
        "y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
        left, py(yv), W - right, py(yv), left - 6, py(yv) + 4, number(yv));
    const double xv_t = x_lo + (x_hi - x_lo) * i / 4;
    const double xv = f.log_x ? std::pow(10.0, xv_t) : xv_t;
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", px(xv),
                       H - bottom + 18, number(xv));
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                     (left + W - right) / 2, H - 15, escape_xml(f.x_label));
  svg += fmt::format(
      "<text x=\"16\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {})\">{}</text>\n",
      (top + H - bottom) / 2, (top + H - bottom) / 2, escape_xml(f.y_label));
  // Series: a polyline and a dot per point; projected series dashed.
  for (std::size_t i = 0; i < f.series.size(); ++i) {
    const Series& s = f.series[i];
    const char* c = colours[i % 5];
    std::string pts;
    for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
      if ((f.log_x && s.x[k] <= 0) || !std::isfinite(s.y[k])) continue;
      pts += fmt::format("{:.1f},{:.1f} ", px(s.x[k]), py(s.y[k]));
      svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>\n", px(s.x[k]),
                         py(s.y[k]), c);
    }
    svg += fmt::format(
        "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{} points=\"{}\"/>\n", c,
        s.provenance == Provenance::projected ? " stroke-dasharray=\"6 4\"" : "", pts);
    const double ly = top + 14 + 16.0 * static_cast<double>(i);
    svg += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"2\"{}/>"
        "<text x=\"{}\" y=\"{:.1f}\">{} ({})</text>\n",
        left + 10, ly, left + 34, ly, c,
        s.provenance == Provenance::projected ? " stroke-dasharray=\"6 4\"" : "", left + 40, ly + 4,
        escape_xml(s.label), to_string(s.provenance));
  }
  svg += "</svg>\n";
  return svg;
}

void write_report(const BenchReport& r, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw SystemError("bench: cannot create the output directory " + dir + ": " + ec.message());
  }
  const std::filesystem::path base(dir);
  write_file(base / "report.md", to_markdown(r));
  write_file(base / "report.json", to_json(r).dump(2) + "\n");
  for (const auto& f : r.figures) write_file(base / (f.id + ".svg"), to_svg(f));
}

}  // namespace xdna::timing
