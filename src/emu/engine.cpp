// The emulator engine: builds tile memories, locks, rings and channels from the plan, runs the
// workers on threads and the DMA channels + runtime sequence on the calling thread.
#include "engine.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "xdna/common/error.hpp"
#include "xdna/design/validate.hpp"

namespace xdna::emu::detail {

using design::DmaDir;
using design::OpKind;

namespace {

void free_arena(std::byte* p) {
  std::free(p);
}

aie::host::op_counters minus(const aie::host::op_counters& a, const aie::host::op_counters& b) {
  aie::host::op_counters d;
  for (std::size_t i = 0; i < aie::host::kUnitCount; ++i) {
    d.ops[i] = a.ops[i] - b.ops[i];
    d.bits[i] = a.bits[i] - b.bits[i];
  }
  for (std::size_t i = 0; i < aie::host::kMacKindCount; ++i) d.macs[i] = a.macs[i] - b.macs[i];
  d.events = a.events - b.events;
  return d;
}

class CoreImpl final : public design::Core {
 public:
  CoreImpl(Engine& e, WorkerState& w) : e_(e), w_(w) {}
  design::Element acquire(std::size_t port) override { return e_.acquire(w_, port); }
  void release(std::size_t port, int count) override { e_.release(w_, port, count); }
  std::span<const std::int32_t> rtp(std::size_t i) override { return e_.rtp(w_, i); }
  design::Element local(std::size_t i) override { return e_.local(w_, i); }

 protected:
  void begin_kernel(std::string_view kernel) override { e_.begin_kernel(w_, kernel); }
  void end_kernel() override { e_.end_kernel(w_); }

 private:
  Engine& e_;
  WorkerState& w_;
};

void event_hook(void* ctx, int id) {
  auto* w = static_cast<WorkerState*>(ctx);
  w->engine->on_event(*w, id);
}

}  // namespace

Engine::Engine(const design::Design& d, Buffers& buffers, const RunOptions& opt)
    : d_(d), buffers_(buffers), opt_(opt) {
  if (opt_.validate) design::require_valid(d_);
  const auto& args = d_.runtime_args();
  if (buffers_.size() != args.size())
    throw InputError("design '" + d_.name() + "' takes " + std::to_string(args.size()) +
                     " runtime buffers but " + std::to_string(buffers_.size()) + " were given");
  for (std::size_t i = 0; i < args.size(); ++i)
    if (buffers_[i].size() != args[i].type.bytes())
      throw InputError("design '" + d_.name() + "': runtime buffer " + std::to_string(i) + " '" +
                       args[i].name + "' has " + std::to_string(buffers_[i].size()) +
                       " B, expected " + std::to_string(args[i].type.bytes()) + " B (" +
                       args[i].type.to_string() + ")");
  build();
}

Engine::~Engine() {
  {
    std::lock_guard lk(m_);
    abort_ = true;
  }
  permit_cv_.notify_all();
  for (auto& w : workers_) w->cv.notify_all();
  for (auto& w : workers_)
    if (w->thread.joinable()) w->thread.join();
}

double Engine::now_us() const {
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0_).count();
}

void Engine::build() {
  plan_ = design::make_plan(d_);
  const auto& dev = d_.device();
  for (auto& [t, tp] : plan_.tiles) {
    const auto bytes = dev.resources(tp.kind).data_memory_bytes;
    if (bytes == 0) continue;
    auto* p = static_cast<std::byte*>(std::aligned_alloc(64, bytes));
    if (!p)
      throw SystemError("cannot allocate " + std::to_string(bytes) + " B for tile " +
                        arch::to_string(t));
    std::memset(p, 0, bytes);  // deterministic start; the chip's memory is undefined
    arenas_.emplace_back(p, &free_arena);
    arena_of_[t] = p;
    for (const auto& b : tp.buffers)
      if (!b.placed)
        throw DeviceLimitError("tile " + arch::to_string(t) + ": " + b.name +
                               " does not fit tile memory; run validate() for the full diagnosis");
  }
  for (const auto& [t, tp] : plan_.tiles)
    for (int id = 0; id < tp.locks; ++id) {
      lock_index_[{t, id}] = static_cast<int>(locks_.size());
      locks_.push_back(LockState{t, id, 0, tp.lock_names[static_cast<std::size_t>(id)]});
    }
  for (const auto& r : plan_.rings) {
    RingState rs;
    const auto& tp = plan_.tiles.at(r.tile);
    for (int s : r.slots)
      rs.slot.push_back(arena_of_.at(r.tile) + tp.buffers[static_cast<std::size_t>(s)].offset);
    for (const auto& seg : r.segments) {
      rs.prod_head.push_back(0);
      rs.cons_head.push_back(0);
      rs.prod_lock.push_back(lock_index_.at({r.tile, seg.prod_lock}));
      rs.cons_lock.push_back(lock_index_.at({r.tile, seg.cons_lock}));
      locks_[static_cast<std::size_t>(rs.prod_lock.back())].value = r.depth;  // all slots free
    }
    rings_.push_back(std::move(rs));
  }
  for (std::size_t i = 0; i < plan_.channels.size(); ++i) {
    const auto& ch = plan_.channels[i];
    ChannelState cs;
    cs.index = static_cast<int>(i);
    cs.shim = ch.ring < 0;
    if (!cs.shim) {
      const auto& ring = plan_.rings[static_cast<std::size_t>(ch.ring)];
      const std::size_t es =
          design::size_of(d_.fifos()[static_cast<std::size_t>(ch.fifo)].type.dtype);
      const RingState& rs = rings_[static_cast<std::size_t>(ch.ring)];
      for (int s : ch.segments) {
        const auto seg = static_cast<std::size_t>(s);
        cs.seg_patterns.push_back(BytePattern::make(ch.dims, es, ring.segments[seg].bytes));
        cs.seg_prod_lock.push_back(rs.prod_lock[seg]);
        cs.seg_cons_lock.push_back(rs.cons_lock[seg]);
      }
    }
    chans_.push_back(std::move(cs));
  }
  for (std::size_t f = 0; f < d_.fifos().size(); ++f) {
    Hop h;
    h.fifo = static_cast<int>(f);
    h.source = plan_.producer[f].channel;
    for (const auto& e : plan_.consumer[f]) h.sinks.push_back(e.channel);
    if (h.source >= 0 && !h.sinks.empty() &&
        std::all_of(h.sinks.begin(), h.sinks.end(), [](int s) { return s >= 0; })) {
      const auto& src = plan_.channels[static_cast<std::size_t>(h.source)];
      const auto& sink = plan_.channels[static_cast<std::size_t>(h.sinks[0])];
      h.direct = h.sinks.size() == 1 && !(src.tile == sink.tile);
      hops_.push_back(std::move(h));
    }
  }
  const auto& ops = d_.runtime_ops();
  pending_tasks_.assign(ops.size(), 0);
  pending_by_fifo_.assign(d_.fifos().size(), 0);
  op_begin_us_.assign(ops.size(), 0);
  op_begin_seq_.assign(ops.size(), 0);
  workers_started_ =
      std::none_of(ops.begin(), ops.end(), [](const auto& op) { return op.kind == OpKind::start; });
  int threads = opt_.host_threads > 0 ? opt_.host_threads
                                      : static_cast<int>(std::thread::hardware_concurrency());
  permits_ = std::max(threads, 1);

  for (std::size_t wi = 0; wi < d_.workers().size(); ++wi) {
    auto w = std::make_unique<WorkerState>();
    w->index = static_cast<int>(wi);
    w->worker = &d_.workers()[wi];
    w->engine = this;
    for (const auto& p : w->worker->ports) {
      PortState ps;
      ps.producer = p.side == design::FifoSide::producer;
      ps.ring = ps.producer ? plan_.producer[static_cast<std::size_t>(p.fifo)].ring
                            : plan_
                                  .consumer[static_cast<std::size_t>(p.fifo)]
                                           [static_cast<std::size_t>(p.consumer)]
                                  .ring;
      w->ports.push_back(std::move(ps));
    }
    w->core.rounding = w->worker->rounding.value_or(aie::rounding_mode::floor);
    w->core.saturation = w->worker->saturation.value_or(aie::saturation_mode::none);
    w->core.counters = &w->counters;
    w->core.kernel_name = w->worker->name.c_str();
    w->core.on_event = &event_hook;
    w->core.event_ctx = w.get();
    // The core may touch every buffer of the tiles it reaches (checked builds verify this).
    for (const auto& [t, tp] : plan_.tiles)
      if (arena_of_.count(t) && d_.device().core_reaches(w->worker->tile, t))
        for (const auto& b : tp.buffers)
          if (b.name != "stack")
            w->core.regions.push_back({arena_of_.at(t) + b.offset, b.bytes, b.name.c_str()});
    workers_.push_back(std::move(w));
  }
}

// Run permits bound the workers computing at once. A released permit goes straight to the
// longest-waiting worker (its own condition variable), so a hand-over wakes one thread, not all.
void Engine::take_permit(std::unique_lock<std::mutex>& lk, WorkerState& w) {
  if (permits_ > 0 && permit_waiters_.empty()) {
    --permits_;
    w.has_permit = true;
    return;
  }
  permit_waiters_.push_back(&w);
  w.cv.wait(lk, [&] { return abort_ || w.has_permit; });
  if (abort_) {
    permit_waiters_.erase(std::remove(permit_waiters_.begin(), permit_waiters_.end(), &w),
                          permit_waiters_.end());
    throw Aborted{};
  }
}

void Engine::give_permit(WorkerState& w) {
  if (!w.has_permit) return;
  w.has_permit = false;
  if (!permit_waiters_.empty()) {
    WorkerState* next = permit_waiters_.front();
    permit_waiters_.pop_front();
    next->has_permit = true;
    next->cv.notify_one();
  } else {
    ++permits_;
  }
}

void Engine::lock_acquire(int lock, Actor a, double waited_us) {
  LockState& l = locks_[static_cast<std::size_t>(lock)];
  l.value -= 1;
  if (opt_.record)
    rec_.locks.push_back(LockEvent{next_seq(), l.tile, l.id, l.name, a, LockOp::acquire, 1, l.value,
                                   now_us(), waited_us});
}

void Engine::lock_release(int lock, Actor a) {
  LockState& l = locks_[static_cast<std::size_t>(lock)];
  l.value += 1;
  if (opt_.record)
    rec_.locks.push_back(
        LockEvent{next_seq(), l.tile, l.id, l.name, a, LockOp::release, 1, l.value, now_us(), 0});
  for (auto& w : workers_)
    if (w->waiting_lock == lock) {
      w->waiting_lock = -1;  // runnable from now on, so the scheduler never sees a false deadlock
      w->cv.notify_one();
    }
}

design::Element Engine::acquire(WorkerState& w, std::size_t port) {
  std::unique_lock lk(m_);
  if (abort_) throw Aborted{};
  if (port >= w.ports.size())
    throw InputError("worker '" + w.worker->name + "' acquires port " + std::to_string(port) +
                     " but has " + std::to_string(w.ports.size()));
  PortState& p = w.ports[port];
  RingState& ring = rings_[static_cast<std::size_t>(p.ring)];
  const int lock = p.producer ? ring.prod_lock[0] : ring.cons_lock[0];
  double waited = 0;
  // Move whatever the DMA channels can move right now on this thread: most acquires then find
  // their element ready and no thread has to be woken.
  if (locks_[static_cast<std::size_t>(lock)].value < 1 && pump()) sched_cv_.notify_one();
  if (locks_[static_cast<std::size_t>(lock)].value < 1) {
    const double t = now_us();
    w.waiting_lock = lock;
    w.waiting_port = static_cast<int>(port);
    give_permit(w);
    sched_cv_.notify_one();
    w.cv.wait(lk, [&] { return abort_ || locks_[static_cast<std::size_t>(lock)].value >= 1; });
    w.waiting_lock = -1;
    if (abort_) throw Aborted{};
    take_permit(lk, w);
    waited = now_us() - t;
    w.lock_wait_us += waited;
  }
  lock_acquire(lock, Actor{ActorKind::worker, w.index}, waited);
  int& head = p.producer ? ring.prod_head[0] : ring.cons_head[0];
  const int slot = head;
  head = (head + 1) % static_cast<int>(ring.slot.size());
  p.held.push_back(slot);
  const auto& r = plan_.rings[static_cast<std::size_t>(p.ring)];
  return design::Element{ring.slot[static_cast<std::size_t>(slot)], r.element_bytes};
}

void Engine::release(WorkerState& w, std::size_t port, int count) {
  std::unique_lock lk(m_);
  if (abort_) throw Aborted{};
  if (port >= w.ports.size())
    throw InputError("worker '" + w.worker->name + "' releases port " + std::to_string(port) +
                     " but has " + std::to_string(w.ports.size()));
  PortState& p = w.ports[port];
  if (count < 0 || static_cast<std::size_t>(count) > p.held.size())
    throw InputError("worker '" + w.worker->name + "' releases " + std::to_string(count) +
                     " element(s) of " + d_.describe(w.worker->ports[port]) + " but holds " +
                     std::to_string(p.held.size()));
  RingState& ring = rings_[static_cast<std::size_t>(p.ring)];
  const int lock = p.producer ? ring.cons_lock[0] : ring.prod_lock[0];
  for (int i = 0; i < count; ++i) {
    p.held.pop_front();
    lock_release(lock, Actor{ActorKind::worker, w.index});
  }
  // The scheduler only needs waking when the command stream may have finished; waking it on
  // every release would make it contend for the mutex with the workers.
  pump();
  if (runtime_finished()) sched_cv_.notify_one();
}

std::span<const std::int32_t> Engine::rtp(WorkerState& w, std::size_t i) {
  const auto& ids = w.worker->rtps;
  if (i >= ids.size())
    throw InputError("worker '" + w.worker->name + "' reads runtime parameter " +
                     std::to_string(i) + " but has " + std::to_string(ids.size()));
  const auto r = static_cast<std::size_t>(ids[i]);
  const auto& rp = d_.rtps()[r];
  const auto& b =
      plan_.tiles.at(rp.tile).buffers[static_cast<std::size_t>(plan_.rtp_buffer_index[r])];
  return {reinterpret_cast<const std::int32_t*>(arena_of_.at(rp.tile) + b.offset),
          static_cast<std::size_t>(rp.words)};
}

design::Element Engine::local(WorkerState& w, std::size_t i) {
  const auto& idx = plan_.local_buffer_index[static_cast<std::size_t>(w.index)];
  if (i >= idx.size())
    throw InputError("worker '" + w.worker->name + "' uses local buffer " + std::to_string(i) +
                     " but has " + std::to_string(idx.size()));
  const auto& b = plan_.tiles.at(w.worker->tile).buffers[static_cast<std::size_t>(idx[i])];
  return {arena_of_.at(w.worker->tile) + b.offset, b.bytes};
}

void Engine::begin_kernel(WorkerState& w, std::string_view kernel) {
  ++w.kernel_calls;
  // Without records nothing reads a call's name, times, sequence numbers or op delta.
  if (!opt_.record) return;
  w.call_start = w.counters;
  KernelCall c;
  c.begin_seq = next_seq();
  c.worker = w.index;
  c.tile = w.worker->tile;
  c.kernel = std::string(kernel);
  c.begin_us = now_us();
  w.calls.push_back(std::move(c));
}

void Engine::end_kernel(WorkerState& w) {
  if (!opt_.record || w.calls.empty()) return;
  KernelCall& c = w.calls.back();
  c.end_seq = next_seq();
  c.end_us = now_us();
  c.ops = minus(w.counters, w.call_start);
}

void Engine::on_event(WorkerState& w, int id) {
  // event0()/event1() count themselves on the core's counters; the engine only records them.
  if (opt_.record)
    w.events.push_back(EventMarker{next_seq(), w.index, w.worker->tile, id, now_us()});
}

void Engine::worker_main(WorkerState& w) {
  try {
    {
      std::unique_lock lk(m_);
      permit_cv_.wait(lk, [&] { return abort_ || workers_started_; });
      if (abort_) throw Aborted{};
      take_permit(lk, w);
      w.started = true;
    }
    CoreImpl core(*this, w);
    aie::host::scoped_core installed(w.core);
    w.worker->body(core);
  } catch (const Aborted&) {
  } catch (const std::exception& e) {
    std::lock_guard lk(m_);
    if (error_.empty())
      error_ = "worker '" + w.worker->name + "' on tile " + arch::to_string(w.worker->tile) +
               " failed: " + e.what();
    abort_ = true;
    for (auto& o : workers_) o->cv.notify_all();
    permit_cv_.notify_all();
  }
  std::lock_guard lk(m_);
  w.done = true;
  give_permit(w);
  sched_cv_.notify_one();
}

}  // namespace xdna::emu::detail
