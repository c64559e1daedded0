// Device models hold the published numbers (FACTS §1) and nothing invented.
#include <gtest/gtest.h>

#include "xdna/arch/device.hpp"
#include "xdna/arch/pci_ids.hpp"
#include "xdna/common/error.hpp"

namespace xdna::arch {
namespace {

TEST(Devices, Npu1TileResources) {
  const Device d = npu1();
  EXPECT_EQ(d.columns, 4);
  EXPECT_EQ(d.physical_columns, 5);
  EXPECT_EQ(d.rows, 6);
  EXPECT_EQ(d.core.data_memory_bytes, 64u * 1024);
  EXPECT_EQ(d.core.memory_banks, 4);
  EXPECT_EQ(d.core.bank_bytes(), 16u * 1024);
  EXPECT_EQ(d.core.program_memory_bytes, 16u * 1024);
  EXPECT_EQ(d.core.locks, 16);
  EXPECT_EQ(d.core.bds, 16);
  EXPECT_EQ(d.core.dma_s2mm_channels, 2);
  EXPECT_EQ(d.core.dma_mm2s_channels, 2);
  EXPECT_EQ(d.mem.data_memory_bytes, 512u * 1024);
  EXPECT_EQ(d.mem.memory_banks, 8);
  EXPECT_EQ(d.mem.locks, 64);
  EXPECT_EQ(d.mem.bds, 48);
  EXPECT_EQ(d.mem.dma_s2mm_channels, 6);
  EXPECT_EQ(d.mem.dma_mm2s_channels, 6);
  EXPECT_EQ(d.shim.locks, 16);
  EXPECT_EQ(d.shim.bds, 16);
  EXPECT_EQ(d.shim.dma_s2mm_channels, 2);
  EXPECT_EQ(d.core.lock_value_max, 63);
}

TEST(Devices, Npu1BdLimits) {
  const Device d = npu1();
  EXPECT_EQ(d.core.bd.wrap_max(), 255u);
  EXPECT_EQ(d.mem.bd.wrap_max(), 1023u);
  EXPECT_EQ(d.shim.bd.wrap_max(), 1023u);
  EXPECT_EQ(d.core.bd.step_bits, 13);
  EXPECT_EQ(d.mem.bd.step_bits, 17);
  EXPECT_EQ(d.shim.bd.step_bits, 20);
  EXPECT_EQ(d.core.bd.max_length_words, 16383u);
  EXPECT_EQ(d.mem.bd.max_length_words, 131071u);
  EXPECT_EQ(d.shim.bd.max_length_words, 4294967295u);
  EXPECT_EQ(d.core.bd.iteration_max, 64);
  EXPECT_EQ(d.core.bd.granularity_bytes, 4);
  EXPECT_EQ(d.core.bd.repeat_max, 255);
  EXPECT_EQ(d.core.bd.max_dims, 4);
}

TEST(Devices, Npu1MacRatesAndClock) {
  const Device d = npu1();
  EXPECT_EQ(d.macs.i8_i8, 256);
  EXPECT_EQ(d.macs.i16_i8, 128);
  EXPECT_EQ(d.macs.i16_i16, 64);
  EXPECT_EQ(d.macs.bf16_bf16, 128);
  EXPECT_EQ(d.macs.i8_i4, 512);
  EXPECT_TRUE(d.macs.fp32_emulated);
  EXPECT_EQ(d.clock.driver_max_mhz, 1600.0);
  EXPECT_EQ(d.clock.mhz_for(PowerMode::turbo), 1800.0);
  EXPECT_EQ(d.clock.mhz_for(PowerMode::default_), 1800.0);
  EXPECT_FALSE(d.clock.mhz_for(PowerMode::low).has_value());  // nobody measured it
}

TEST(Devices, PartitionsAndNames) {
  for (int c = 1; c <= 3; ++c) {
    const Device d = device_by_name("npu1_" + std::to_string(c) + "col");
    EXPECT_EQ(d.columns, c);
    EXPECT_EQ(d.name, "npu1_" + std::to_string(c) + "col");
  }
  EXPECT_EQ(device_by_name("npu1").columns, 4);
  const Device x = device_by_name("npu4");
  EXPECT_EQ(x.generation, Generation::aie2p);
  EXPECT_EQ(x.columns, 8);
  EXPECT_EQ(x.macs.i8_i8, 512);
  EXPECT_FALSE(x.macs.i16_i16.has_value());
  EXPECT_EQ(device_by_name("npu6_3col").columns, 3);
  EXPECT_TRUE(device_by_name("aie4").preview);
  EXPECT_THROW(device_by_name("npu1_4col"), InputError);
  EXPECT_THROW(npu1(5), InputError);
  try {
    device_by_name("npu9");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown device 'npu9'; known devices: npu1, npu1_1col"),
              std::string::npos);
  }
  for (const auto& n : device_names()) EXPECT_EQ(device_by_name(n).name, n);
}

TEST(Devices, TileKindsByRow) {
  const Device d = npu1();
  EXPECT_EQ(d.kind({0, 0}), TileKind::shim);
  EXPECT_EQ(d.kind({3, 1}), TileKind::mem);
  EXPECT_EQ(d.kind({2, 5}), TileKind::core);
  EXPECT_EQ(d.tiles(TileKind::core).size(), 16u);
  EXPECT_EQ(d.tiles(TileKind::mem).size(), 4u);
  EXPECT_FALSE(d.contains({4, 2}));
}

TEST(Devices, CoreReachesOwnWestNorthSouthOnly) {
  const Device d = npu1();
  EXPECT_TRUE(d.core_reaches({1, 3}, {1, 3}));
  EXPECT_TRUE(d.core_reaches({1, 3}, {0, 3}));   // west
  EXPECT_TRUE(d.core_reaches({1, 3}, {1, 4}));   // north
  EXPECT_TRUE(d.core_reaches({1, 3}, {1, 2}));   // south
  EXPECT_FALSE(d.core_reaches({1, 3}, {2, 3}));  // east
  EXPECT_FALSE(d.core_reaches({1, 3}, {0, 2}));  // diagonal
  EXPECT_FALSE(d.core_reaches({1, 2}, {1, 1}));  // mem tile row
  EXPECT_FALSE(d.core_reaches({1, 3}, {1, 5}));
}

TEST(PciIds, LookupByDeviceAndRevision) {
  auto p = lookup_pci(0x1022, 0x1502, 0x00);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->model, "npu1");
  EXPECT_EQ(lookup_pci(0x1022, 0x17f0, 0x10)->model, "npu4");
  EXPECT_EQ(lookup_pci(0x1022, 0x17f0, 0x11)->model, "npu5");
  EXPECT_EQ(lookup_pci(0x1022, 0x17f0, 0x20)->model, "npu6");
  auto npu2 = lookup_pci(0x1022, 0x17f0, 0x00);
  ASSERT_TRUE(npu2);
  EXPECT_FALSE(npu2->released);
  EXPECT_EQ(lookup_pci(0x1022, 0x17f2, 0x12)->generation, Generation::aie4);
  EXPECT_FALSE(lookup_pci(0x1022, 0x17f0, 0x30));
  EXPECT_FALSE(lookup_pci(0x8086, 0x1502, 0x00));
  EXPECT_EQ(firmware_dir_name(0x1502, 0x00), "1502_00");
  EXPECT_EQ(firmware_dir_name(0x17f0, 0x10), "17f0_10");
  for (const auto& id : pci_ids())
    if (!id.model.empty()) {
      EXPECT_NO_THROW(device_by_name(id.model)) << id.model;
    }
}

}  // namespace
}  // namespace xdna::arch
