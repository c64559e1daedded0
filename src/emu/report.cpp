// Text and JSON renderings of runs and validations.
#include "xdna/emu/report.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "xdna/design/plan.hpp"

namespace xdna::emu {

namespace {

using nlohmann::json;

std::string hex64(std::uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

const char* status_name(Status s) {
  switch (s) {
    case Status::completed:
      return "completed";
    case Status::deadlock:
      return "deadlock";
    case Status::timeout:
      return "timeout";
  }
  return "?";
}

const char* unit_names[] = {"load", "store", "vector_alu", "multiplier", "shuffle", "scalar"};
const char* mac_names[] = {"i8_i8", "i16_i8", "i16_i16", "i32_i16", "bf16_bf16", "fp32"};

json counters_json(const aie::host::op_counters& c) {
  json ops = json::object(), bits = json::object(), macs = json::object();
  for (std::size_t i = 0; i < aie::host::kUnitCount; ++i) {
    ops[unit_names[i]] = c.ops[i];
    bits[unit_names[i]] = c.bits[i];
  }
  for (std::size_t i = 0; i < aie::host::kMacKindCount; ++i) macs[mac_names[i]] = c.macs[i];
  return {{"ops", ops}, {"bits", bits}, {"macs", macs}, {"events", c.events}};
}

std::uint64_t total_calls(const RunRecord& r) {
  std::uint64_t n = 0;
  for (const auto& c : r.cores) n += c.kernel_calls;
  return n;
}

std::uint64_t total_macs(const aie::host::op_counters& c) {
  std::uint64_t s = 0;
  for (auto m : c.macs) s += m;
  return s;
}

}  // namespace

std::string run_report_json(const BuiltinCase& c, const BuiltinOutcome& o) {
  const auto& d = c.design;
  json cores = json::array();
  for (const auto& cc : o.run.record.cores)
    cores.push_back({{"worker", d.workers()[static_cast<std::size_t>(cc.worker)].name},
                     {"tile", arch::to_string(cc.tile)},
                     {"kernel_calls", cc.kernel_calls},
                     {"lock_wait_us", cc.lock_wait_us},
                     {"counters", counters_json(cc.ops)}});
  json dma = json::array();
  for (const auto& ch : o.run.record.channels)
    dma.push_back({{"tile", arch::to_string(ch.tile)},
                   {"direction", std::string(design::to_string(ch.dir))},
                   {"channel", ch.channel_number},
                   {"fifo", d.fifos()[static_cast<std::size_t>(ch.fifo)].name},
                   {"bytes", ch.bytes},
                   {"transfers", ch.transfers}});
  json j = {{"design", d.name()},
            {"device", d.device().name},
            {"status", status_name(o.run.status)},
            {"match", o.match},
            {"checksum", hex64(o.checksum)},
            {"checksum_algorithm", "fnv1a64 over the output buffers"},
            {"mismatched_bytes", o.mismatched_bytes},
            {"wall_seconds", o.run.wall_seconds},
            {"wall_clock", "measured on this host (emulation time, not an NPU projection)"},
            {"kernel_calls", total_calls(o.run.record)},
            {"cores", cores},
            {"dma", dma}};
  if (!o.first_mismatch.empty()) j["first_mismatch"] = o.first_mismatch;
  if (o.run.status != Status::completed) {
    j["diagnosis"] = o.run.diagnosis;
    json blocked = json::array();
    for (const auto& b : o.run.blocked) blocked.push_back(b.what);
    j["blocked"] = blocked;
  }
  return j.dump(2) + "\n";
}

std::string run_report_text(const BuiltinCase& c, const BuiltinOutcome& o) {
  const auto& d = c.design;
  std::string s =
      "design '" + d.name() + "' on " + d.device().name + ": " + status_name(o.run.status);
  if (o.run.status == Status::completed)
    s += o.match
             ? ", outputs equal the host reference bit for bit\n"
             : ", outputs DIFFER from the host reference (" + std::to_string(o.mismatched_bytes) +
                   " bytes; first: " + o.first_mismatch + ")\n";
  else
    s += "\n" + o.run.diagnosis;
  char line[256];
  std::snprintf(
      line, sizeof line,
      "checksum %s, %llu kernel calls, emulation wall-clock %.3f s (measured on this host)\n",
      hex64(o.checksum).c_str(), static_cast<unsigned long long>(total_calls(o.run.record)),
      o.run.wall_seconds);
  s += line;
  for (const auto& cc : o.run.record.cores) {
    std::snprintf(
        line, sizeof line,
        "  core %-6s %-14s %6llu calls %12llu MACs %10llu vector ops, lock waits %.0f us\n",
        arch::to_string(cc.tile).c_str(),
        d.workers()[static_cast<std::size_t>(cc.worker)].name.c_str(),
        static_cast<unsigned long long>(cc.kernel_calls),
        static_cast<unsigned long long>(total_macs(cc.ops)),
        static_cast<unsigned long long>(cc.ops.ops_of(aie::host::unit::vector_alu) +
                                        cc.ops.ops_of(aie::host::unit::multiplier)),
        cc.lock_wait_us);
    s += line;
  }
  for (const auto& ch : o.run.record.channels) {
    std::snprintf(line, sizeof line, "  dma  %-6s %s %d %-10s %12llu B in %llu transfers\n",
                  arch::to_string(ch.tile).c_str(), std::string(design::to_string(ch.dir)).c_str(),
                  ch.channel_number, d.fifos()[static_cast<std::size_t>(ch.fifo)].name.c_str(),
                  static_cast<unsigned long long>(ch.bytes),
                  static_cast<unsigned long long>(ch.transfers));
    s += line;
  }
  return s;
}

std::string validation_report_text(const design::Design& d,
                                   const std::vector<design::Diagnostic>& diags) {
  std::string s = "design '" + d.name() + "' on " + d.device().name + ": ";
  s += diags.empty() ? "valid\n" : std::to_string(diags.size()) + " problem(s)\n";
  if (!d.device().preview) {
    const auto plan = design::make_plan(d);
    char line[256];
    for (const auto& [t, tp] : plan.tiles) {
      const auto& res = d.device().resources(tp.kind);
      std::snprintf(
          line, sizeof line,
          "  %-4s %-6s memory %6u/%6u B  locks %2d/%2d  BDs %2d/%2d  S2MM %d/%d  MM2S %d/%d\n",
          std::string(arch::to_string(tp.kind)).c_str(), arch::to_string(t).c_str(), tp.bytes_used,
          res.data_memory_bytes, tp.locks, res.locks, tp.bds, res.bds, tp.s2mm,
          res.dma_s2mm_channels, tp.mm2s, res.dma_mm2s_channels);
      s += line;
    }
  }
  for (const auto& diag : diags) s += "  " + diag.to_string() + "\n";
  return s;
}

std::string validation_report_json(const design::Design& d,
                                   const std::vector<design::Diagnostic>& diags) {
  json tiles = json::array();
  if (!d.device().preview) {
    const auto plan = design::make_plan(d);
    for (const auto& [t, tp] : plan.tiles) {
      const auto& res = d.device().resources(tp.kind);
      tiles.push_back({{"tile", arch::to_string(t)},
                       {"kind", std::string(arch::to_string(tp.kind))},
                       {"memory_bytes", tp.bytes_used},
                       {"memory_limit", res.data_memory_bytes},
                       {"locks", tp.locks},
                       {"bds", tp.bds},
                       {"s2mm", tp.s2mm},
                       {"mm2s", tp.mm2s}});
    }
  }
  json ds = json::array();
  for (const auto& diag : diags)
    ds.push_back({{"rule", std::string(design::to_string(diag.rule))},
                  {"tile", diag.tile ? arch::to_string(*diag.tile) : std::string()},
                  {"item", diag.item},
                  {"message", diag.message}});
  json j = {{"design", d.name()},
            {"device", d.device().name},
            {"valid", diags.empty()},
            {"tiles", tiles},
            {"diagnostics", ds}};
  return j.dump(2) + "\n";
}

}  // namespace xdna::emu
