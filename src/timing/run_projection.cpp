// Projected NPU time of an emulator run (see run_projection.hpp).
#include "xdna/timing/run_projection.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "xdna/common/error.hpp"
#include "xdna/timing/dma_model.hpp"

namespace xdna::timing {

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
using design::DmaDir;
using emu::ActorKind;

// An actor of the run: worker w -> 2w, DMA channel c -> 2c + 1.
std::size_t actor_key(const emu::Actor& a) {
  return a.kind == ActorKind::worker ? 2 * static_cast<std::size_t>(a.index)
                                     : 2 * static_cast<std::size_t>(a.index) + 1;
}

// One piece of a fifo stream, or one kernel call, waiting to be added in sequence order.
struct Pending {
  std::uint64_t seq = 0;  // when it could start in the host run (orders the timeline)
  std::size_t order = 0;  // tie-break: stream position / record order
  bool is_kernel = false;
  std::size_t call = 0;     // kernel: index into record.kernel_calls
  int source_channel = -1;  // piece: source channel, bytes, chunk boundaries
  std::uint64_t bytes = 0;
  arch::TileKind from = arch::TileKind::core, to = arch::TileKind::core;
  std::vector<std::size_t> starts;  // transfers (indices) whose first piece this is
  std::vector<std::size_t> ends;    // transfers whose last byte is in this piece
  std::string name;
};

// Lock token bookkeeping for exact counting-semaphore dependencies.
struct LockTokens {
  bool seen = false;
  long long initial = 0;  // value before the first recorded event
  long long taken = 0;    // units acquired so far
  // Releases so far: cumulative units given after each, and the activity that made it.
  std::vector<std::pair<long long, std::size_t>> given;
};

}  // namespace

const std::vector<std::string>& scalar_kernels() {
  static const std::vector<std::string> names = {"compact_bf16", "compact_indexed_bf16",
                                                 "pse_collapse_bf16", "pse_collapse_indexed_bf16",
                                                 "max_combine_bf16"};
  return names;
}

DesignTimeline timeline_from_run(const emu::RunResult& run, const design::Design& design,
                                 const DeviceRates& rates, const TimingParams& params) {
  const emu::RunRecord& rec = run.record;
  const design::Plan& plan = run.plan;
  DesignBuilder b("emulated run", rates, params);
  b.dispatch();

  auto tile_kind = [&](design::TileId t) {
    const design::TilePlan* tp = plan.tile(t);
    if (tp == nullptr) {
      throw InputError("timing: the run record names tile " + arch::to_string(t) +
                       " which its plan does not hold");
    }
    return tp->kind;
  };

  // Transfers of each channel in element order.
  std::vector<std::vector<std::size_t>> by_channel(plan.channels.size());
  for (std::size_t i = 0; i < rec.transfers.size(); ++i) {
    const auto ch = static_cast<std::size_t>(rec.transfers[i].channel);
    if (ch >= plan.channels.size()) {
      throw InputError("timing: transfer " + std::to_string(i) + " names DMA channel " +
                       std::to_string(ch) + " but the plan has " +
                       std::to_string(plan.channels.size()));
    }
    by_channel[ch].push_back(i);
  }
  for (auto& v : by_channel)
    std::sort(v.begin(), v.end(), [&](std::size_t x, std::size_t y) {
      return rec.transfers[x].element < rec.transfers[y].element;
    });

  // Cut every fifo stream at each chunk boundary of its source and sinks.
  std::vector<Pending> pending;
  std::map<int, std::vector<int>> sinks_of_fifo, sources_of_fifo;
  for (std::size_t c = 0; c < plan.channels.size(); ++c) {
    const auto& ch = plan.channels[c];
    (ch.dir == DmaDir::mm2s ? sources_of_fifo : sinks_of_fifo)[ch.fifo].push_back(
        static_cast<int>(c));
  }
  for (const auto& [fifo, sources] : sources_of_fifo) {
    const int src = sources.front();
    const auto& sinks = sinks_of_fifo[fifo];
    // Chunk boundaries per participating channel, as (end offset, transfer index).
    struct Side {
      std::vector<std::pair<std::uint64_t, std::size_t>> chunks;  // cumulative end, transfer
      std::size_t pos = 0;
    };
    std::vector<Side> sides;
    std::vector<int> side_channel;
    for (int ch : std::vector<int>{src}) side_channel.push_back(ch);
    for (int ch : sinks) side_channel.push_back(ch);
    std::uint64_t total = 0;
    for (int ch : side_channel) {
      Side s;
      std::uint64_t at = 0;
      for (std::size_t t : by_channel[static_cast<std::size_t>(ch)]) {
        at += rec.transfers[t].bytes;
        s.chunks.push_back({at, t});
      }
      if (ch == src) total = at;
      sides.push_back(std::move(s));
    }
    const arch::TileKind from = tile_kind(plan.channels[static_cast<std::size_t>(src)].tile);
    arch::TileKind to = arch::TileKind::core;
    for (int ch : sinks) {
      const arch::TileKind k = tile_kind(plan.channels[static_cast<std::size_t>(ch)].tile);
      if (k == arch::TileKind::shim || to != arch::TileKind::shim) to = k;
    }
    std::uint64_t at = 0;
    std::size_t piece_index = 0;
    while (at < total) {
      std::uint64_t next = total;
      for (const Side& s : sides)
        if (s.pos < s.chunks.size()) next = std::min(next, s.chunks[s.pos].first);
      if (next <= at) break;  // a sink moved fewer bytes than the source: stop at the shorter
      Pending p;
      p.source_channel = src;
      p.bytes = next - at;
      p.from = from;
      p.to = to;
      p.order = piece_index++;
      p.name = "fifo " + std::to_string(fifo) + " piece #" + std::to_string(p.order);
      for (Side& s : sides) {
        if (s.pos >= s.chunks.size()) continue;
        const std::size_t t = s.chunks[s.pos].second;
        const std::uint64_t chunk_begin = s.pos == 0 ? 0 : s.chunks[s.pos - 1].first;
        if (chunk_begin == at) p.starts.push_back(t);
        p.seq = std::max(p.seq, rec.transfers[t].begin_seq);
        if (s.chunks[s.pos].first == next) {
          p.ends.push_back(t);
          ++s.pos;
        }
      }
      pending.push_back(std::move(p));
      at = next;
    }
  }
  for (std::size_t i = 0; i < rec.kernel_calls.size(); ++i) {
    Pending p;
    p.is_kernel = true;
    p.call = i;
    p.seq = rec.kernel_calls[i].begin_seq;
    p.order = i;
    pending.push_back(std::move(p));
  }
  std::stable_sort(pending.begin(), pending.end(), [](const Pending& x, const Pending& y) {
    return std::tie(x.seq, x.is_kernel, x.order) < std::tie(y.seq, y.is_kernel, y.order);
  });

  // Walk lock events and activities together in sequence order.
  std::map<std::pair<design::TileId, int>, LockTokens> locks;
  std::map<std::size_t, std::vector<Dependency>> waiting;  // actor -> deps of its next activity
  std::map<std::size_t, std::size_t> last_done;            // actor -> activity that ended last
  const auto& events = rec.locks;
  std::size_t ev = 0;
  const double handoff = params.lock_handoff_cycles;
  const auto& scalar = scalar_kernels();

  // Applies the lock events before `seq`: releases record which activity gave each unit,
  // acquires turn into dependencies of the acting actor's next activity.
  auto apply_events_before = [&](std::uint64_t seq) {
    for (; ev < events.size() && events[ev].seq < seq; ++ev) {
      const emu::LockEvent& e = events[ev];
      LockTokens& l = locks[{e.tile, e.lock}];
      if (!l.seen) {
        l.seen = true;
        l.initial =
            e.op == emu::LockOp::acquire ? e.value_after + e.amount : e.value_after - e.amount;
      }
      if (e.actor.kind == ActorKind::runtime) {
        if (e.op == emu::LockOp::release) {
          const long long given = (l.given.empty() ? l.initial : l.given.back().first) + e.amount;
          l.given.push_back({given, b.dispatch_activity()});
        } else {
          l.taken += e.amount;
        }
        continue;
      }
      const std::size_t actor = actor_key(e.actor);
      if (e.op == emu::LockOp::release) {
        // A DMA channel releases for the transfer it just finished; a worker for its last call.
        std::size_t by = kNone;
        if (e.actor.kind == ActorKind::dma) {
          auto it = last_done.find(actor);
          if (it != last_done.end()) by = it->second;
        } else {
          auto w = waiting.find(actor);
          if (w != waiting.end() && !w->second.empty()) {
            // Acquired and released with no kernel call between: a zero-length step on its core.
            const auto& call_tile = design.workers()[static_cast<std::size_t>(e.actor.index)].tile;
            by = b.step("core" + arch::to_string(call_tile), std::move(w->second),
                        "worker " + std::to_string(e.actor.index) + " hand-off");
            w->second.clear();
            last_done[actor] = by;
          } else {
            auto it = last_done.find(actor);
            if (it != last_done.end()) by = it->second;
          }
        }
        const long long given = (l.given.empty() ? l.initial : l.given.back().first) + e.amount;
        l.given.push_back({given, by == kNone ? b.dispatch_activity() : by});
      } else {
        // Units [taken, taken + amount) come from the release that gave unit taken + amount - 1.
        const long long unit_needed = l.taken + e.amount;
        l.taken += e.amount;
        if (unit_needed <= l.initial) continue;
        auto it = std::lower_bound(
            l.given.begin(), l.given.end(), unit_needed,
            [](const std::pair<long long, std::size_t>& g, long long u) { return g.first < u; });
        if (it == l.given.end()) continue;  // cannot happen in a consistent record
        waiting[actor].push_back({it->second, handoff});
      }
    }
  };

  for (const Pending& p : pending) {
    apply_events_before(p.seq + (p.is_kernel ? 0 : 1));
    if (p.is_kernel) {
      const emu::KernelCall& call = rec.kernel_calls[p.call];
      const std::size_t actor = actor_key({ActorKind::worker, call.worker});
      const bool pipelined = std::find(scalar.begin(), scalar.end(), call.kernel) == scalar.end();
      std::vector<Dependency> deps = std::move(waiting[actor]);
      waiting[actor].clear();
      const std::size_t id =
          b.kernel("core" + arch::to_string(call.tile),
                   KernelProfile{call.kernel, call.ops, pipelined}, std::move(deps), call.kernel);
      last_done[actor] = id;  // its releases follow its end in sequence order
      continue;
    }
    std::vector<Dependency> deps;
    for (std::size_t t : p.starts) {
      const std::size_t actor = actor_key({ActorKind::dma, rec.transfers[t].channel});
      auto& w = waiting[actor];
      deps.insert(deps.end(), w.begin(), w.end());
      w.clear();
    }
    const auto& src = plan.channels[static_cast<std::size_t>(p.source_channel)];
    TimingParams piece_params = params;
    if (p.ends.empty()) {  // mid-chunk piece: no BD start, no element write completion
      piece_params.bd_setup_cycles = 0;
      piece_params.shim_write_element_cycles = 0;
    }
    const std::size_t id =
        b.hop_with(std::string(arch::to_string(p.from)) + arch::to_string(src.tile) + " mm2s" +
                       std::to_string(src.channel),
                   p.bytes, p.from, p.to, std::move(deps), p.name, piece_params);
    for (std::size_t t : p.ends) {
      last_done[actor_key({ActorKind::dma, rec.transfers[t].channel})] = id;
    }
  }
  apply_events_before(std::numeric_limits<std::uint64_t>::max());
  return b.finish(static_cast<int>(design.runtime_args().size()));
}

namespace {
void check_projectable(const emu::RunResult& run) {
  if (run.status != emu::Status::completed) {
    throw InputError("timing: the run did not complete (" +
                     std::string(run.status == emu::Status::deadlock ? "deadlock" : "timeout") +
                     "), so there is no run to project");
  }
  if (run.record.kernel_calls.empty() && run.record.transfers.empty()) {
    throw InputError(
        "timing: the run kept no record (RunOptions::record = false?); "
        "projections need the kernel calls and transfers");
  }
}
}  // namespace

Projection project(const emu::RunResult& run, const design::Design& design,
                   const arch::Device& device, std::string_view power_mode,
                   const TimingParams& params) {
  check_projectable(run);
  const DeviceRates rates = device_rates(device, power_mode, params);
  DesignTimeline d = timeline_from_run(run, design, rates, params);
  d.name = "emulated run on " + device.name;
  return project(d, rates, params);
}

nlohmann::json projected_trace(const emu::RunResult& run, const design::Design& design,
                               const arch::Device& device, std::string_view power_mode,
                               const TimingParams& params) {
  check_projectable(run);
  const DeviceRates rates = device_rates(device, power_mode, params);
  DesignTimeline d = timeline_from_run(run, design, rates, params);
  d.name = "emulated run on " + device.name;
  const Schedule s = compose(d.timeline);
  return chrome_trace(d, s, project(d, s, rates, params));
}

}  // namespace xdna::timing
