// Test-side llama2.c files: a model kept in the file's own layout ([out x in] PyTorch weights),
// writers for v0 and v1 checkpoints and a v0 reader, all written independently of src/llm so
// that the loader is checked against a second implementation of the format.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace xdna::llm::testing {

struct RawModel {
  int dim, hidden, layers, heads, kv_heads, vocab, seq;
  bool shared = true;
  std::vector<float> emb, rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3, rms_final, cls;
  int kv_dim() const { return dim * kv_heads / heads; }
  int head_size() const { return dim / heads; }
};

RawModel make_raw(int dim, int hidden, int layers, int heads, int kv_heads, int vocab, int seq,
                  bool shared, std::uint64_t seed);
void write_v0(const std::filesystem::path& path, const RawModel& m);
void write_v1(const std::filesystem::path& path, const RawModel& m);
RawModel read_v0(const std::filesystem::path& path);

// Straightforward forward pass in double precision from the formulas (llama2.c semantics),
// returning the logits of every position of `tokens`. `visible(pos, t)` says whether the query at
// `pos` may attend to the key at `t <= pos` (default: all, i.e. causal attention).
// `rope_position(pos, t)`, if given, is the RoPE position of token t (t == pos: the query) while
// the query at `pos` attends; by default every token keeps its own position.
std::vector<std::vector<double>> reference_logits(
    const RawModel& m, const std::vector<int>& tokens,
    const std::function<bool(std::size_t, std::size_t)>& visible = {},
    const std::function<int(std::size_t, std::size_t)>& rope_position = {});

// A fresh path under the test binary's temp dir.
std::filesystem::path temp_path(const std::string& name);

}  // namespace xdna::llm::testing
