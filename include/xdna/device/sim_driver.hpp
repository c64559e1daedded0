// device/ — a simulated amdxdna driver behind the ioctl transport, answering the way the mainline
// driver versions do (FACTS §7): 0.0 (Linux 6.14-6.17: GET_INFO params 0-5, 8, 9), 0.1 (6.18:
// + GET_ARRAY), 0.6 (6.19: + params 10-13; 0.4 added 12, 0.5 added 10). Unknown params answer
// EOPNOTSUPP and an ioctl the version lacks answers EINVAL, as the DRM core does; SET_STATE is
// root-only (EACCES otherwise). The device values (clocks, sensors, counts) are test inputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xdna/device/transport.hpp"
#include "xdna/device/uapi.hpp"

namespace xdna::device {

struct SimDriverConfig {
  int major = 0, minor = 0, patch = 0;
  bool caller_is_root = false;
  std::uint8_t power_mode = 0;
  uapi::FirmwareVersion firmware{1, 5, 5, 391};
  uapi::AieMetadata metadata{};
  uapi::ClockMetadata clocks{};
  std::vector<uapi::Sensor> sensors;
  std::vector<uapi::HwContextEntry> contexts;
  uapi::ResourceInfo resources{};
  bool force_preempt = false;
  bool frame_boundary_preempt = true;

  // A Phoenix (npu1) answering as driver version major.minor.
  static SimDriverConfig phoenix(int major, int minor);
};

class SimulatedDriver final : public IoctlTransport {
 public:
  explicit SimulatedDriver(SimDriverConfig config) : cfg_(std::move(config)) {}
  int call(unsigned long request, void* arg) override;

  const SimDriverConfig& config() const { return cfg_; }
  int calls() const { return calls_; }

 private:
  bool at_least(int major, int minor) const;
  int version(void* arg);
  int get_info(void* arg);
  int get_array(void* arg);
  int set_state(void* arg);

  SimDriverConfig cfg_;
  int calls_ = 0;
};

}  // namespace xdna::device
