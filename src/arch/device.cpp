// Device models. Every number here is from FACTS §1 (mlir-aie's target model and verifier,
// AMD's AM020, the amdxdna driver) unless marked as a measurement.
#include "xdna/arch/device.hpp"

#include <algorithm>

#include "xdna/common/error.hpp"

namespace xdna::arch {

std::string_view to_string(Generation g) {
  switch (g) {
    case Generation::aie2:
      return "AIE2";
    case Generation::aie2p:
      return "AIE2P";
    case Generation::aie4:
      return "AIE4";
  }
  return "?";
}

std::string_view to_string(TileKind k) {
  switch (k) {
    case TileKind::shim:
      return "shim";
    case TileKind::mem:
      return "mem";
    case TileKind::core:
      return "core";
  }
  return "?";
}

std::string_view to_string(PowerMode m) {
  switch (m) {
    case PowerMode::default_:
      return "default";
    case PowerMode::low:
      return "low";
    case PowerMode::medium:
      return "medium";
    case PowerMode::high:
      return "high";
    case PowerMode::turbo:
      return "turbo";
  }
  return "?";
}

std::string to_string(TileId t) {
  return "(" + std::to_string(t.col) + "," + std::to_string(t.row) + ")";
}

std::optional<double> ClockModel::mhz_for(PowerMode m) const {
  // Only the modes someone measured have a clock; the rest are not public.
  const std::string_view want = to_string(m);
  for (const auto& p : measured)
    if (p.label == want) return p.mhz;
  return std::nullopt;
}

TileKind Device::kind(TileId t) const {
  if (t.row == shim_row) return TileKind::shim;
  if (t.row >= mem_row_first && t.row < mem_row_first + mem_rows) return TileKind::mem;
  return TileKind::core;
}

const TileResources& Device::resources(TileKind k) const {
  switch (k) {
    case TileKind::shim:
      return shim;
    case TileKind::mem:
      return mem;
    case TileKind::core:
      return core;
  }
  return core;
}

std::vector<TileId> Device::tiles(TileKind k) const {
  std::vector<TileId> out;
  for (int c = 0; c < columns; ++c)
    for (int r = 0; r < rows; ++r)
      if (kind({c, r}) == k) out.push_back({c, r});
  return out;
}

bool Device::core_reaches(TileId core_tile, TileId memory_tile) const {
  if (!contains(core_tile) || !contains(memory_tile)) return false;
  if (kind(core_tile) != TileKind::core || kind(memory_tile) != TileKind::core) return false;
  // AIE-ML: every row has its memory module on the core's east side, so a core reaches its own
  // memory, the west neighbour's, and the ones north and south (never the mem-tile row).
  const int dc = memory_tile.col - core_tile.col;
  const int dr = memory_tile.row - core_tile.row;
  if (dc == 0 && dr == 0) return true;
  if (dr == 0 && dc == -1) return true;
  if (dc == 0 && (dr == 1 || dr == -1)) return true;
  return false;
}

namespace {

TileResources aie2_core() {
  TileResources r;
  r.data_memory_bytes = 64 * 1024;
  r.memory_banks = 4;
  r.program_memory_bytes = 16 * 1024;
  r.locks = 16;
  r.bds = 16;
  r.dma_s2mm_channels = 2;
  r.dma_mm2s_channels = 2;
  r.bd.wrap_bits = 8;
  r.bd.step_bits = 13;
  r.bd.max_length_words = 16383;  // 2^14 - 1
  return r;
}

TileResources aie2_mem() {
  TileResources r;
  r.data_memory_bytes = 512 * 1024;
  r.memory_banks = 8;
  r.locks = 64;
  r.bds = 48;  // even channels use BDs 0-23, odd channels 24-47
  r.dma_s2mm_channels = 6;
  r.dma_mm2s_channels = 6;
  r.bd.wrap_bits = 10;
  r.bd.step_bits = 17;
  r.bd.max_length_words = (1u << 17) - 1;
  return r;
}

TileResources aie2_shim() {
  TileResources r;
  r.locks = 16;
  r.bds = 16;
  r.dma_s2mm_channels = 2;
  r.dma_mm2s_channels = 2;
  r.bd.wrap_bits = 10;
  r.bd.step_bits = 20;
  r.bd.max_length_words = 0xFFFFFFFFull;  // 2^32 - 1
  return r;
}

Device aie2_family_base() {
  Device d;
  d.rows = 6;
  d.shim_row = 0;
  d.mem_row_first = 1;
  d.mem_rows = 1;
  d.core_row_first = 2;
  d.core_rows = 4;
  d.shim = aie2_shim();
  d.mem = aie2_mem();
  d.core = aie2_core();
  return d;
}

void check_columns(std::string_view family, int columns, int max_columns) {
  if (columns < 1 || columns > max_columns)
    throw InputError(std::string(family) + ": a partition has 1.." + std::to_string(max_columns) +
                     " columns, got " + std::to_string(columns));
}

std::string partition_name(std::string_view base, int columns, int full) {
  if (columns == full) return std::string(base);
  return std::string(base) + "_" + std::to_string(columns) + "col";
}

Device aie2p(std::string_view name, std::string_view marketing, int columns) {
  check_columns(name, columns, 8);
  Device d = aie2_family_base();
  d.name = partition_name(name, columns, 8);
  d.marketing = std::string(marketing);
  d.generation = Generation::aie2p;
  d.physical_columns = 8;
  d.columns = columns;
  d.macs.i8_i8 = 512;  // int8 mmul shape 8x8x8 per cycle (FACTS §1); other rates not public
  return d;
}

}  // namespace

Device npu1(int columns) {
  check_columns("npu1", columns, 4);
  Device d = aie2_family_base();
  d.name = partition_name("npu1", columns, 4);
  d.marketing = "XDNA1 (Phoenix, Hawk Point)";
  d.generation = Generation::aie2;
  d.physical_columns = 5;  // toolchains use 4 of the 5 physical columns
  d.columns = columns;
  d.macs.i8_i8 = 256;
  d.macs.i16_i8 = 128;
  d.macs.i16_i16 = 64;
  d.macs.bf16_bf16 = 128;
  d.macs.i8_i4 = 512;
  d.clock.driver_max_mhz = 1600.0;
  const std::string one_machine = "measured on one Phoenix desktop (FACTS §1)";
  d.clock.measured = {{"default", 1800.0, one_machine},
                      {"performance", 1800.0, one_machine},
                      {"turbo", 1800.0, one_machine},
                      {"balanced", 1030.0, one_machine},
                      {"powersaver", 800.0, one_machine}};
  return d;
}

Device npu4(int columns) {
  return aie2p("npu4", "XDNA2 (Strix Point)", columns);
}
Device npu5(int columns) {
  return aie2p("npu5", "XDNA2 (Strix Halo)", columns);
}
Device npu6(int columns) {
  return aie2p("npu6", "XDNA2 (Krackan Point)", columns);
}

Device aie4_preview() {
  Device d;
  d.name = "aie4";
  d.marketing = "AIE4 (npu3 family) - preview: array geometry and limits are not public";
  d.generation = Generation::aie4;
  d.preview = true;
  return d;
}

std::vector<std::string> device_names() {
  std::vector<std::string> names = {"npu1", "npu1_1col", "npu1_2col", "npu1_3col"};
  for (const char* base : {"npu4", "npu5", "npu6"}) {
    names.emplace_back(base);
    for (int c = 1; c < 8; ++c)
      names.push_back(std::string(base) + "_" + std::to_string(c) + "col");
  }
  names.emplace_back("aie4");
  return names;
}

Device device_by_name(std::string_view name) {
  auto parse = [&](std::string_view base, int full) -> std::optional<int> {
    if (name == base) return full;
    if (name.size() == base.size() + 5 && name.substr(0, base.size()) == base &&
        name[base.size()] == '_' && name.substr(base.size() + 2) == "col") {
      const char digit = name[base.size() + 1];
      if (digit >= '1' && digit < '0' + full) return digit - '0';
    }
    return std::nullopt;
  };
  if (auto c = parse("npu1", 4)) return npu1(*c);
  if (auto c = parse("npu4", 8)) return npu4(*c);
  if (auto c = parse("npu5", 8)) return npu5(*c);
  if (auto c = parse("npu6", 8)) return npu6(*c);
  if (name == "aie4") return aie4_preview();
  std::string known;
  for (const auto& n : device_names()) known += (known.empty() ? "" : ", ") + n;
  throw InputError("unknown device '" + std::string(name) + "'; known devices: " + known);
}

}  // namespace xdna::arch
