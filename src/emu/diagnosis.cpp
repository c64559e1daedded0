// Deadlock / timeout diagnosis: one sentence per actor that cannot move, naming the fifo, the
// lock and its value, so the user sees the cycle without a debugger.
#include "engine.hpp"

namespace xdna::emu::detail {

std::string Engine::channel_text(int ch) const {
  const auto& c = plan_.channels[static_cast<std::size_t>(ch)];
  return "DMA " + std::string(design::to_string(c.dir)) + " " + std::to_string(c.channel) + " on " +
         arch::to_string(c.tile) + " (fifo '" + d_.fifos()[static_cast<std::size_t>(c.fifo)].name +
         "')";
}

namespace {
std::string op_text(const design::Design& d, int i) {
  const auto& op = d.runtime_ops()[static_cast<std::size_t>(i)];
  const auto& fifo_name =
      op.fifo >= 0 ? d.fifos()[static_cast<std::size_t>(op.fifo)].name : std::string();
  const auto arg_name =
      op.arg >= 0 ? d.runtime_args()[static_cast<std::size_t>(op.arg)].name : std::string();
  switch (op.kind) {
    case design::OpKind::fill:
      return "op #" + std::to_string(i) + " (fill of fifo '" + fifo_name + "' from '" + arg_name +
             "')";
    case design::OpKind::drain:
      return "op #" + std::to_string(i) + " (drain of fifo '" + fifo_name + "' into '" + arg_name +
             "'" + (op.wait ? ", wait" : "") + ")";
    case design::OpKind::wait:
      return "op #" + std::to_string(i) + " (wait for fifo '" + fifo_name + "')";
    default:
      return "op #" + std::to_string(i);
  }
}
}  // namespace

void Engine::diagnose(RunResult& r, Status status) {
  auto add = [&](Actor a, std::string what) {
    r.diagnosis += "  " + what + "\n";
    r.blocked.push_back(Blocked{a, std::move(what)});
  };
  auto lock_text = [&](int lock) {
    const auto& l = locks_[static_cast<std::size_t>(lock)];
    return "lock '" + l.name + "' on " + arch::to_string(l.tile) + " = " + std::to_string(l.value);
  };
  r.diagnosis = status == Status::deadlock
                    ? "deadlock in design '" + d_.name() +
                          "': no worker, DMA channel or runtime step can progress\n"
                    : "timeout in design '" + d_.name() + "' after " +
                          std::to_string(opt_.timeout_seconds) + " s; state when stopped:\n";
  for (const auto& w : workers_) {
    if (w->done) continue;
    const auto& ws = *w;
    if (ws.waiting_lock < 0) {
      add(Actor{ActorKind::worker, ws.index},
          "worker '" + ws.worker->name + "' on " + arch::to_string(ws.worker->tile) +
              (ws.started ? " is running (not waiting on a lock)" : " never started"));
      continue;
    }
    const auto port = static_cast<std::size_t>(ws.waiting_port);
    const PortState& p = ws.ports[port];
    const RingState& ring = rings_[static_cast<std::size_t>(p.ring)];
    const int other = p.producer ? ring.cons_lock[0] : ring.prod_lock[0];
    add(Actor{ActorKind::worker, ws.index},
        "worker '" + ws.worker->name + "' on " + arch::to_string(ws.worker->tile) +
            " waits to acquire " + d_.describe(ws.worker->ports[port]) + ": " +
            lock_text(ws.waiting_lock) + " (needs 1), " + lock_text(other) + "; it holds " +
            std::to_string(p.held.size()) + " of " + std::to_string(ring.slot.size()) +
            " elements");
  }
  for (const auto& h : hops_) {
    const ChannelState& src = chans_[static_cast<std::size_t>(h.source)];
    if (!src.active) continue;  // an idle source has nothing to deliver
    for (int s : h.sinks) {
      const ChannelState& k = chans_[static_cast<std::size_t>(s)];
      if (k.active) continue;
      std::string why;
      const auto& kc = plan_.channels[static_cast<std::size_t>(s)];
      if (k.shim) {
        why = "no drain was issued for it yet";
      } else {
        const int seg = kc.segments[static_cast<std::size_t>(k.seg_pos)];
        why = lock_text(rings_[static_cast<std::size_t>(kc.ring)]
                            .prod_lock[static_cast<std::size_t>(seg)]) +
              " (no free element: the consumer has not released any)";
      }
      add(Actor{ActorKind::dma, h.source},
          channel_text(h.source) + " holds element data (" + std::to_string(src.done) + " of " +
              std::to_string(src.size) + " B sent) and waits for " + channel_text(s) + ": " + why);
    }
  }
  for (std::size_t i = 0; i < chans_.size(); ++i) {
    const auto& c = chans_[i];
    if (!c.shim || c.tasks.empty()) continue;
    const auto& ch = plan_.channels[i];
    const bool started = c.active;
    std::string text =
        channel_text(static_cast<int>(i)) + " has " + std::to_string(c.tasks.size()) +
        " runtime transfer(s) pending; the first, " + op_text(d_, c.tasks.front().op) + ", moved " +
        std::to_string(started ? c.done : 0) + " of " +
        std::to_string(c.tasks.front().pattern.total) + " B";
    if (ch.dir == design::DmaDir::s2mm) text += " (waiting for the fifo's producer)";
    add(Actor{ActorKind::dma, static_cast<int>(i)}, text);
  }
  if (pc_ < d_.runtime_ops().size())
    add(Actor{ActorKind::runtime, static_cast<int>(pc_)},
        "runtime sequence is blocked at " + op_text(d_, static_cast<int>(pc_)) + " (" +
            std::to_string(d_.runtime_ops().size() - pc_ - 1) + " later op(s) not issued)");
}

}  // namespace xdna::emu::detail
