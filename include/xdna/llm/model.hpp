// llm/: a llama2.c-compatible transformer (fp32) with pruning hooks, and its evaluation.
//
// This header: the model's shape and weights, and the checkpoint loader (FACTS §8). Projection
// weights are stored channel-major ([in x out], the transpose of the file's [out x in]) so that
// the activation-sparse products of prune/sparse_gemv.hpp skip whole contiguous rows.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace xdna::llm {

struct Config {
  int dim = 0;
  int hidden_dim = 0;
  int n_layers = 0;
  int n_heads = 0;
  int n_kv_heads = 0;
  int vocab_size = 0;  // always positive here; the file's sign is in shared_classifier
  int seq_len = 0;
  bool shared_classifier = true;
  int version = 0;  // 0 = legacy header, 1 = "ak42" header

  int head_size() const { return dim / n_heads; }
  int kv_dim() const { return dim * n_kv_heads / n_heads; }
};

struct LayerWeights {
  std::vector<float> rms_att;  // [dim]
  std::vector<float> rms_ffn;  // [dim]
  std::vector<float> wq;       // channel-major [dim x dim]
  std::vector<float> wk;       // [dim x kv_dim]
  std::vector<float> wv;       // [dim x kv_dim]
  std::vector<float> wo;       // [dim x dim]
  std::vector<float> w1;       // gate [dim x hidden]
  std::vector<float> w3;       // up [dim x hidden]
  std::vector<float> w2;       // down [hidden x dim]
};

struct Model {
  Config config;
  std::vector<float> token_embedding;  // [vocab x dim], row-major
  std::vector<float> rms_final;        // [dim]
  std::vector<float> classifier;       // [vocab x dim]; empty when shared with the embedding
  std::vector<LayerWeights> layers;

  const float* classifier_weights() const {
    return classifier.empty() ? token_embedding.data() : classifier.data();
  }
};

// Checks a header for absurd or inconsistent values; throws InputError naming `source` and the
// field. Used by the loader and by code that builds models in memory.
void validate_config(const Config& c, const std::string& source);

// Loads a v0 or v1 llama2.c checkpoint. Every size is checked against the file length before
// anything is read; errors name the file, the field and the byte offset.
Model load_checkpoint(const std::filesystem::path& path);

// A model with the given shape and N(0, 1/in) random weights (fixed seed), for benchmarks.
Model make_random_model(const Config& c, std::uint64_t seed);

// Multiply-adds of one decode step at cache length `context` (projections, attention,
// classifier), used as the denominator of skipped-work fractions.
double dense_macs_per_token(const Config& c, std::size_t context);

}  // namespace xdna::llm
