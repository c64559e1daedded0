// Checks one access pattern against one tile kind's BD limits (internal to validate()).
#pragma once

#include <string>
#include <vector>

#include "xdna/arch/device.hpp"
#include "xdna/design/types.hpp"
#include "xdna/design/validate.hpp"

namespace xdna::design::detail {

// `what` names the transfer ("fifo 'a' consumer 0 on (0,2)"), `buffer_elems` the extent the
// pattern must stay inside (-1 = unchecked), `tile_kind_name` the kind for messages.
void check_access_pattern(const AccessPattern& p, std::size_t elem_bytes,
                          const arch::BdLimits& limits, arch::TileKind kind,
                          std::int64_t buffer_elems, const std::string& buffer_name,
                          const std::string& what, std::optional<TileId> tile,
                          std::vector<Diagnostic>& out);

}  // namespace xdna::design::detail
