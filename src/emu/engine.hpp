// The emulator's engine (internal). One mutex guards all lock values, DMA channel states and the
// runtime program counter; workers run their core functions on their own threads (at most
// `host_threads` at a time, through run permits) and only take the mutex to acquire/release;
// the calling thread is the scheduler that advances DMA channels and the runtime sequence, and
// declares a deadlock when no actor can move.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <aie_api/detail/core_state.hpp>

#include "byte_pattern.hpp"
#include "xdna/emu/emulator.hpp"

namespace xdna::emu::detail {

struct Aborted {};  // thrown inside a worker thread to unwind it when the run stops

struct LockState {
  TileId tile;
  int id = 0;
  int value = 0;
  std::string name;
};

struct RingState {
  std::vector<std::byte*> slot;  // slot base pointers in the tile arena
  std::vector<int> prod_head;    // next slot the producer of each segment fills
  std::vector<int> cons_head;    // next slot the consumer of each segment empties
  std::vector<int> prod_lock;    // global lock index per segment
  std::vector<int> cons_lock;
};

struct Task {  // one runtime fill/drain on a shim channel
  int op = 0;
  std::byte* base = nullptr;
  BytePattern pattern;
};

struct ChannelState {
  int index = 0;
  bool shim = false;
  // Current chunk (one segment of one element, or one runtime task).
  bool active = false;
  int slot = -1;
  int segment = -1;
  std::uint64_t size = 0, done = 0;
  std::byte* base = nullptr;
  const BytePattern* pattern = nullptr;
  int seg_pos = 0;                                // position in the channel's segment list
  std::vector<BytePattern> seg_patterns;          // per listed segment
  std::vector<int> seg_prod_lock, seg_cons_lock;  // per listed segment: global lock index
  std::deque<Task> tasks;
  std::int64_t elements = 0;
  std::uint64_t bytes_moved = 0;
  std::uint64_t begin_seq = 0;
  double begin_us = 0;
};

struct Hop {  // one fifo: its source channel and its sink channels
  int fifo = 0;
  int source = -1;
  std::vector<int> sinks;
  // One sink on another tile than the source: source and sink memory cannot overlap, so the
  // source may gather straight into the sink.
  bool direct = false;
  // What the hop's last step found missing: the lock a channel needs to start, or runtime
  // tasks on a shim channel (-1: not blocked). See Engine::hop_blocked.
  int wait_lock = -1;
  int wait_tasks = -1;
};

struct PortState {
  int ring = -1;
  bool producer = false;
  std::deque<int> held;  // slots held, oldest first
};

class Engine;

struct WorkerState {
  int index = 0;
  const design::Worker* worker = nullptr;
  std::vector<PortState> ports;
  aie::host::core_state core;
  aie::host::op_counters counters;
  std::condition_variable cv;
  int waiting_lock = -1;  // global lock index while blocked in acquire
  int waiting_port = -1;
  bool started = false, done = false, has_permit = false;
  double lock_wait_us = 0;
  std::uint64_t kernel_calls = 0;
  std::vector<KernelCall> calls;  // records only
  std::vector<EventMarker> events;
  aie::host::op_counters call_start;
  std::thread thread;
  Engine* engine = nullptr;
};

class Engine {
 public:
  Engine(const design::Design& d, Buffers& buffers, const RunOptions& opt);
  ~Engine();
  RunResult run();

  // Called from worker threads through their Core.
  design::Element acquire(WorkerState& w, std::size_t port);
  void release(WorkerState& w, std::size_t port, int count);
  std::span<const std::int32_t> rtp(WorkerState& w, std::size_t i);
  design::Element local(WorkerState& w, std::size_t i);
  void begin_kernel(WorkerState& w, std::string_view kernel);
  void end_kernel(WorkerState& w);
  void on_event(WorkerState& w, int id);

 private:
  double now_us() const;
  std::uint64_t next_seq() { return seq_.fetch_add(1, std::memory_order_relaxed); }
  void build();
  void worker_main(WorkerState& w);
  void take_permit(std::unique_lock<std::mutex>& lk, WorkerState& w);
  void give_permit(WorkerState& w);
  void lock_acquire(int lock, Actor a, double waited_us);
  void lock_release(int lock, Actor a);

  bool step_runtime();
  bool pump();  // advance the runtime sequence and every DMA channel until nothing moves (m_ held)
  bool step_hop(Hop& h);
  bool hop_blocked(const Hop& h) const;
  void note_blocked(Hop& h, const ChannelState& c, bool sink);
  bool start_channel(ChannelState& c, bool sink);
  bool start_source(ChannelState& c);
  bool start_sink(ChannelState& c);
  void finish_chunk(ChannelState& c, bool source);
  bool runtime_finished() const;
  bool workers_quiet() const;
  void diagnose(RunResult& r, Status status);
  std::string channel_text(int ch) const;

  const design::Design& d_;
  Buffers& buffers_;
  RunOptions opt_;
  design::Plan plan_;
  std::vector<std::unique_ptr<std::byte[], void (*)(std::byte*)>> arenas_;
  std::vector<std::byte*> tile_base_;  // by plan tile order
  std::map<TileId, std::byte*> arena_of_;
  std::vector<LockState> locks_;
  std::map<std::pair<TileId, int>, int> lock_index_;
  std::vector<RingState> rings_;
  std::vector<ChannelState> chans_;
  std::vector<Hop> hops_;
  std::vector<std::unique_ptr<WorkerState>> workers_;
  std::vector<std::byte> staging_;

  std::mutex m_;
  std::condition_variable sched_cv_, permit_cv_;
  int permits_ = 1;
  std::deque<WorkerState*> permit_waiters_;  // first come, first served; handed over directly
  bool abort_ = false;
  bool workers_started_ = false;
  std::size_t pc_ = 0;
  int waiting_op_ = -1;             // runtime op the command stream is blocked on
  std::vector<int> pending_tasks_;  // by op: tasks not yet completed
  std::vector<int> pending_by_fifo_;
  std::vector<double> op_begin_us_;
  std::vector<std::uint64_t> op_begin_seq_;
  std::string error_;
  std::atomic<std::uint64_t> seq_{0};
  std::chrono::steady_clock::time_point t0_;
  RunRecord rec_;
};

}  // namespace xdna::emu::detail
