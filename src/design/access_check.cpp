// Access patterns vs. BD fields (FACTS §1): at most 4 dims, outermost "iteration" 1..64, wraps
// of 8/10 bits, steps of 13/17/20 bits (in 32-bit words), 4-byte granularity, length limits.
#include "access_check.hpp"

namespace xdna::design::detail {

void check_access_pattern(const AccessPattern& p, std::size_t elem_bytes,
                          const arch::BdLimits& limits, arch::TileKind kind,
                          std::int64_t buffer_elems, const std::string& buffer_name,
                          const std::string& what, std::optional<TileId> tile,
                          std::vector<Diagnostic>& out) {
  const std::string kind_name = std::string(arch::to_string(kind)) + " tile";
  auto add = [&](std::string msg) {
    out.push_back(Diagnostic{Rule::access_pattern, tile, what, what + ": " + std::move(msg)});
  };
  if (p.empty()) return;
  const auto es = static_cast<std::int64_t>(elem_bytes);
  const int dims = static_cast<int>(p.sizes.size());
  if (p.strides.size() != p.sizes.size()) {
    add("has " + std::to_string(p.sizes.size()) + " sizes but " + std::to_string(p.strides.size()) +
        " strides");
    return;
  }
  if (dims > limits.max_dims) {
    add("has " + std::to_string(dims) + " dimensions; a " + kind_name + " BD supports at most " +
        std::to_string(limits.max_dims));
    return;
  }
  for (int d = 0; d < dims; ++d)
    if (p.sizes[static_cast<std::size_t>(d)] < 1) {
      add("size " + std::to_string(p.sizes[static_cast<std::size_t>(d)]) + " in dim " +
          std::to_string(d) + " must be at least 1");
      return;
    }
  if ((p.offset * es) % limits.granularity_bytes != 0)
    add("offset " + std::to_string(p.offset) + " elements = " + std::to_string(p.offset * es) +
        " B is not a multiple of " + std::to_string(limits.granularity_bytes) + " B");
  const int inner = dims - 1;
  for (int d = 0; d < dims; ++d) {
    const auto size = p.sizes[static_cast<std::size_t>(d)];
    const auto stride = p.strides[static_cast<std::size_t>(d)];
    const bool innermost = d == inner;
    const bool iteration = dims == limits.max_dims && d == 0;
    if (iteration) {
      if (size > limits.iteration_max)
        add("Size " + std::to_string(size) + " exceeds the [1:" +
            std::to_string(limits.iteration_max) + "] range of the iteration dimension (dim 0)");
    } else {
      // The innermost wrap counts 32-bit words when the data is contiguous.
      const std::int64_t wrap = innermost && stride == 1 ? size * es / 4 : size;
      if (wrap > static_cast<std::int64_t>(limits.wrap_max()))
        add("size " + std::to_string(size) + " in dim " + std::to_string(d) + " (" +
            std::to_string(wrap) + (innermost && stride == 1 ? " words" : "") + ") exceeds the " +
            std::to_string(limits.wrap_bits) + "-bit wrap field of a " + kind_name + " (max " +
            std::to_string(limits.wrap_max()) + ")");
    }
    if (innermost) {
      if (es < limits.granularity_bytes && stride != 1)
        add("innermost stride " + std::to_string(stride) + " must be 1 for " + std::to_string(es) +
            "-byte elements (" + std::to_string(limits.granularity_bytes) + "-byte granularity)");
      else if (stride == 1 && (size * es) % limits.granularity_bytes != 0)
        add("innermost size " + std::to_string(size) + " x " + std::to_string(es) +
            " B = " + std::to_string(size * es) + " B is not a multiple of " +
            std::to_string(limits.granularity_bytes) + " B");
    } else if ((stride * es) % limits.granularity_bytes != 0) {
      add("stride " + std::to_string(stride) + " in dim " + std::to_string(d) + " = " +
          std::to_string(stride * es) + " B is not a multiple of " +
          std::to_string(limits.granularity_bytes) + " B");
    }
    const std::int64_t step_words = (stride < 0 ? -stride : stride) * es / 4;
    if (step_words > static_cast<std::int64_t>(limits.step_max_words()))
      add("stride " + std::to_string(stride) + " in dim " + std::to_string(d) + " (" +
          std::to_string(step_words) + " words) exceeds the " + std::to_string(limits.step_bits) +
          "-bit step field of a " + kind_name + " (max " + std::to_string(limits.step_max_words()) +
          ")");
  }
  const std::int64_t words = p.count() * es / 4;
  if (limits.max_length_words && static_cast<std::uint64_t>(words) > limits.max_length_words)
    add("moves " + std::to_string(words) + " words, which exceeds the maximum of " +
        std::to_string(limits.max_length_words) + " words supported by a " + kind_name);
  if (buffer_elems >= 0 && (p.min_index() < 0 || p.max_index() >= buffer_elems))
    add("reaches elements " + std::to_string(p.min_index()) + ".." + std::to_string(p.max_index()) +
        " but " + buffer_name + " has " + std::to_string(buffer_elems) + " elements");
}

}  // namespace xdna::design::detail
