#include "xdna/llm/transformer.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "xdna/common/error.hpp"
#include "xdna/prune/select.hpp"
#include "xdna/prune/sparse_gemv.hpp"

namespace xdna::llm {

namespace {

constexpr float kRmsEps = 1e-5f;
constexpr float kRopeTheta = 10000.0f;

void rmsnorm(float* out, const float* x, const float* weight, int n) {
  float ss = 0.0f;
  for (int i = 0; i < n; ++i) ss += x[i] * x[i];
  ss = 1.0f / std::sqrt(ss / static_cast<float>(n) + kRmsEps);
  for (int i = 0; i < n; ++i) out[i] = weight[i] * (ss * x[i]);
}

void softmax(float* x, std::size_t n) {
  float peak = x[0];
  for (std::size_t i = 1; i < n; ++i) peak = std::max(peak, x[i]);
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = std::exp(x[i] - peak);
    sum += x[i];
  }
  for (std::size_t i = 0; i < n; ++i) x[i] /= sum;
}

// Rotates adjacent pairs (x[2i], x[2i+1]) by pos * theta^(-2i/head_size) within each head.
void rope(float* x, int n, int head_size, int pos) {
  for (int i = 0; i < n; i += 2) {
    const int pair = i % head_size;
    const float freq = 1.0f / std::pow(kRopeTheta, static_cast<float>(pair) / head_size);
    const float angle = static_cast<float>(pos) * freq;
    const float c = std::cos(angle), s = std::sin(angle);
    const float a = x[i], b = x[i + 1];
    x[i] = a * c - b * s;
    x[i + 1] = a * s + b * c;
  }
}

}  // namespace

RopePositions parse_rope_positions(std::string_view name) {
  if (name == "original") return RopePositions::original;
  if (name == "cache") return RopePositions::cache;
  throw InputError("unknown RoPE position mode '" + std::string(name) +
                   "': expected original (position in the text) or cache (index in the cache)");
}

std::string to_string(RopePositions p) {
  return p == RopePositions::cache ? "cache" : "original";
}

const char* to_string(Site s) {
  switch (s) {
    case Site::attention_input:
      return "attention_input";
    case Site::attention_output:
      return "attention_output";
    case Site::ffn_input:
      return "ffn_input";
    case Site::ffn_hidden:
      return "ffn_hidden";
  }
  return "unknown";
}

void validate(const PruneSettings& s, const Config& c) {
  if (!(s.ffn_sparsity >= 0.0 && s.ffn_sparsity < 1.0)) {
    throw InputError("sparsity " + std::to_string(s.ffn_sparsity) +
                     " is outside [0, 1): a sparsity of 1 would skip every channel");
  }
  if (!s.teal_thresholds.empty()) {
    if (s.teal_thresholds.size() != static_cast<std::size_t>(c.n_layers)) {
      throw InputError("TEAL thresholds: " + std::to_string(s.teal_thresholds.size()) +
                       " layers given, the model has " + std::to_string(c.n_layers));
    }
    for (std::size_t l = 0; l < s.teal_thresholds.size(); ++l) {
      for (std::size_t k = 0; k < kSites; ++k) {
        const float t = s.teal_thresholds[l][k];
        if (!(t >= 0.0f) || !std::isfinite(t)) {
          throw InputError("TEAL threshold of layer " + std::to_string(l) + " site " +
                           to_string(static_cast<Site>(k)) + " is " + std::to_string(t) +
                           ": must be finite and >= 0");
        }
      }
    }
  }
  prune::validate(s.kv);
}

void ForwardStats::reset(std::size_t layers) {
  dense_macs = done_macs = 0;
  kept.assign(layers, {});
  offered.assign(layers, {});
}

Transformer::Transformer(const Model& model, PruneSettings settings, prune::ThreadPool* pool)
    : model_(model), settings_(std::move(settings)), pool_(pool) {
  validate(settings_, model_.config);
  const Config& c = model_.config;
  x_.resize(c.dim);
  xb_.resize(c.dim);
  xb2_.resize(c.dim);
  q_.resize(c.dim);
  k_.resize(c.kv_dim());
  v_.resize(c.kv_dim());
  hb_.resize(c.hidden_dim);
  hb2_.resize(c.hidden_dim);
  logits_.resize(c.vocab_size);
  reset();
}

void Transformer::reset() {
  const Config& c = model_.config;
  cache_.clear();
  cache_.resize(c.n_layers);
  for (auto& layer : cache_) {
    for (int g = 0; g < c.n_kv_heads; ++g)
      layer.push_back(HeadCache{{}, {}, prune::KvCacheSlots(settings_.kv, settings_.backend)});
  }
  stats_.reset(c.n_layers);
  position_ = 0;
}

void Transformer::select(int layer, Site site, std::span<const float> x) {
  const auto k = static_cast<std::size_t>(site);
  if (observer_) observer_(layer, site, x);
  all_survive_ = true;
  if (!settings_.teal_thresholds.empty()) {
    prune::select_magnitude_at_least(x, settings_.teal_thresholds[layer][k], settings_.backend,
                                     survivors_);
    all_survive_ = false;
  }
  if (site == Site::ffn_hidden && settings_.ffn_topk) {
    const auto keep = x.size() - static_cast<std::size_t>(std::llround(
                                     settings_.ffn_sparsity * static_cast<double>(x.size())));
    prune::select_magnitude_top_count(x, keep, settings_.backend, survivors_);
    all_survive_ = false;
  }
  stats_.offered[layer][k] += static_cast<double>(x.size());
  stats_.kept[layer][k] +=
      all_survive_ ? static_cast<double>(x.size()) : static_cast<double>(survivors_.size());
}

void Transformer::project(int layer, Site site, const std::vector<float>& weights,
                          std::span<const float> x, std::size_t out, float* y,
                          bool reuse_selection) {
  if (!reuse_selection) select(layer, site, x);
  const std::size_t in = x.size();
  stats_.dense_macs += static_cast<double>(in * out);
  if (all_survive_) {
    prune::gemv_channel_major(weights.data(), in, out, x.data(), y, pool_);
    stats_.done_macs += static_cast<double>(in * out);
  } else {
    prune::gemv_channel_sparse(weights.data(), in, out, x.data(), survivors_, y, pool_);
    stats_.done_macs += static_cast<double>(survivors_.size() * out);
  }
}

void Transformer::attention(int layer, int pos) {
  const Config& c = model_.config;
  const int hs = c.head_size();
  const int group = c.n_heads / c.n_kv_heads;
  const float scale = 1.0f / std::sqrt(static_cast<float>(hs));
  auto& heads = cache_[layer];
  const bool cache_positions = settings_.rope_positions == RopePositions::cache;
  for (int g = 0; g < c.n_kv_heads; ++g) {
    HeadCache& hc = heads[g];
    hc.slots.append(static_cast<std::uint32_t>(pos));
    hc.keys.insert(hc.keys.end(), k_.begin() + g * hs, k_.begin() + (g + 1) * hs);
    hc.values.insert(hc.values.end(), v_.begin() + g * hs, v_.begin() + (g + 1) * hs);
    const std::size_t n = hc.slots.size();
    const float* keys = hc.keys.data();
    if (cache_positions) {
      // Keys are cached unrotated; rotate a copy of each by its index in the cache.
      rotated_keys_.assign(hc.keys.begin(), hc.keys.end());
      for (std::size_t t = 0; t < n; ++t) {
        rope(rotated_keys_.data() + t * hs, hs, hs, static_cast<int>(t));
      }
      keys = rotated_keys_.data();
    }
    group_weights_.assign(n, 0.0f);
    att_.resize(n);
    for (int hq = g * group; hq < (g + 1) * group; ++hq) {
      const float* q = q_.data() + hq * hs;
      if (cache_positions) {
        rotated_query_.assign(q, q + hs);
        rope(rotated_query_.data(), hs, hs, static_cast<int>(n - 1));
        q = rotated_query_.data();
      }
      for (std::size_t t = 0; t < n; ++t) {
        const float* key = keys + t * hs;
        float score = 0.0f;
        for (int i = 0; i < hs; ++i) score += q[i] * key[i];
        att_[t] = score * scale;
      }
      softmax(att_.data(), n);
      float* out = xb_.data() + hq * hs;
      std::fill(out, out + hs, 0.0f);
      for (std::size_t t = 0; t < n; ++t) {
        const float a = att_[t];
        const float* value = hc.values.data() + t * hs;
        for (int i = 0; i < hs; ++i) out[i] += a * value[i];
        group_weights_[t] += a;
      }
    }
    // Dense attention would have covered every position so far; the cache may hold fewer.
    stats_.dense_macs += 2.0 * group * hs * (pos + 1);
    stats_.done_macs += 2.0 * group * hs * static_cast<double>(n);
    hc.slots.observe(group_weights_);
    for (std::size_t victim : hc.slots.evict()) {
      const auto at = static_cast<std::ptrdiff_t>(victim * hs);
      hc.keys.erase(hc.keys.begin() + at, hc.keys.begin() + at + hs);
      hc.values.erase(hc.values.begin() + at, hc.values.begin() + at + hs);
    }
  }
}

std::span<const float> Transformer::forward(int token, int pos) {
  const Config& c = model_.config;
  if (token < 0 || token >= c.vocab_size) {
    throw InputError("token " + std::to_string(token) + " is outside the vocabulary [0, " +
                     std::to_string(c.vocab_size) + ")");
  }
  if (pos != position_ || pos >= c.seq_len) {
    throw InputError("position " + std::to_string(pos) + ": expected " + std::to_string(position_) +
                     " (tokens are fed in order, below seq_len " + std::to_string(c.seq_len) + ")");
  }
  ++position_;
  const int d = c.dim, kv = c.kv_dim(), h = c.hidden_dim;
  std::copy_n(model_.token_embedding.data() + static_cast<std::size_t>(token) * d, d, x_.data());

  const int layers = layer_limit_ >= 0 ? std::min(layer_limit_, c.n_layers) : c.n_layers;
  for (int l = 0; l < layers; ++l) {
    const LayerWeights& w = model_.layers[l];
    rmsnorm(xb_.data(), x_.data(), w.rms_att.data(), d);
    project(l, Site::attention_input, w.wq, xb_, d, q_.data(), false);
    project(l, Site::attention_input, w.wk, xb_, kv, k_.data(), true);
    project(l, Site::attention_input, w.wv, xb_, kv, v_.data(), true);
    if (settings_.rope_positions == RopePositions::original) {
      rope(q_.data(), d, c.head_size(), pos);
      rope(k_.data(), kv, c.head_size(), pos);
    }  // else attention() rotates by index in the cache
    attention(l, pos);
    project(l, Site::attention_output, w.wo, xb_, d, xb2_.data(), false);
    for (int i = 0; i < d; ++i) x_[i] += xb2_[i];

    rmsnorm(xb_.data(), x_.data(), w.rms_ffn.data(), d);
    project(l, Site::ffn_input, w.w1, xb_, h, hb_.data(), false);
    project(l, Site::ffn_input, w.w3, xb_, h, hb2_.data(), true);
    for (int i = 0; i < h; ++i) {
      const float g = hb_[i];
      hb_[i] = g / (1.0f + std::exp(-g)) * hb2_[i];
    }
    project(l, Site::ffn_hidden, w.w2, hb_, d, xb_.data(), false);
    for (int i = 0; i < d; ++i) x_[i] += xb_[i];
  }
  if (layers < c.n_layers) return {};
  rmsnorm(x_.data(), x_.data(), model_.rms_final.data(), d);
  prune::gemv_row_major(model_.classifier_weights(), c.vocab_size, d, x_.data(), logits_.data(),
                        pool_);
  const double classifier = static_cast<double>(c.vocab_size) * d;
  stats_.dense_macs += classifier;
  stats_.done_macs += classifier;
  return logits_;
}

}  // namespace xdna::llm
