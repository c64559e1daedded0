// Test fixtures for device/: fixture trees (sysfs, /dev, /proc, /etc, /lib/firmware, XRT) built
// from compact C++ descriptions into a temporary directory, and the HostEnv pointing at them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "xdna/device/host.hpp"

namespace xdna::device::test {

// A temporary root directory removed on destruction.
class Tree {
 public:
  Tree();
  ~Tree();
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path at(const std::string& abs) const;
  void write(const std::string& abs, const std::string& content, int mode = 0644);
  void write_bytes(const std::string& abs, std::size_t size, unsigned char first_byte,
                   std::int64_t mtime = 0);
  void mkdir(const std::string& abs);
  void symlink(const std::string& abs, const std::string& target);
  void remove(const std::string& abs);
  void set_mtime(const std::string& abs, std::int64_t unix_seconds);
  std::string read(const std::string& abs) const;
  bool exists(const std::string& abs) const;

 private:
  std::filesystem::path root_;
};

// Fixed identity "alice" (uid 1000) in her own group 1000 and, optionally, render (110).
HostEnv env_for(const Tree& t, bool in_render_group = true);

constexpr std::int64_t kNow = 1'790'000'000;  // 2026-09-21, the fixtures' clock

// The scenarios of issue 5. Each writes a complete system into `t`.
void healthy_phoenix_617(Tree& t);            // Ryzen 7 8845HS, 6.17, fw 1.5.5.391, XRT 2.19
void stale_firmware(Tree& t);                 // healthy, but running fw 1.5.2.380
void stale_uncompressed_beside_zst(Tree& t);  // old npu.sbin shadows the newer npu.sbin.zst
void strix_protocol7_619(Tree& t);            // Ryzen AI 9 HX 370, 6.19, probe refused fw
void desktop_without_npu(Tree& t);            // Ryzen 5 8500G
void vm_without_iommu(Tree& t);               // QEMU guest, no IOMMU, probe failed
void xrt_without_plugin(Tree& t);             // healthy, but only libvxdna.so
void xrt_213(Tree& t);                        // healthy, but Debian bookworm's XRT 2.13

// Firmware-looking bytes: `size` bytes starting with a binary header (not text, not a known
// container), the rest a pattern derived from `seed` so that files differ.
std::string fake_firmware(std::size_t size, unsigned seed);
std::string fake_zst_firmware(std::size_t size, unsigned seed);

}  // namespace xdna::device::test
