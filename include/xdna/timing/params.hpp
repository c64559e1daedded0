// Timing model, part 1 of 4: its parameters.
//
// The timing model turns what an emulated run did (op counts per functional unit, DMA bytes, lock
// hand-offs) into projected NPU time. Its parameters come in two groups:
//   - device facts (MAC rates, clock per power mode, vector load width) are read from the device
//     model (include/xdna/arch/device.hpp) through DeviceRates, never repeated here;
//   - the few numbers no public document gives are in TimingParams below. Each is either a fact
//     the device model does not (yet) hold, a calibration against exactly ONE measurement of
//     FACTS.md §4, or a stated assumption the calibration points are shown not to depend on
//     (tests/timing/). parameter_table() lists them with their source; docs/TIMING.md explains
//     each one and how to refit them with `calibrate()` from a real NPU's measurements.
#pragma once

#include <string>
#include <vector>

namespace xdna::timing {

inline constexpr const char* kModelVersion = "xdna-timing 0.1";

struct TimingParams {
  // --- host and firmware -----------------------------------------------------------------------
  // Fixed cost of one runtime sequence seen as NPU time: command submission, firmware scheduling,
  // completion interrupt. Calibrated: passthrough of 4096 B, NPU time 127.5 us (FACTS §4).
  double host_dispatch_us = 122.9;
  // Host-side cost per host buffer on top of NPU time (buffer sync to and from the device,
  // argument setup), counted only in end-to-end projections. Calibrated: passthrough end-to-end
  // 220.6 us minus its NPU time, over its 2 host buffers (FACTS §4).
  double host_sync_per_buffer_us = 46.55;

  // --- DMA and streams -------------------------------------------------------------------------
  // Stream switch port width: 32 bits per cycle per DMA channel between tiles (AIE-ML
  // architecture manual AM020, "AIE-ML Memory Tile" / stream switch chapters). Not yet in the
  // device model.
  double stream_bytes_per_cycle = 4.0;
  // Effective host-memory (DDR via the shim NoC interface) bytes per NPU cycle per shim DMA
  // channel, reads and writes alike. Calibrated: single-core int16 GEMM 512^3, 32^3 tiles,
  // 3956 us (FACTS §4), whose A and B tile streams are each bound by it.
  double shim_ddr_bytes_per_cycle = 1.232;
  // Cycles a shim S2MM channel (array -> host memory) spends per fifo element after its last
  // byte before the element counts as written (write acknowledgement from the host side).
  // Calibrated: edge-detect 640x480, 1.02 ms per frame (FACTS §4), whose output stream is
  // element-bound.
  double shim_write_element_cycles = 1252.0;
  // Cycles to load and start a buffer descriptor on any DMA channel, per fifo element. Assumed
  // (no public number). It trades against the calibrated shim rates: after refitting, the
  // predicted points move < 7% over 0..200 (tested).
  double bd_setup_cycles = 20.0;

  // --- cores -----------------------------------------------------------------------------------
  // Lock hand-off: cycles from a release on one side to the acquire completing on the other.
  // Assumed (no public number); calibration points move < 2% over 0..200 (tested).
  double lock_handoff_cycles = 20.0;
  // Cycles per kernel call outside its loops: call, prologue, loop set-up, pipeline fill and
  // drain, return. Assumed; calibration points move < 2% over 0..400 (tested).
  double kernel_call_cycles = 100.0;
  // fp32 vector MACs are emulated by bf16 passes (FACTS §1); assumed cost of one fp32 MAC in
  // bf16 MAC slots (no public number; no calibration point uses fp32).
  double fp32_mac_bf16_passes = 4.0;
  // int32 x int16 MACs: rate not public; assumed half the int16 x int16 rate (no calibration
  // point uses it).
  double i32_i16_rate_vs_i16_i16 = 0.5;
};

// The calibrated defaults (the values above).
TimingParams default_params();

// One parameter as documentation and reports print it.
struct ParameterInfo {
  std::string name;
  double value = 0;
  std::string unit;
  std::string kind;    // "fact", "calibrated", "assumed"
  std::string source;  // the FACTS entry, the measurement, or why it is safe to assume
};
std::vector<ParameterInfo> parameter_table(const TimingParams& p);

}  // namespace xdna::timing
