// One operator run as `xdna run` performs it: inputs from files (raw little-endian, PNG for
// images) or generated deterministically, the operator on the chosen backend, the output
// written if asked, and a report (JSON object) with the figures the CLI prints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "xdna/ops/backend.hpp"

namespace xdna::ops {

struct RunRequest {
  std::string op;  // one of operator_names()
  Backend backend = Backend::cpu;
  std::vector<std::string> inputs;        // in the operator's order; empty = generate
  std::string output;                     // empty = do not write
  std::optional<double> tau;              // collapse, compact (default 0.5)
  std::optional<double> frac;             // collapse-fused, pse-collapse (default 0.5)
  std::optional<std::size_t> count;       // topk (default n / 4)
  std::size_t m = 0, k = 0, n = 0;        // matmul, mlp2 (m rows, k width); 0 = default
  std::string dtype;                      // matmul/patch-embed: int16 | bf16 | bf16-bf16
  std::size_t size = 4096;                // generated vector length (selection ops)
  std::uint64_t seed = 1;                 // generated data
  std::size_t width = 640, height = 480;  // generated image (edge-detect)
};

const std::vector<std::string>& operator_names();

// Throws InputError for an unknown op, a missing or malformed input, an option the op does not
// take; other errors as the operator throws them.
nlohmann::json run_operator(const RunRequest& request);

}  // namespace xdna::ops
