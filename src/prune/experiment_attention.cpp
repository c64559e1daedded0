// FACTS §5 "Attention KV": which keys of one attention head can be dropped.
#include <cmath>

#include "experiment_common.hpp"
#include "xdna/prune/select.hpp"

namespace xdna::prune {

using detail::Matrix;

namespace {

// softmax(Q K^T / sqrt(d)) V for the given keys and values.
Matrix attend(const Matrix& q, const Matrix& k, const Matrix& v) {
  Matrix scores(q.rows, k.rows), out(q.rows, v.cols);
  detail::gemm(q, k, scores, true, 1.0f / std::sqrt(static_cast<float>(q.cols)));
  detail::softmax_rows(scores);
  detail::gemm(scores, v, out);
  return out;
}

std::vector<float> attention_mass(const Matrix& q, const Matrix& k) {
  Matrix scores(q.rows, k.rows);
  detail::gemm(q, k, scores, true, 1.0f / std::sqrt(static_cast<float>(q.cols)));
  detail::softmax_rows(scores);
  std::vector<float> mass(k.rows, 0.0f);
  for (std::size_t i = 0; i < scores.rows; ++i) {
    for (std::size_t j = 0; j < scores.cols; ++j) mass[j] += scores.row(i)[j];
  }
  return mass;
}

}  // namespace

ExperimentTable run_attention_experiment(Regime regime, const std::vector<double>& prune_pcts,
                                         const ExperimentOptions& options) {
  constexpr std::size_t kSeq = 512, kDim = 64;
  detail::configure_blas(options);
  Rng rng(options.seed + 1);
  const Matrix q = detail::random_matrix(rng, kSeq, kDim, 1.0);
  Matrix k = detail::random_matrix(rng, kSeq, kDim, 1.0);
  const Matrix v = detail::random_matrix(rng, kSeq, kDim, 1.0);
  const auto scales = detail::regime_scales(rng, kSeq, 0.35, regime);
  for (std::size_t j = 0; j < kSeq; ++j) {
    for (std::size_t c = 0; c < kDim; ++c) k.row(j)[c] *= scales[j];
  }
  const Matrix dense = attend(q, k, v);
  const auto mass = attention_mass(q, k);

  ExperimentTable table;
  table.experiment = "attention";
  table.regime = to_string(regime);
  table.shape = "SEQ 512, d 64, one head";
  table.wall_note =
      "importance known in advance (accumulated over earlier decode steps, as H2O does): "
      "selection + gather of K/V rows + attention over the survivors, vs dense attention";
  table.alt_name = "wall_speedup_oracle_importance";
  table.alt_note =
      "oracle importance computed here from the full softmax (the seed's definition): dense "
      "scores + column sums + selection + gather + attention over the survivors, vs dense";
  const auto dense_run = [&] { attend(q, k, v); };
  for (double pct : prune_pcts) {
    const auto kept = select_top_fraction(mass, 1.0 - pct / 100.0, options.backend).indices;
    const Matrix pruned = attend(q, detail::gather_rows(k, kept), detail::gather_rows(v, kept));
    ExperimentRow row;
    row.prune_pct = pct;
    row.kept = kept.size();
    row.work_ratio = double(kSeq) / double(kept.size());  // scores and weighted sum both shrink
    row.cosine = detail::cosine(dense.data, pruned.data);
    const auto known = detail::compare_ms(options.repeats, dense_run, [&] {
      const auto s = select_top_fraction(mass, 1.0 - pct / 100.0, options.backend).indices;
      attend(q, detail::gather_rows(k, s), detail::gather_rows(v, s));
    });
    const auto oracle = detail::compare_ms(options.repeats, dense_run, [&] {
      const auto m = attention_mass(q, k);
      const auto s = select_top_fraction(m, 1.0 - pct / 100.0, options.backend).indices;
      attend(q, detail::gather_rows(k, s), detail::gather_rows(v, s));
    });
    row.dense_ms = known.a;
    row.pruned_ms = known.b;
    row.alt_dense_ms = oracle.a;
    row.alt_pruned_ms = oracle.b;
    row.wall_speedup = row.dense_ms / row.pruned_ms;
    row.cpu_speedup = known.a_cpu / known.b_cpu;
    row.wall_speedup_alt = row.alt_dense_ms / row.alt_pruned_ms;
    row.cpu_speedup_alt = oracle.a_cpu / oracle.b_cpu;
    table.rows.push_back(row);
  }
  return table;
}

}  // namespace xdna::prune
