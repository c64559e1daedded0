// Typed errors shared by every module. Library code throws these; cli/ turns them into a
// message and an exit code. The message always says what and where (file, offset, field,
// tile, buffer, ioctl) and, when there is one, the likely fix.
#pragma once

#include <stdexcept>
#include <string>

namespace xdna {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Input the user handed us is wrong: a file, an option, a size.
class InputError : public Error {
 public:
  using Error::Error;
};

// A design or parameter does not fit the device (memory, locks, BD limits, placement).
class DeviceLimitError : public Error {
 public:
  using Error::Error;
};

// The operating system or driver refused (open, ioctl, rename).
class SystemError : public Error {
 public:
  using Error::Error;
};

}  // namespace xdna
