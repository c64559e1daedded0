// Chrome trace-event JSON export of a run record.
#include "xdna/emu/trace.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "xdna/common/error.hpp"

namespace xdna::emu {

namespace {

int pid_of(TileId t) {
  return 1 + t.col * 16 + t.row;
}  // 0 is the host runtime
int dma_tid(int channel) {
  return 1 + channel;
}  // 0 is the core

std::string op_name(const design::Design& d, int i) {
  const auto& op = d.runtime_ops()[static_cast<std::size_t>(i)];
  auto fifo = [&] { return d.fifos()[static_cast<std::size_t>(op.fifo)].name; };
  switch (op.kind) {
    case design::OpKind::start:
      return "start workers";
    case design::OpKind::fill:
      return "fill " + fifo();
    case design::OpKind::drain:
      return "drain " + fifo();
    case design::OpKind::wait:
      return "wait " + fifo();
    case design::OpKind::write_rtp:
      return "write rtp " + d.rtps()[static_cast<std::size_t>(op.rtp)].name;
  }
  return "op";
}

}  // namespace

std::string chrome_trace_json(const design::Design& design, const RunResult& result) {
  using nlohmann::json;
  json events = json::array();
  auto meta = [&](int pid, int tid, const char* what, const std::string& name) {
    json e = {{"ph", "M"}, {"pid", pid}, {"name", what}, {"args", {{"name", name}}}};
    if (tid >= 0) e["tid"] = tid;
    events.push_back(std::move(e));
  };
  meta(0, -1, "process_name", "host runtime sequence");
  meta(0, 0, "thread_name", "command stream");
  for (const auto& [t, tp] : result.plan.tiles) {
    meta(pid_of(t), -1, "process_name",
         std::string(arch::to_string(tp.kind)) + " tile " + arch::to_string(t));
    if (tp.kind == arch::TileKind::core) meta(pid_of(t), 0, "thread_name", "core");
  }
  for (std::size_t i = 0; i < result.plan.channels.size(); ++i) {
    const auto& c = result.plan.channels[i];
    meta(pid_of(c.tile), dma_tid(static_cast<int>(i)), "thread_name",
         std::string(design::to_string(c.dir)) + " " + std::to_string(c.channel) + " (" +
             design.fifos()[static_cast<std::size_t>(c.fifo)].name + ")");
  }
  const auto& rec = result.record;
  for (const auto& k : rec.kernel_calls) {
    json args = {{"worker", design.workers()[static_cast<std::size_t>(k.worker)].name},
                 {"begin_seq", k.begin_seq},
                 {"end_seq", k.end_seq}};
    std::uint64_t macs = 0;
    for (auto m : k.ops.macs) macs += m;
    args["macs"] = macs;
    events.push_back({{"name", k.kernel},
                      {"cat", "kernel"},
                      {"ph", "X"},
                      {"ts", k.begin_us},
                      {"dur", k.end_us - k.begin_us},
                      {"pid", pid_of(k.tile)},
                      {"tid", 0},
                      {"args", args}});
  }
  for (const auto& l : rec.locks) {
    if (l.op != LockOp::acquire || l.waited_us <= 0 || l.actor.kind != ActorKind::worker) continue;
    const auto& w = design.workers()[static_cast<std::size_t>(l.actor.index)];
    events.push_back(
        {{"name", "wait " + l.name},
         {"cat", "lock"},
         {"ph", "X"},
         {"ts", l.t_us - l.waited_us},
         {"dur", l.waited_us},
         {"pid", pid_of(w.tile)},
         {"tid", 0},
         {"args", {{"lock", l.lock}, {"seq", l.seq}, {"value_after", l.value_after}}}});
  }
  for (const auto& t : rec.transfers) {
    events.push_back({{"name", design.fifos()[static_cast<std::size_t>(t.fifo)].name + " #" +
                                   std::to_string(t.element)},
                      {"cat", "dma"},
                      {"ph", "X"},
                      {"ts", t.begin_us},
                      {"dur", t.end_us - t.begin_us},
                      {"pid", pid_of(t.tile)},
                      {"tid", dma_tid(t.channel)},
                      {"args",
                       {{"bytes", t.bytes},
                        {"slot", t.slot},
                        {"begin_seq", t.begin_seq},
                        {"end_seq", t.end_seq}}}});
  }
  for (const auto& e : rec.events) {
    events.push_back({{"name", e.id == 0 ? "event0" : "event1"},
                      {"cat", "event"},
                      {"ph", "i"},
                      {"s", "t"},
                      {"ts", e.t_us},
                      {"pid", pid_of(e.tile)},
                      {"tid", 0},
                      {"args", {{"seq", e.seq}}}});
  }
  for (const auto& r : rec.runtime) {
    events.push_back({{"name", op_name(design, r.op)},
                      {"cat", "runtime"},
                      {"ph", "X"},
                      {"ts", r.begin_us},
                      {"dur", r.end_us - r.begin_us},
                      {"pid", 0},
                      {"tid", 0},
                      {"args", {{"op", r.op}}}});
  }
  json doc = {
      {"traceEvents", std::move(events)},
      {"displayTimeUnit", "ns"},
      {"otherData",
       {{"design", design.name()},
        {"device", design.device().name},
        {"clock", "host wall-clock microseconds (measured on this host, not an NPU projection)"}}}};
  return doc.dump();
}

void write_chrome_trace(const std::string& path, const design::Design& design,
                        const RunResult& result) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw SystemError("cannot open trace file '" + path + "' for writing");
  out << chrome_trace_json(design, result);
  if (!out) throw SystemError("failed writing trace file '" + path + "'");
}

}  // namespace xdna::emu
