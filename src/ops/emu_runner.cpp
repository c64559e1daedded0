// See emu_runner.hpp.
#include "emu_runner.hpp"

#include <algorithm>

#include "xdna/arch/device.hpp"
#include "xdna/common/error.hpp"
#include "xdna/timing/run_projection.hpp"

namespace xdna::ops {

namespace {
thread_local EmulatorRunInfo g_last_run;  // per thread, like the AIE API's core state
}  // namespace

const EmulatorRunInfo& last_emulator_run() {
  return g_last_run;
}

namespace emu_support {

void begin_operator() {
  g_last_run = EmulatorRunInfo{};
  g_last_run.projected = true;
}

EmulatorRunInfo combined(const EmulatorRunInfo& a, const EmulatorRunInfo& b) {
  EmulatorRunInfo c = a;
  c.designs.insert(c.designs.end(), b.designs.begin(), b.designs.end());
  c.runs += b.runs;
  c.kernel_calls += b.kernel_calls;
  c.dma_bytes += b.dma_bytes;
  c.cores = std::max(a.cores, b.cores);
  c.host_wall_seconds += b.host_wall_seconds;
  c.projected_us += b.projected_us;
  c.projected = a.projected && b.projected;
  return c;
}

void set_last_run(const EmulatorRunInfo& info) {
  g_last_run = info;
}

void run(const design::Design& d, xdna::emu::Buffers& buffers) {
  const xdna::emu::RunResult r = xdna::emu::run(d, buffers);
  if (r.status != xdna::emu::Status::completed) {
    throw Error("emulator: design '" + d.name() + "' did not complete (" +
                (r.status == xdna::emu::Status::deadlock ? "deadlock" : "timeout") + "):\n" +
                r.diagnosis);
  }
  EmulatorRunInfo& info = g_last_run;
  info.designs.push_back(d.name());
  ++info.runs;
  info.host_wall_seconds += r.wall_seconds;
  info.cores = std::max(info.cores, d.workers().size());
  for (const auto& c : r.record.cores) info.kernel_calls += c.kernel_calls;
  for (const auto& ch : r.record.channels) info.dma_bytes += ch.bytes;
  try {
    info.projected_us += timing::project(r, d, d.device(), "default").projected_us;
  } catch (const Error&) {
    info.projected = false;  // reported as "not projected", never as a made-up number
  }
}

}  // namespace emu_support
}  // namespace xdna::ops
