// Refitting the timing model's calibrated parameters from measurements of a real NPU.
//
// Four parameters are calibrated, each against one measurement (FACTS §4 for the defaults):
//   host_dispatch_us          <- passthrough of 4096 B, NPU time
//   host_sync_per_buffer_us   <- passthrough of 4096 B, end-to-end
//   shim_ddr_bytes_per_cycle  <- single-core int16 GEMM 512^3 with 32^3 tiles
//   shim_write_element_cycles <- edge-detect 640x480, per frame
// Every other parameter is a device fact or a stated assumption and is kept as given. The fit
// solves each parameter from its measurement by bisection and repeats until they agree (they
// interact only weakly). To recalibrate for another NPU or firmware, measure the same four
// designs there (docs/TIMING.md says how) and pass the numbers in.
#pragma once

#include <string>

#include "xdna/timing/design_timeline.hpp"

namespace xdna::timing {

struct CalibrationMeasurements {
  double passthrough_4096_npu_us = 127.5;
  double passthrough_4096_end_to_end_us = 220.6;
  double gemm_512_i16_us = 3956.0;
  double edge_detect_640x480_us = 1020.0;
};

struct CalibrationKernels {
  KernelProfile matmul_i16_32;  // one 32x32x32 int16 micro-kernel call
  KernelProfile zero_i32_32;    // zeroing one 32x32 int32 C tile
};
// The analytic counts of analytic_counts.hpp.
CalibrationKernels analytic_calibration_kernels();

// Returns `start` with the four calibrated parameters refitted for the device and power mode of
// `rates`. Throws xdna::InputError when a measurement cannot be met (e.g. a passthrough time
// below what its transfers alone take), naming the measurement.
TimingParams calibrate(const CalibrationMeasurements& m, const CalibrationKernels& kernels,
                       const DeviceRates& rates, TimingParams start);

}  // namespace xdna::timing
