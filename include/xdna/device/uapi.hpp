// device/ — our own definitions of the amdxdna DRM accelerator uAPI (ioctl numbers and argument
// layouts). Written from the published layout of Linux's include/uapi/drm/amdxdna_accel.h (and
// amd/xdna-driver); uapi_layout.cpp checks sizes and field offsets with static_asserts so a
// mistake fails the build instead of corrupting kernel memory.
#pragma once

#include <cstdint>

namespace xdna::device::uapi {

// Linux _IOC encoding: dir(2) << 30 | size(14) << 16 | type(8) << 8 | nr(8).
constexpr std::uint32_t kIocWrite = 1;
constexpr std::uint32_t kIocRead = 2;
constexpr std::uint8_t kDrmIoctlType = 'd';
constexpr std::uint8_t kDrmCommandBase = 0x40;

constexpr unsigned long ioc(std::uint32_t dir, std::uint8_t type, std::uint8_t nr,
                            std::uint32_t size) {
  return (static_cast<unsigned long>(dir) << 30) | (static_cast<unsigned long>(size) << 16) |
         (static_cast<unsigned long>(type) << 8) | nr;
}
template <typename T>
constexpr unsigned long drm_iowr(std::uint8_t nr) {
  return ioc(kIocRead | kIocWrite, kDrmIoctlType, nr, sizeof(T));
}
constexpr std::uint8_t ioctl_nr(unsigned long request) {
  return request & 0xff;
}
constexpr std::uint32_t ioctl_size(unsigned long request) {
  return (request >> 16) & 0x3fff;
}

// Driver-private ioctl numbers (added to DRM_COMMAND_BASE). FACTS §7.
enum class Cmd : std::uint8_t {
  kCreateHwctx = 0,
  kDestroyHwctx = 1,
  kConfigHwctx = 2,
  kCreateBo = 3,
  kGetBoInfo = 4,
  kSyncBo = 5,
  kExecCmd = 6,
  kGetInfo = 7,
  kSetState = 8,
  kWaitCmd = 9,  // out-of-tree driver only
  kGetArray = 10,
};

// GET_INFO query parameters. 0-5, 8, 9 from driver 0.0 (Linux 6.14); 10-13 from 0.6 (6.19).
enum class InfoParam : std::uint32_t {
  kAieStatus = 0,
  kAieMetadata = 1,
  kAieVersion = 2,
  kClockMetadata = 3,
  kSensors = 4,
  kHwContexts = 5,
  kFirmwareVersion = 8,
  kPowerMode = 9,
  kTelemetry = 10,
  kForcePreemptState = 11,
  kResourceInfo = 12,
  kFrameBoundaryPreemptState = 13,
};

// GET_ARRAY parameters (driver 0.1, Linux 6.18).
enum class ArrayParam : std::uint32_t { kHwContextAll = 0 };

// SET_STATE parameters.
enum class SetParam : std::uint32_t { kPowerMode = 0 };

// Power modes (SET_STATE param 0 / GET_INFO 9). FACTS §7.
enum class PowerMode : std::uint8_t { kDefault = 0, kLow = 1, kMedium = 2, kHigh = 3, kTurbo = 4 };

// struct drm_version (DRM core ioctl 0x00), as laid out on LP64.
struct DrmVersion {
  std::int32_t version_major;
  std::int32_t version_minor;
  std::int32_t version_patchlevel;
  std::uint64_t name_len;
  std::uint64_t name;
  std::uint64_t date_len;
  std::uint64_t date;
  std::uint64_t desc_len;
  std::uint64_t desc;
};

struct GetInfo {
  std::uint32_t param;
  std::uint32_t buffer_size;  // in: capacity; out: bytes needed / written
  std::uint64_t buffer;
};

struct GetArray {
  std::uint32_t param;
  std::uint32_t element_size;  // in: max element size; out: actual
  std::uint32_t num_element;   // in: capacity; out: count
  std::uint32_t pad;
  std::uint64_t buffer;
};

struct SetState {
  std::uint32_t param;
  std::uint32_t buffer_size;
  std::uint64_t buffer;
};

// ---- GET_INFO payloads ----
struct AieStatusQuery {
  std::uint64_t buffer;
  std::uint32_t buffer_size;
  std::uint32_t cols_filled;
};

struct AieVersion {
  std::uint32_t major;
  std::uint32_t minor;
};

struct AieTileMetadata {
  std::uint16_t row_count;
  std::uint16_t row_start;
  std::uint16_t dma_channel_count;
  std::uint16_t lock_count;
  std::uint16_t event_reg_count;
  std::uint16_t pad[3];
};

struct AieMetadata {
  std::uint32_t col_size;
  std::uint16_t cols;
  std::uint16_t rows;
  AieVersion version;
  AieTileMetadata core;
  AieTileMetadata mem;
  AieTileMetadata shim;
};

struct Clock {
  char name[16];
  std::uint32_t freq_mhz;
  std::uint32_t pad;
};

struct ClockMetadata {
  Clock mp_npu_clock;
  Clock h_clock;
};

struct Sensor {
  char label[64];
  std::uint32_t input;
  std::uint32_t max;
  std::uint32_t average;
  std::uint32_t highest;
  char status[64];
  char units[16];
  std::int8_t unitm;  // value * 10^unitm is in `units`
  std::uint8_t type;  // 0 = power
  std::uint8_t pad[6];
};

struct HwContext {
  std::uint32_t context_id;
  std::uint32_t start_col;
  std::uint32_t num_col;
  std::uint32_t pad;
  std::int64_t pid;
  std::uint64_t command_submissions;
  std::uint64_t command_completions;
  std::uint64_t migrations;
  std::uint64_t preemptions;
  std::uint64_t errors;
};

struct FirmwareVersion {
  std::uint32_t major;
  std::uint32_t minor;
  std::uint32_t patch;
  std::uint32_t build;
};

struct PowerModeState {
  std::uint8_t power_mode;
  std::uint8_t pad[7];
};

struct TelemetryHeader {
  std::uint32_t major;
  std::uint32_t minor;
  std::uint32_t type;
  std::uint32_t map_num_elements;
  // followed by map_num_elements u32 entries
};

struct AttributeState {
  std::uint8_t state;
  std::uint8_t pad[7];
};

struct ResourceInfo {
  std::uint64_t npu_clk_max;
  std::uint64_t npu_tops_max;
  std::uint64_t npu_task_max;
  std::uint64_t npu_tops_curr;
  std::uint64_t npu_task_curr;
};

// ---- GET_ARRAY element: one hardware context (driver 0.1+) ----
struct HwContextEntry {
  std::uint32_t context_id;
  std::uint32_t start_col;
  std::uint32_t num_col;
  std::uint32_t hwctx_id;
  std::int64_t pid;
  std::uint64_t command_submissions;
  std::uint64_t command_completions;
  std::uint64_t migrations;
  std::uint64_t preemptions;
  std::uint64_t errors;
  std::uint64_t priority;
  std::uint64_t heap_usage;
  std::uint64_t suspensions;
  std::uint32_t state;  // 0 idle, 1 active
  std::uint32_t pasid;
  std::uint32_t gops;
  std::uint32_t fps;
  std::uint32_t dma_bandwidth;
  std::uint32_t latency;
  std::uint32_t frame_exec_time;
  std::uint32_t txn_op_idx;
  std::uint32_t ctx_pc;
  std::uint32_t fatal_error_type;
  std::uint32_t fatal_error_exception_type;
  std::uint32_t fatal_error_exception_pc;
  std::uint32_t fatal_error_app_module;
  std::uint32_t pad;
};

// Full request numbers.
constexpr unsigned long kIoctlDrmVersion = drm_iowr<DrmVersion>(0x00);
constexpr unsigned long kIoctlGetInfo =
    drm_iowr<GetInfo>(kDrmCommandBase + static_cast<std::uint8_t>(Cmd::kGetInfo));
constexpr unsigned long kIoctlSetState =
    drm_iowr<SetState>(kDrmCommandBase + static_cast<std::uint8_t>(Cmd::kSetState));
constexpr unsigned long kIoctlGetArray =
    drm_iowr<GetArray>(kDrmCommandBase + static_cast<std::uint8_t>(Cmd::kGetArray));

}  // namespace xdna::device::uapi
