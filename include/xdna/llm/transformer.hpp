// The transformer forward pass (llama2.c semantics: RMSNorm eps 1e-5, RoPE theta 10000 on
// adjacent pairs, grouped-query attention with a KV cache, SwiGLU FFN) with pruning hooks:
// - FFN activation sparsity: per token, keep the largest-|h| fraction of the down-projection
//   input (h = silu(W1 x) * W3 x) and skip the rest of W2's rows;
// - TEAL-style: per token, keep |x| >= t on the input of every projection, with a threshold per
//   layer and site calibrated from activation statistics (see eval.hpp);
// - KV eviction (prune/kv_eviction.hpp) under a cache budget.
// Survivors are chosen by the operator library on the chosen backend: FFN/TEAL channels through
// prune/select.hpp, H2O/TOVA eviction victims through prune::choose_lightest.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "xdna/llm/model.hpp"
#include "xdna/ops/backend.hpp"
#include "xdna/prune/kv_eviction.hpp"
#include "xdna/prune/thread_pool.hpp"

namespace xdna::llm {

// Where in a layer an activation is pruned (the input of which projections).
enum class Site : int {
  attention_input = 0,   // normed x, feeds wq, wk, wv
  attention_output = 1,  // attention result, feeds wo
  ffn_input = 2,         // normed x, feeds w1, w3
  ffn_hidden = 3,        // silu(w1 x) * w3 x, feeds w2 (the down projection)
};
constexpr std::size_t kSites = 4;
const char* to_string(Site s);

using SiteThresholds = std::array<float, kSites>;

// Which position RoPE gives a cached key once eviction has made the cache non-contiguous:
// - original: its position in the text, rotated once when the key is cached (the default; keys
//   keep the relative distances they were trained with);
// - cache: its index within the cache, with the query at the last index, rotated afresh at every
//   step (what the StreamingLLM paper does: the distances never exceed the budget).
// Identical, bit for bit, until the first eviction.
enum class RopePositions { original, cache };
RopePositions parse_rope_positions(std::string_view name);  // InputError naming the value
std::string to_string(RopePositions p);

struct PruneSettings {
  // Per-token top-k on the down-projection input; `ffn_topk` routes the FFN through selection
  // even at sparsity 0 (which must then reproduce the dense result bit for bit).
  bool ffn_topk = false;
  double ffn_sparsity = 0;
  // TEAL: one threshold per layer and site (|x| >= t survives); empty = off.
  std::vector<SiteThresholds> teal_thresholds;
  prune::KvBudget kv;
  // RoPE position of a cached key (and of the query) under KV eviction; see RopePositions.
  RopePositions rope_positions = RopePositions::original;
  ops::Backend backend = ops::Backend::cpu;  // where every selection step runs (FFN, TEAL, KV)
};

// Checks ranges (sparsity in [0, 1), thresholds finite and >= 0, one per layer, KV budget).
void validate(const PruneSettings& s, const Config& c);

struct ForwardStats {
  double dense_macs = 0;  // what the dense model would have done for the same tokens
  double done_macs = 0;
  // Per layer and site: activation entries kept and offered.
  std::vector<std::array<double, kSites>> kept, offered;
  void reset(std::size_t layers);
};

// Called with every activation that reaches a pruning site (before pruning), for calibration.
using ActivationObserver = std::function<void(int layer, Site site, std::span<const float> x)>;

class Transformer {
 public:
  Transformer(const Model& model, PruneSettings settings, prune::ThreadPool* pool = nullptr);

  // Forgets the cache and the statistics (a new sequence starts at position 0).
  void reset();

  // Feeds `token` at position `pos` (0, 1, 2, ... in order) and returns the logits.
  std::span<const float> forward(int token, int pos);

  const ForwardStats& stats() const { return stats_; }
  void set_observer(ActivationObserver observer) { observer_ = std::move(observer); }
  // Runs only the first `layers` layers (calibration needs no more); forward() then returns an
  // empty span. A negative value restores the full model.
  void set_layer_limit(int layers) { layer_limit_ = layers; }
  const Config& config() const { return model_.config; }

 private:
  struct HeadCache {
    std::vector<float> keys;    // [slots x head_size]
    std::vector<float> values;  // [slots x head_size]
    prune::KvCacheSlots slots;
  };

  // y = W x over the survivors of x at `site` (all channels when the site is not pruned).
  void project(int layer, Site site, const std::vector<float>& weights, std::span<const float> x,
               std::size_t out, float* y, bool reuse_selection);
  void select(int layer, Site site, std::span<const float> x);
  void attention(int layer, int pos);

  const Model& model_;
  PruneSettings settings_;
  prune::ThreadPool* pool_;
  ActivationObserver observer_;
  ForwardStats stats_;

  std::vector<std::vector<HeadCache>> cache_;  // [layer][kv head]
  std::vector<float> x_, xb_, xb2_, q_, k_, v_, hb_, hb2_, att_, group_weights_, logits_;
  std::vector<float> rotated_keys_, rotated_query_;  // RopePositions::cache scratch
  std::vector<std::uint32_t> survivors_;
  bool all_survive_ = true;
  int position_ = 0;
  int layer_limit_ = -1;
};

}  // namespace xdna::llm
