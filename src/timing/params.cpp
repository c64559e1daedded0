// The timing model's parameters and where each comes from (see params.hpp, docs/TIMING.md).
#include "xdna/timing/params.hpp"

namespace xdna::timing {

TimingParams default_params() {
  return TimingParams{};
}

std::vector<ParameterInfo> parameter_table(const TimingParams& p) {
  return {
      {"host_dispatch_us", p.host_dispatch_us, "us", "calibrated",
       "passthrough 4096 B, NPU time 127.5 us (FACTS §4)"},
      {"host_sync_per_buffer_us", p.host_sync_per_buffer_us, "us", "calibrated",
       "passthrough end-to-end 220.6 us - NPU 127.5 us, over 2 host buffers (FACTS §4)"},
      {"stream_bytes_per_cycle", p.stream_bytes_per_cycle, "B/cycle", "fact",
       "32-bit stream switch port per DMA channel (AMD AM020, AIE-ML architecture manual)"},
      {"shim_ddr_bytes_per_cycle", p.shim_ddr_bytes_per_cycle, "B/cycle", "calibrated",
       "single-core int16 GEMM 512^3, 32^3 tiles, 3956 us (FACTS §4)"},
      {"shim_write_element_cycles", p.shim_write_element_cycles, "cycles", "calibrated",
       "edge-detect 640x480, 1.02 ms per frame (FACTS §4)"},
      {"bd_setup_cycles", p.bd_setup_cycles, "cycles", "assumed",
       "not public; partly absorbed by the calibration: after a refit the predicted points move "
       "< 7% "
       "over 0..200 (tests/timing)"},
      {"lock_handoff_cycles", p.lock_handoff_cycles, "cycles", "assumed",
       "not public; calibration points move < 2% over 0..200 (tests/timing)"},
      {"kernel_call_cycles", p.kernel_call_cycles, "cycles", "assumed",
       "not public; calibration points move < 2% over 0..400 (tests/timing)"},
      {"fp32_mac_bf16_passes", p.fp32_mac_bf16_passes, "bf16 MACs", "assumed",
       "fp32 multiply is emulated (FACTS §1); pass count not public; no calibration point"},
      {"i32_i16_rate_vs_i16_i16", p.i32_i16_rate_vs_i16_i16, "ratio", "assumed",
       "int32 x int16 rate not public; no calibration point"},
  };
}

}  // namespace xdna::timing
