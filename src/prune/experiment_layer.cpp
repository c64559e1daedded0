// FACTS §5 "Full layer": attention (KV pruned per KV head) followed by the FFN (channels pruned),
// keeping 50% of each; the seed's 512-wide layer and a gemma4-shaped one.
#include <cmath>

#include "experiment_common.hpp"
#include "xdna/prune/select.hpp"

namespace xdna::prune {

using detail::Matrix;

namespace {

struct Shape {
  std::size_t seq, dim, heads, kv_heads, ffn;
  bool gated;  // gemma: gelu(x Wg) * (x Wu); seed: relu(x Wu)
};

struct Weights {
  Matrix wq, wk, wv, wo, wg, wu, wd;
  std::vector<float> key_scale;  // per position, applied to K (the regime's skew)
};

float gelu(float x) {
  return 0.5f * x * (1.0f + std::tanh(0.7978845608f * (x + 0.044715f * x * x * x)));
}

// Columns [c0, c0 + n) of m.
Matrix slice_cols(const Matrix& m, std::size_t c0, std::size_t n) {
  Matrix s(m.rows, n);
  for (std::size_t r = 0; r < m.rows; ++r) std::copy_n(m.row(r) + c0, n, s.row(r));
  return s;
}

struct LayerRun {
  Matrix y;
  std::size_t kept_keys = 0, kept_channels = 0;
};

// One layer. keep < 1 prunes; known_mass (per KV head) skips recomputing the attention mass.
LayerRun run_layer(const Shape& s, const Weights& w, const Matrix& x, double keep,
                   ops::Backend backend, const std::vector<std::vector<float>>* known_mass,
                   std::vector<std::vector<float>>* mass_out) {
  const std::size_t hd = s.dim / s.heads, group = s.heads / s.kv_heads;
  Matrix q(s.seq, s.dim), k(s.seq, s.kv_heads * hd), v(s.seq, s.kv_heads * hd);
  detail::gemm(x, w.wq, q);
  detail::gemm(x, w.wk, k);
  detail::gemm(x, w.wv, v);
  for (std::size_t t = 0; t < s.seq; ++t) {
    for (std::size_t c = 0; c < k.cols; ++c) k.row(t)[c] *= w.key_scale[t];
  }
  const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
  Matrix att(s.seq, s.dim);
  LayerRun run;
  for (std::size_t g = 0; g < s.kv_heads; ++g) {
    Matrix kg = slice_cols(k, g * hd, hd), vg = slice_cols(v, g * hd, hd);
    std::vector<std::uint32_t> kept;
    if (keep < 1.0) {
      std::vector<float> mass;
      if (known_mass) {
        mass = (*known_mass)[g];
      } else {
        mass.assign(s.seq, 0.0f);
        for (std::size_t h = g * group; h < (g + 1) * group; ++h) {
          Matrix scores(s.seq, s.seq);
          detail::gemm(slice_cols(q, h * hd, hd), kg, scores, true, scale);
          detail::softmax_rows(scores);
          for (std::size_t i = 0; i < s.seq; ++i) {
            for (std::size_t j = 0; j < s.seq; ++j) mass[j] += scores.row(i)[j];
          }
        }
      }
      if (mass_out) mass_out->push_back(mass);
      kept = select_top_fraction(mass, keep, backend).indices;
      kg = detail::gather_rows(kg, kept);
      vg = detail::gather_rows(vg, kept);
      run.kept_keys += kept.size();
    }
    for (std::size_t h = g * group; h < (g + 1) * group; ++h) {
      Matrix scores(s.seq, kg.rows), out(s.seq, hd);
      detail::gemm(slice_cols(q, h * hd, hd), kg, scores, true, scale);
      detail::softmax_rows(scores);
      detail::gemm(scores, vg, out);
      for (std::size_t t = 0; t < s.seq; ++t) std::copy_n(out.row(t), hd, att.row(t) + h * hd);
    }
  }
  Matrix a(s.seq, s.dim);
  detail::gemm(att, w.wo, a);
  Matrix act(s.seq, s.ffn);
  detail::gemm(a, w.wu, act);
  if (s.gated) {
    Matrix gate(s.seq, s.ffn);
    detail::gemm(a, w.wg, gate);
    for (std::size_t i = 0; i < act.data.size(); ++i) act.data[i] *= gelu(gate.data[i]);
  } else {
    for (auto& val : act.data) val = std::max(val, 0.0f);
  }
  run.y = Matrix(s.seq, s.dim);
  if (keep >= 1.0) {
    detail::gemm(act, w.wd, run.y);
    return run;
  }
  std::vector<float> importance(s.ffn);
  std::vector<double> col(s.ffn, 0.0);
  for (std::size_t t = 0; t < s.seq; ++t) {
    for (std::size_t j = 0; j < s.ffn; ++j) col[j] += double(act.row(t)[j]) * act.row(t)[j];
  }
  for (std::size_t j = 0; j < s.ffn; ++j) {
    double r = 0;
    for (std::size_t c = 0; c < s.dim; ++c) r += double(w.wd.row(j)[c]) * w.wd.row(j)[c];
    importance[j] = static_cast<float>(std::sqrt(col[j] * r));
  }
  const auto channels = select_top_fraction(importance, keep, backend).indices;
  run.kept_channels = channels.size();
  detail::gemm(detail::gather_cols(act, channels), detail::gather_rows(w.wd, channels), run.y);
  return run;
}

}  // namespace

ExperimentTable run_layer_experiment(LayerShape shape, Regime regime,
                                     const ExperimentOptions& options) {
  const Shape s = shape == LayerShape::seed512 ? Shape{512, 512, 8, 8, 2048, false}
                                               : Shape{512, 2816, 16, 8, 2112, true};
  const std::size_t hd = s.dim / s.heads;
  detail::configure_blas(options);
  Rng rng(options.seed + 2);
  const double in_scale = 1.0 / std::sqrt(double(s.dim));
  const Matrix x = detail::random_matrix(rng, s.seq, s.dim, 1.0);
  Weights w;
  w.wq = detail::random_matrix(rng, s.dim, s.dim, in_scale);
  w.wk = detail::random_matrix(rng, s.dim, s.kv_heads * hd, in_scale);
  w.wv = detail::random_matrix(rng, s.dim, s.kv_heads * hd, in_scale);
  w.wo = detail::random_matrix(rng, s.dim, s.dim, in_scale);
  w.wu = detail::random_matrix(rng, s.dim, s.ffn, in_scale);
  if (s.gated) w.wg = detail::random_matrix(rng, s.dim, s.ffn, in_scale);
  w.wd = detail::random_matrix(rng, s.ffn, s.dim, 1.0 / std::sqrt(double(s.ffn)));
  const auto row_scale = detail::regime_scales(rng, s.ffn, 0.9, regime);
  for (std::size_t j = 0; j < s.ffn; ++j) {
    for (std::size_t c = 0; c < s.dim; ++c) w.wd.row(j)[c] *= row_scale[j];
  }
  w.key_scale = detail::regime_scales(rng, s.seq, 0.35, regime);

  const LayerRun dense = run_layer(s, w, x, 1.0, options.backend, nullptr, nullptr);
  std::vector<std::vector<float>> mass;
  const LayerRun pruned = run_layer(s, w, x, 0.5, options.backend, nullptr, &mass);

  // FLOPs of the matrix products (2 per multiply-add), as the seed counted them.
  const double seq = double(s.seq), d = double(s.dim), kv = double(s.kv_heads * hd);
  const double ffn = double(s.ffn);
  const double projections = 2.0 * seq * d * (2.0 * d + 2.0 * kv);
  const double attention_dense = 4.0 * seq * seq * d;
  const double ffn_up = (s.gated ? 4.0 : 2.0) * seq * d * ffn;
  const double dense_flops = projections + attention_dense + ffn_up + 2.0 * seq * d * ffn;
  const double kept_keys_per_head = double(pruned.kept_keys) / double(s.kv_heads);
  const double pruned_flops = projections + 4.0 * seq * kept_keys_per_head * d + ffn_up +
                              2.0 * seq * double(pruned.kept_channels) * d;

  ExperimentTable table;
  table.experiment = shape == LayerShape::seed512 ? "layer-seed512" : "layer-gemma4";
  table.regime = to_string(regime);
  table.shape = shape == LayerShape::seed512
                    ? "SEQ 512, D 512, 8 heads, relu FFN 2048; keep 50% KV and 50% FFN"
                    : "SEQ 512, D 2816, 16 heads (8 KV heads), gated FFN 2112; keep 50% KV and "
                      "50% FFN";
  table.wall_note =
      "whole layer, oracle importances computed in the pruned run (attention mass needs the full "
      "softmax once more; FFN importance needs the full activation), selection and gathers "
      "included, vs the dense layer";
  table.alt_name = "wall_speedup_known_kv_mass";
  table.alt_note = "as wall, but the attention mass known in advance (as H2O accumulates it)";
  ExperimentRow row;
  row.prune_pct = 50;
  row.kept = pruned.kept_channels;
  row.work_ratio = dense_flops / pruned_flops;
  row.cosine = detail::cosine(dense.y.data, pruned.y.data);
  const auto dense_run = [&] { run_layer(s, w, x, 1.0, options.backend, nullptr, nullptr); };
  const auto oracle = detail::compare_ms(options.repeats, dense_run, [&] {
    run_layer(s, w, x, 0.5, options.backend, nullptr, nullptr);
  });
  const auto known = detail::compare_ms(options.repeats, dense_run, [&] {
    run_layer(s, w, x, 0.5, options.backend, &mass, nullptr);
  });
  row.dense_ms = oracle.a;
  row.pruned_ms = oracle.b;
  row.alt_dense_ms = known.a;
  row.alt_pruned_ms = known.b;
  row.wall_speedup = row.dense_ms / row.pruned_ms;
  row.cpu_speedup = oracle.a_cpu / oracle.b_cpu;
  row.wall_speedup_alt = row.alt_dense_ms / row.alt_pruned_ms;
  row.cpu_speedup_alt = known.a_cpu / known.b_cpu;
  table.rows.push_back(row);
  return table;
}

}  // namespace xdna::prune
