// Compile-time checks of our amdxdna uAPI definitions against the published layout (sizes and
// field offsets of include/uapi/drm/amdxdna_accel.h on x86-64) and against the system's own
// _IOWR macro. Nothing here runs; a wrong field fails the build.
#include <linux/ioctl.h>

#include <cstddef>

#include "xdna/device/uapi.hpp"

namespace xdna::device::uapi {
namespace {

#define XDNA_CHECK_OFFSET(T, field, off) static_assert(offsetof(T, field) == (off), #T "." #field)

static_assert(sizeof(DrmVersion) == 64);
XDNA_CHECK_OFFSET(DrmVersion, name_len, 16);
XDNA_CHECK_OFFSET(DrmVersion, desc, 56);

static_assert(sizeof(GetInfo) == 16);
XDNA_CHECK_OFFSET(GetInfo, buffer_size, 4);
XDNA_CHECK_OFFSET(GetInfo, buffer, 8);

static_assert(sizeof(GetArray) == 24);
XDNA_CHECK_OFFSET(GetArray, num_element, 8);
XDNA_CHECK_OFFSET(GetArray, buffer, 16);

static_assert(sizeof(SetState) == 16);
XDNA_CHECK_OFFSET(SetState, buffer, 8);

static_assert(sizeof(AieStatusQuery) == 16);
XDNA_CHECK_OFFSET(AieStatusQuery, cols_filled, 12);

static_assert(sizeof(AieVersion) == 8);
static_assert(sizeof(AieTileMetadata) == 16);
XDNA_CHECK_OFFSET(AieTileMetadata, lock_count, 6);
XDNA_CHECK_OFFSET(AieTileMetadata, event_reg_count, 8);

static_assert(sizeof(AieMetadata) == 64);
XDNA_CHECK_OFFSET(AieMetadata, cols, 4);
XDNA_CHECK_OFFSET(AieMetadata, rows, 6);
XDNA_CHECK_OFFSET(AieMetadata, version, 8);
XDNA_CHECK_OFFSET(AieMetadata, core, 16);
XDNA_CHECK_OFFSET(AieMetadata, mem, 32);
XDNA_CHECK_OFFSET(AieMetadata, shim, 48);

static_assert(sizeof(Clock) == 24);
XDNA_CHECK_OFFSET(Clock, freq_mhz, 16);
static_assert(sizeof(ClockMetadata) == 48);
XDNA_CHECK_OFFSET(ClockMetadata, h_clock, 24);

static_assert(sizeof(Sensor) == 168);
XDNA_CHECK_OFFSET(Sensor, input, 64);
XDNA_CHECK_OFFSET(Sensor, highest, 76);
XDNA_CHECK_OFFSET(Sensor, status, 80);
XDNA_CHECK_OFFSET(Sensor, units, 144);
XDNA_CHECK_OFFSET(Sensor, unitm, 160);
XDNA_CHECK_OFFSET(Sensor, type, 161);

static_assert(sizeof(HwContext) == 64);
XDNA_CHECK_OFFSET(HwContext, pid, 16);
XDNA_CHECK_OFFSET(HwContext, errors, 56);

static_assert(sizeof(FirmwareVersion) == 16);
static_assert(sizeof(PowerModeState) == 8);
static_assert(sizeof(TelemetryHeader) == 16);
static_assert(sizeof(AttributeState) == 8);
static_assert(sizeof(ResourceInfo) == 40);
XDNA_CHECK_OFFSET(ResourceInfo, npu_task_curr, 32);

static_assert(sizeof(HwContextEntry) == 144);
XDNA_CHECK_OFFSET(HwContextEntry, pid, 16);
XDNA_CHECK_OFFSET(HwContextEntry, suspensions, 80);
XDNA_CHECK_OFFSET(HwContextEntry, state, 88);
XDNA_CHECK_OFFSET(HwContextEntry, fatal_error_app_module, 136);

// Request numbers against the C library's own encoding.
static_assert(kIoctlDrmVersion == _IOWR('d', 0x00, DrmVersion));
static_assert(kIoctlGetInfo == _IOWR('d', 0x47, GetInfo));
static_assert(kIoctlSetState == _IOWR('d', 0x48, SetState));
static_assert(kIoctlGetArray == _IOWR('d', 0x4a, GetArray));

#undef XDNA_CHECK_OFFSET
}  // namespace
}  // namespace xdna::device::uapi
