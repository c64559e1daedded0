// device/ — the ioctl transport: the one seam between our amdxdna wrapper and the kernel. The real
// transport opens a /dev/accel node and calls ioctl(2); tests plug in the simulated driver.
#pragma once

#include <filesystem>
#include <memory>

namespace xdna::device {

class IoctlTransport {
 public:
  virtual ~IoctlTransport() = default;
  // Issues `request` with `arg`; returns 0 on success or the positive errno.
  virtual int call(unsigned long request, void* arg) = 0;
};

// An open /dev/accel/accelN.
class FdTransport final : public IoctlTransport {
 public:
  // Opens `node` read-write. Throws SystemError naming the node, errno and the fix
  // (render group for EACCES, `xdna doctor` for a missing node).
  static std::unique_ptr<FdTransport> open(const std::filesystem::path& node);
  ~FdTransport() override;
  FdTransport(const FdTransport&) = delete;
  FdTransport& operator=(const FdTransport&) = delete;
  int call(unsigned long request, void* arg) override;

 private:
  explicit FdTransport(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace xdna::device
