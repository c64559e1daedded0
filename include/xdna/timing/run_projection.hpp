// Projected NPU time of an emulator run: re-composes the run record (kernel calls with their op
// counters, DMA transfers, lock events, all ordered by one sequence number) into a timeline whose
// durations come from the timing model instead of the host's wall clock.
//
//   emu::RunResult r = emu::run(design, buffers);
//   timing::Projection p = timing::project(r, design, arch::npu1(), "default");
//   fmt::print("{}\n", p.headline());   // "projected 127.9 us NPU time (npu1 @ 1800 MHz, ...)"
//
// How the record becomes a timeline:
//   - one resource per worker (its core), per DMA source channel (MM2S) and the host;
//   - a kernel call costs kernel_cost(op counters) (core_model.hpp). Kernels are assumed
//     software-pipelined unless listed in scalar_kernels() (scalar loops, no pipelining marks);
//   - a fifo's stream is cut wherever its source or any sink starts or ends a chunk (an element,
//     or a whole runtime task on a shim); each piece runs on the source channel at the hop rate
//     (dma_model.hpp), so a long shim task is throttled element by element by its sinks' locks;
//   - lock dependencies are exact for counting semaphores: the k-th unit a lock's acquires take is
//     the k-th unit its releases (or its initial value) gave, so each acquire waits for the release
//     that produced its unit, whatever order the host happened to run them in.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "xdna/design/design.hpp"
#include "xdna/emu/emulator.hpp"
#include "xdna/timing/projection.hpp"

namespace xdna::timing {

// Kernels in kernels/aie2 whose hot loop runs on the scalar unit (no software pipelining): their
// units' cycles add up instead of overlapping.
const std::vector<std::string>& scalar_kernels();

DesignTimeline timeline_from_run(const emu::RunResult& run, const design::Design& design,
                                 const DeviceRates& rates, const TimingParams& params);

// The projection `xdna emu run --json` prints. Throws xdna::InputError when the run did not
// complete (deadlock, timeout: there is no finished run to project) or kept no record
// (RunOptions::record = false), or for an unknown power mode.
Projection project(const emu::RunResult& run, const design::Design& design,
                   const arch::Device& device, std::string_view power_mode,
                   const TimingParams& params = default_params());

// The projected-time view of the run as Chrome trace-event JSON (timestamps in projected NPU
// microseconds, critical-path activities flagged): what `xdna emu run --projected-trace` writes.
nlohmann::json projected_trace(const emu::RunResult& run, const design::Design& design,
                               const arch::Device& device, std::string_view power_mode,
                               const TimingParams& params = default_params());

}  // namespace xdna::timing
