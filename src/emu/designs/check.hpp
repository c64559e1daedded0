// Parameter checks shared by the design builders.
#pragma once

#include <cstdint>
#include <string>

#include "xdna/common/error.hpp"

namespace xdna::emu::designs::detail {

inline void require(bool ok, const std::string& design, const std::string& what) {
  if (!ok) throw InputError("design '" + design + "': " + what);
}

inline void require_multiple(std::int64_t v, std::int64_t of, const std::string& design,
                             const std::string& name) {
  require(
      v > 0 && of > 0 && v % of == 0, design,
      name + " = " + std::to_string(v) + " must be a positive multiple of " + std::to_string(of));
}

}  // namespace xdna::emu::designs::detail
