// The scheduler half of the engine: the runtime command stream, the DMA channels moving bytes
// between rings and host buffers, completion and deadlock detection.
#include <algorithm>
#include <cstring>

#include "engine.hpp"
#include "xdna/common/error.hpp"

namespace xdna::emu::detail {

using design::DmaDir;
using design::OpKind;

bool Engine::runtime_finished() const {
  if (pc_ < d_.runtime_ops().size()) return false;
  return std::all_of(pending_tasks_.begin(), pending_tasks_.end(), [](int n) { return n == 0; });
}

bool Engine::workers_quiet() const {
  if (!workers_started_) return true;
  return std::all_of(workers_.begin(), workers_.end(),
                     [](const auto& w) { return w->done || w->waiting_lock >= 0; });
}

bool Engine::step_runtime() {
  const auto& ops = d_.runtime_ops();
  bool progressed = false;
  while (pc_ < ops.size()) {
    const design::RuntimeOp& op = ops[pc_];
    if (waiting_op_ >= 0) {
      const bool blocked = op.kind == OpKind::wait
                               ? pending_by_fifo_[static_cast<std::size_t>(op.fifo)] > 0
                               : pending_tasks_[pc_] > 0;
      if (blocked) return progressed;
      if (opt_.record && op.kind == OpKind::wait)
        rec_.runtime.push_back(RuntimeStep{op_begin_seq_[pc_], next_seq(), static_cast<int>(pc_),
                                           op_begin_us_[pc_], now_us()});
      waiting_op_ = -1;
      ++pc_;
      progressed = true;
      continue;
    }
    op_begin_us_[pc_] = now_us();
    op_begin_seq_[pc_] = next_seq();
    switch (op.kind) {
      case OpKind::start:
        workers_started_ = true;
        permit_cv_.notify_all();
        if (opt_.record)
          rec_.runtime.push_back(RuntimeStep{op_begin_seq_[pc_], next_seq(), static_cast<int>(pc_),
                                             op_begin_us_[pc_], now_us()});
        ++pc_;
        break;
      case OpKind::write_rtp: {
        const auto r = static_cast<std::size_t>(op.rtp);
        const auto& rp = d_.rtps()[r];
        const auto& b =
            plan_.tiles.at(rp.tile).buffers[static_cast<std::size_t>(plan_.rtp_buffer_index[r])];
        std::memcpy(arena_of_.at(rp.tile) + b.offset, op.values.data(),
                    op.values.size() * sizeof(std::int32_t));
        if (opt_.record)
          rec_.runtime.push_back(RuntimeStep{op_begin_seq_[pc_], next_seq(), static_cast<int>(pc_),
                                             op_begin_us_[pc_], now_us()});
        ++pc_;
        break;
      }
      case OpKind::fill:
      case OpKind::drain: {
        const auto f = static_cast<std::size_t>(op.fifo);
        int ch = -1;
        if (op.kind == OpKind::fill) {
          ch = plan_.producer[f].channel;
        } else {
          for (const auto& e : plan_.consumer[f])
            if (e.ring < 0 && e.channel >= 0) ch = e.channel;
        }
        const auto& arg = d_.runtime_args()[static_cast<std::size_t>(op.arg)];
        Task t;
        t.op = static_cast<int>(pc_);
        t.base = buffers_[static_cast<std::size_t>(op.arg)].data();
        t.pattern =
            BytePattern::make(op.pattern, design::size_of(arg.type.dtype), arg.type.bytes());
        chans_[static_cast<std::size_t>(ch)].tasks.push_back(std::move(t));
        ++pending_tasks_[pc_];
        ++pending_by_fifo_[f];
        if (op.kind == OpKind::drain && op.wait) {
          waiting_op_ = static_cast<int>(pc_);
        } else {
          ++pc_;
        }
        break;
      }
      case OpKind::wait:
        waiting_op_ = static_cast<int>(pc_);
        break;
    }
    progressed = true;
  }
  return progressed;
}

// A source takes a filled element (consumer lock), a sink an empty one (producer lock); shim
// channels walk their host-side task list instead.
bool Engine::start_channel(ChannelState& c, bool sink) {
  if (c.shim) {
    if (c.tasks.empty()) return false;
    c.base = c.tasks.front().base;
    c.pattern = &c.tasks.front().pattern;
    c.size = c.pattern->total;
  } else {
    // Most calls find the lock taken; they answer from the channel's own lock table.
    const auto pos = static_cast<std::size_t>(c.seg_pos);
    const int lock = (sink ? c.seg_prod_lock : c.seg_cons_lock)[pos];
    if (locks_[static_cast<std::size_t>(lock)].value < 1) return false;
    const auto& ch = plan_.channels[static_cast<std::size_t>(c.index)];
    const int seg = ch.segments[pos];
    RingState& ring = rings_[static_cast<std::size_t>(ch.ring)];
    lock_acquire(lock, Actor{ActorKind::dma, c.index}, 0);
    c.slot = (sink ? ring.prod_head : ring.cons_head)[static_cast<std::size_t>(seg)];
    c.segment = seg;
    const auto& s =
        plan_.rings[static_cast<std::size_t>(ch.ring)].segments[static_cast<std::size_t>(seg)];
    c.base = ring.slot[static_cast<std::size_t>(c.slot)] + s.offset;
    c.pattern = &c.seg_patterns[static_cast<std::size_t>(c.seg_pos)];
    c.size = c.pattern->total;
  }
  c.active = true;
  c.done = 0;
  if (opt_.record) {
    c.begin_seq = next_seq();
    c.begin_us = now_us();
  }
  return true;
}

bool Engine::start_source(ChannelState& c) {
  return start_channel(c, false);
}

bool Engine::start_sink(ChannelState& c) {
  return start_channel(c, true);
}

void Engine::finish_chunk(ChannelState& c, bool source) {
  const auto& ch = plan_.channels[static_cast<std::size_t>(c.index)];
  if (opt_.record)
    rec_.transfers.push_back(DmaTransfer{c.begin_seq, next_seq(), c.index, ch.tile, ch.dir,
                                         ch.channel, ch.fifo, c.elements, c.slot, c.size,
                                         c.begin_us, now_us()});
  ++c.elements;
  c.active = false;
  if (c.shim) {
    const int op = c.tasks.front().op;
    c.tasks.pop_front();
    --pending_by_fifo_[static_cast<std::size_t>(ch.fifo)];
    if (--pending_tasks_[static_cast<std::size_t>(op)] == 0 && opt_.record)
      rec_.runtime.push_back(RuntimeStep{op_begin_seq_[static_cast<std::size_t>(op)], next_seq(),
                                         op, op_begin_us_[static_cast<std::size_t>(op)], now_us()});
    return;
  }
  RingState& ring = rings_[static_cast<std::size_t>(ch.ring)];
  const auto seg = static_cast<std::size_t>(c.segment);
  const int depth = static_cast<int>(ring.slot.size());
  if (source) {
    ring.cons_head[seg] = (c.slot + 1) % depth;
    lock_release(ring.prod_lock[seg], Actor{ActorKind::dma, c.index});
  } else {
    ring.prod_head[seg] = (c.slot + 1) % depth;
    lock_release(ring.cons_lock[seg], Actor{ActorKind::dma, c.index});
  }
  c.seg_pos = (c.seg_pos + 1) % static_cast<int>(ch.segments.size());
}

void Engine::note_blocked(Hop& h, const ChannelState& c, bool sink) {
  if (c.shim)
    h.wait_tasks = c.index;
  else
    h.wait_lock = (sink ? c.seg_prod_lock : c.seg_cons_lock)[static_cast<std::size_t>(c.seg_pos)];
}

// A hop whose last step made no progress stopped at the first channel that could not start;
// every channel before it is active and stays so (only this hop finishes its channels). Until
// that channel's lock is released or a task arrives for it, stepping again would fail the
// same way without side effects, so pump() can skip it: the order of everything that does
// move is unchanged.
bool Engine::hop_blocked(const Hop& h) const {
  if (h.wait_lock >= 0) return locks_[static_cast<std::size_t>(h.wait_lock)].value < 1;
  if (h.wait_tasks >= 0) return chans_[static_cast<std::size_t>(h.wait_tasks)].tasks.empty();
  return false;
}

bool Engine::step_hop(Hop& h) {
  ChannelState& src = chans_[static_cast<std::size_t>(h.source)];
  h.wait_lock = h.wait_tasks = -1;
  bool progress = false;
  if (!src.active) {
    if (!start_source(src)) {
      note_blocked(h, src, false);
      return false;
    }
    progress = true;
  }
  for (int s : h.sinks) {
    ChannelState& k = chans_[static_cast<std::size_t>(s)];
    if (!k.active) {
      if (!start_sink(k)) {
        if (!progress) note_blocked(h, k, true);
        return progress;
      }
      progress = true;
    }
  }
  std::uint64_t n = src.size - src.done;
  for (int s : h.sinks) {
    const ChannelState& k = chans_[static_cast<std::size_t>(s)];
    n = std::min(n, k.size - k.done);
  }
  const std::byte* data = nullptr;
  bool delivered = false;  // the bytes already sit in the (single) sink
  if (n > 0) {
    if (src.pattern->contiguous()) {
      data = src.base + src.pattern->offset + src.done;
    } else if (h.direct) {
      // Gathering straight into a linear sink writes the same bytes to the same places as
      // gathering into staging and copying from there, minus one copy.
      ChannelState& k = chans_[static_cast<std::size_t>(h.sinks[0])];
      if (k.pattern->contiguous()) {
        gather(src.base, *src.pattern, src.done, n, k.base + k.pattern->offset + k.done);
        delivered = true;
      }
    }
    if (!data && !delivered) {
      staging_.resize(n);
      gather(src.base, *src.pattern, src.done, n, staging_.data());
      data = staging_.data();
    }
  }
  for (int s : h.sinks) {
    ChannelState& k = chans_[static_cast<std::size_t>(s)];
    if (n > 0 && !delivered) scatter(k.base, *k.pattern, k.done, n, data);
    k.done += n;
    k.bytes_moved += n;
    if (k.done == k.size) finish_chunk(k, false);
  }
  src.done += n;
  src.bytes_moved += n;
  if (src.done == src.size) finish_chunk(src, true);
  return true;
}

bool Engine::pump() {
  bool progress = step_runtime();
  for (bool again = true; again;) {
    again = false;
    for (auto& h : hops_)
      if (!hop_blocked(h)) again = step_hop(h) || again;
    again = step_runtime() || again;
    progress = progress || again;
  }
  return progress;
}

RunResult Engine::run() {
  t0_ = std::chrono::steady_clock::now();
  for (auto& w : workers_) w->thread = std::thread([this, p = w.get()] { worker_main(*p); });
  RunResult result;
  Status status = Status::completed;
  {
    std::unique_lock lk(m_);
    const auto deadline = t0_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(opt_.timeout_seconds));
    for (;;) {
      if (!error_.empty()) break;
      if (pump()) continue;
      const bool quiet = workers_quiet();
      // Worker bodies return when their work is done; one still waiting once the command
      // stream has finished waits for data that will never come, which is a deadlock too.
      const bool all_done =
          std::all_of(workers_.begin(), workers_.end(), [](const auto& w) { return w->done; });
      if (runtime_finished() && all_done) break;
      if (quiet) {
        status = Status::deadlock;
        break;
      }
      if (opt_.timeout_seconds > 0) {
        if (sched_cv_.wait_until(lk, deadline) == std::cv_status::timeout &&
            std::chrono::steady_clock::now() >= deadline) {
          status = Status::timeout;
          break;
        }
      } else {
        sched_cv_.wait(lk);
      }
    }
    if (status != Status::completed) diagnose(result, status);
    abort_ = true;  // workers still blocked would loop forever on the chip; stop them
    for (auto& w : workers_) w->cv.notify_all();
    permit_cv_.notify_all();
  }
  for (auto& w : workers_)
    if (w->thread.joinable()) w->thread.join();
  result.wall_seconds = now_us() / 1e6;
  if (!error_.empty()) throw Error(error_);

  result.status = status;
  for (auto& w : workers_) {
    CoreCounters cc;
    cc.worker = w->index;
    cc.tile = w->worker->tile;
    cc.kernel_calls = w->kernel_calls;
    cc.ops = w->counters;
    cc.lock_wait_us = w->lock_wait_us;
    rec_.cores.push_back(cc);
    if (opt_.record) {
      for (auto& c : w->calls) rec_.kernel_calls.push_back(std::move(c));
      for (auto& e : w->events) rec_.events.push_back(e);
    }
  }
  std::sort(rec_.kernel_calls.begin(), rec_.kernel_calls.end(),
            [](const KernelCall& a, const KernelCall& b) { return a.begin_seq < b.begin_seq; });
  std::sort(rec_.events.begin(), rec_.events.end(),
            [](const EventMarker& a, const EventMarker& b) { return a.seq < b.seq; });
  std::vector<ChannelCounters> chc(plan_.channels.size());
  for (std::size_t i = 0; i < plan_.channels.size(); ++i) {
    const auto& ch = plan_.channels[i];
    chc[i] = ChannelCounters{static_cast<int>(i), ch.tile, ch.dir, ch.channel, ch.fifo, 0, 0};
  }
  for (std::size_t i = 0; i < chans_.size(); ++i) {
    chc[i].bytes = chans_[i].bytes_moved;
    chc[i].transfers = static_cast<std::uint64_t>(chans_[i].elements);
  }
  rec_.channels = std::move(chc);
  result.record = std::move(rec_);
  result.plan = plan_;
  return result;
}

}  // namespace xdna::emu::detail
