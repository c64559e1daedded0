// A second, deliberately separate implementation of the llama2.c forward pass (run.c semantics),
// used only to check src/llm. It shares nothing with src/llm or with raw_model.hpp: it parses the
// v0 checkpoint itself with fread, keeps the file's [out x in] layout, and computes in double
// with plain loops. Variants re-create plausible mis-readings of the format, so a test can show
// the comparison would catch each of them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace xdna::llm::reference {

struct Llama2cFile {
  int dim = 0, hidden = 0, layers = 0, heads = 0, kv_heads = 0, vocab = 0, seq_len = 0;
  bool shared_classifier = true;
  std::vector<float> body;  // every float after the 28-byte header, as stored
  // Float offsets into `body` (the whole tensor over all layers).
  std::size_t embedding = 0, rms_att = 0, wq = 0, wk = 0, wv = 0, wo = 0, rms_ffn = 0, w1 = 0,
              w2 = 0, w3 = 0, rms_final = 0, classifier = 0;
};

// Reads a legacy (v0) checkpoint; throws std::runtime_error if the length does not match.
Llama2cFile read_llama2c_v0(const std::string& path);

enum class Variant {
  faithful,          // run.c
  kv_head_modulo,    // query head h reads KV head h % n_kv_heads instead of h / (heads/kv_heads)
  rope_rotate_half,  // RoPE pairs (i, i + head_size/2) instead of adjacent (2i, 2i+1)
  gate_up_swapped,   // silu applied to w3 x instead of w1 x
};

class ReferenceForward {
 public:
  explicit ReferenceForward(const Llama2cFile& f, Variant v = Variant::faithful);
  // Feeds the next token (positions 0, 1, 2, ... implicitly) and returns the logits.
  std::vector<double> step(int token);

 private:
  const Llama2cFile& f_;
  Variant variant_;
  int pos_ = 0;
  std::vector<std::vector<double>> keys_, values_;  // [layer][pos * kv_dim + j]
};

}  // namespace xdna::llm::reference
