// Real ioctl transport over an accel device node.
#include "xdna/device/transport.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "xdna/common/error.hpp"

namespace xdna::device {

std::unique_ptr<FdTransport> FdTransport::open(const std::filesystem::path& node) {
  int fd = ::open(node.c_str(), O_RDWR | O_CLOEXEC);
  if (fd >= 0) return std::unique_ptr<FdTransport>(new FdTransport(fd));
  int err = errno;
  std::string fix;
  if (err == EACCES || err == EPERM)
    fix =
        "add your user to the 'render' group (sudo usermod -aG render $USER, then log in again) "
        "or run as root";
  else if (err == ENOENT || err == ENODEV || err == ENXIO)
    fix = "the amdxdna driver is not bound to the NPU; run `xdna doctor`";
  else
    fix = "run `xdna doctor`";
  throw SystemError(fmt::format("cannot open {}: {} (errno {}); {}", node.string(),
                                std::strerror(err), err, fix));
}

FdTransport::~FdTransport() {
  ::close(fd_);
}

int FdTransport::call(unsigned long request, void* arg) {
  int r;
  do {
    r = ::ioctl(fd_, request, arg);
  } while (r < 0 && (errno == EINTR || errno == EAGAIN));
  return r < 0 ? errno : 0;
}

}  // namespace xdna::device
