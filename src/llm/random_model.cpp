// Random-weight models of any shape, for benchmarks at real layer sizes (no checkpoint needed).
#include <cmath>

#include "xdna/llm/model.hpp"
#include "xdna/prune/random.hpp"

namespace xdna::llm {

namespace {
std::vector<float> random_matrix(prune::Rng& rng, std::size_t rows, std::size_t cols) {
  std::vector<float> w(rows * cols);
  // Channel-major [in x out]: scale by 1/sqrt(in) = 1/sqrt(rows) keeps activations O(1).
  const double scale = 1.0 / std::sqrt(static_cast<double>(rows));
  for (auto& v : w) v = static_cast<float>(rng.normal() * scale);
  return w;
}
}  // namespace

Model make_random_model(const Config& c, std::uint64_t seed) {
  validate_config(c, "random model");
  prune::Rng rng(seed);
  Model m;
  m.config = c;
  const std::size_t d = c.dim, h = c.hidden_dim, kv = c.kv_dim(), v = c.vocab_size;
  m.token_embedding.resize(v * d);
  for (auto& x : m.token_embedding) x = static_cast<float>(rng.normal());
  m.rms_final.assign(d, 1.0f);
  m.layers.resize(c.n_layers);
  for (auto& l : m.layers) {
    l.rms_att.assign(d, 1.0f);
    l.rms_ffn.assign(d, 1.0f);
    l.wq = random_matrix(rng, d, d);
    l.wk = random_matrix(rng, d, kv);
    l.wv = random_matrix(rng, d, kv);
    l.wo = random_matrix(rng, d, d);
    l.w1 = random_matrix(rng, d, h);
    l.w3 = random_matrix(rng, d, h);
    l.w2 = random_matrix(rng, h, d);
  }
  return m;
}

double dense_macs_per_token(const Config& c, std::size_t context) {
  const double d = c.dim, h = c.hidden_dim, kv = c.kv_dim(), v = c.vocab_size;
  const double projections = d * d * 2 + d * kv * 2 + d * h * 3;
  const double attention = 2.0 * d * static_cast<double>(context);  // scores + weighted values
  return c.n_layers * (projections + attention) + v * d;
}

}  // namespace xdna::llm
