// Device models of the XDNA NPU generations: the one place that holds array geometry, tile
// resources, DMA buffer-descriptor limits, MAC rates, clocks and PCI ids. Every other module
// (design validation, emulator, timing model, bring-up) reads these values instead of repeating
// a constant. Numbers come from FACTS.md §1 (shared reference) and the public sources it
// cites; what is not public is left unset (std::nullopt / `preview`) rather than guessed.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xdna::arch {

enum class Generation { aie2, aie2p, aie4 };
enum class TileKind { shim, mem, core };

std::string_view to_string(Generation g);
std::string_view to_string(TileKind k);

// Limits of one DMA buffer descriptor on one tile kind (mlir-aie's verifier, FACTS §1).
struct BdLimits {
  int max_dims = 4;                    // sizes/strides pairs, outermost is the "iteration" dim
  int iteration_max = 64;              // outermost size: 6-bit field holding size-1 -> 1..64
  int wrap_bits = 10;                  // inner sizes: <= 2^bits - 1
  int step_bits = 20;                  // strides, in 32-bit words: <= 2^bits
  std::uint64_t max_length_words = 0;  // linear transfer length in 32-bit words
  int granularity_bytes = 4;           // sizes/strides/offsets in multiples of this
  int repeat_max = 255;                // task repeat count

  std::uint32_t wrap_max() const { return (1u << wrap_bits) - 1u; }
  std::uint64_t step_max_words() const { return std::uint64_t{1} << step_bits; }
};

// Resources of one tile kind.
struct TileResources {
  std::uint32_t data_memory_bytes = 0;  // 0 for shim tiles (they address host memory)
  int memory_banks = 0;
  std::uint32_t program_memory_bytes = 0;  // core tiles only
  int locks = 0;
  int lock_value_max = 63;
  int bds = 0;
  int dma_s2mm_channels = 0;  // stream -> memory (into the tile)
  int dma_mm2s_channels = 0;  // memory -> stream (out of the tile)
  BdLimits bd;

  std::uint32_t bank_bytes() const {
    return memory_banks ? data_memory_bytes / static_cast<std::uint32_t>(memory_banks) : 0;
  }
};

// Multiply-accumulates per cycle per core for each operand pair; nullopt = not public.
struct MacRates {
  std::optional<int> i8_i8, i16_i8, i16_i16, bf16_bf16, i8_i4;
  bool fp32_emulated = true;  // fp32 vector multiply runs as several bf16 passes
};

// Power modes as the amdxdna driver numbers them (FACTS §7: SET_STATE / GET_INFO 9).
enum class PowerMode : int { default_ = 0, low = 1, medium = 2, high = 3, turbo = 4 };
std::string_view to_string(PowerMode m);

// One measured or documented clock, with where it comes from.
struct ClockPoint {
  std::string label;  // e.g. "performance platform profile"
  double mhz = 0;
  std::string source;  // "driver DPM table", "measured on one Ryzen 8845HS desktop", ...
};

struct ClockModel {
  std::optional<double> driver_max_mhz;  // npuclk ceiling in the driver's DPM table
  std::vector<ClockPoint> measured;      // per platform profile, where measured
  // The clock a projection should assume for a power mode; nullopt when nothing is known.
  std::optional<double> mhz_for(PowerMode m) const;
};

// A tile position inside a partition (column is relative to the partition's first column).
struct TileId {
  int col = 0;
  int row = 0;
  friend bool operator==(const TileId&, const TileId&) = default;
  friend auto operator<=>(const TileId&, const TileId&) = default;
};
std::string to_string(TileId t);  // "(col,row)"

struct Device {
  std::string name;  // "npu1", "npu1_2col", "npu4", ...
  std::string marketing;
  Generation generation = Generation::aie2;
  bool preview = false;  // geometry/limits not public: designs cannot be validated on it
  int physical_columns = 0;
  int columns = 0;  // columns in this partition
  int rows = 0;     // shim + mem rows + core rows
  int shim_row = 0;
  int mem_row_first = 1, mem_rows = 1;
  int core_row_first = 2, core_rows = 4;
  TileResources shim, mem, core;
  MacRates macs;
  ClockModel clock;
  int vector_load_bits = 256;  // per load unit; two load units and one store unit per bundle

  bool contains(TileId t) const {
    return t.col >= 0 && t.col < columns && t.row >= 0 && t.row < rows;
  }
  TileKind kind(TileId t) const;  // precondition: contains(t)
  const TileResources& resources(TileKind k) const;
  const TileResources& resources(TileId t) const { return resources(kind(t)); }
  std::vector<TileId> tiles(TileKind k) const;
  // Data memories a core can load from / store to: its own, west, north, south (core rows only).
  bool core_reaches(TileId core_tile, TileId memory_tile) const;
};

// Named models: npu1 (4-column partition), npu1_1col..npu1_3col, npu4, npu5, npu6 (8 columns),
// npu4_1col..npu4_7col style partitions of AIE2P, and "aie4" (preview).
// Throws xdna::InputError naming the unknown name and listing the known ones.
Device device_by_name(std::string_view name);
std::vector<std::string> device_names();

Device npu1(int columns = 4);
Device npu4(int columns = 8);
Device npu5(int columns = 8);
Device npu6(int columns = 8);
Device aie4_preview();

}  // namespace xdna::arch
