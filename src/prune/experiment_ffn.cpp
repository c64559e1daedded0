// FACTS §5 "FFN": which intermediate channels of a ReLU FFN can be skipped.
#include <cmath>

#include "experiment_common.hpp"
#include "xdna/prune/select.hpp"
#include "xdna/prune/sparse_gemv.hpp"

namespace xdna::prune {

using detail::Matrix;

ExperimentTable run_ffn_experiment(Regime regime, const std::vector<double>& prune_pcts,
                                   const ExperimentOptions& options) {
  constexpr std::size_t kSeq = 512, kD = 512, kH = 2048;
  detail::configure_blas(options);
  Rng rng(options.seed);
  const Matrix x = detail::random_matrix(rng, kSeq, kD, 1.0);
  const Matrix wu = detail::random_matrix(rng, kD, kH, 1.0 / std::sqrt(double(kD)));
  Matrix wd = detail::random_matrix(rng, kH, kD, 1.0 / std::sqrt(double(kH)));
  const auto scales = detail::regime_scales(rng, kH, 0.9, regime);
  for (std::size_t j = 0; j < kH; ++j) {
    for (std::size_t c = 0; c < kD; ++c) wd.row(j)[c] *= scales[j];
  }

  Matrix act(kSeq, kH), y(kSeq, kD);
  detail::gemm(x, wu, act);
  for (auto& v : act.data) v = std::max(v, 0.0f);
  detail::gemm(act, wd, y);

  // ||Wd[j,:]|| is a property of the weights: computed once, outside every timing.
  std::vector<float> row_norm(kH);
  for (std::size_t j = 0; j < kH; ++j) {
    double s = 0;
    for (std::size_t c = 0; c < kD; ++c) s += double(wd.row(j)[c]) * wd.row(j)[c];
    row_norm[j] = static_cast<float>(std::sqrt(s));
  }
  auto importance_of = [&](const Matrix& a) {
    std::vector<double> col(kH, 0.0);
    for (std::size_t t = 0; t < kSeq; ++t) {
      const float* r = a.row(t);
      for (std::size_t j = 0; j < kH; ++j) col[j] += double(r[j]) * r[j];
    }
    std::vector<float> imp(kH);
    for (std::size_t j = 0; j < kH; ++j)
      imp[j] = static_cast<float>(std::sqrt(col[j]) * row_norm[j]);
    return imp;
  };
  const auto importance = importance_of(act);

  ExperimentTable table;
  table.experiment = "ffn";
  table.regime = to_string(regime);
  table.shape = "SEQ 512, D 512, H 2048, relu FFN";
  table.wall_note =
      "down projection only (as the seed): dense OpenBLAS sgemm vs importance + selection + gather "
      "of act columns and Wd rows + OpenBLAS sgemm on the survivors";
  table.alt_name = "wall_speedup_contiguous";
  table.alt_note =
      "down projection with survivors contiguous (no gather): our channel-sparse GEMM over the "
      "survivors, importance and selection included, vs the same kernel over all channels";

  std::vector<std::uint32_t> all(kH);
  for (std::uint32_t j = 0; j < kH; ++j) all[j] = j;
  Matrix y_alt(kSeq, kD);
  const auto dense_blas = [&] { detail::gemm(act, wd, y); };
  const auto dense_ours = [&] {
    gemm_channel_sparse(act.data.data(), kSeq, wd.data.data(), kH, kD, all, y_alt.data.data(),
                        options.pool);
  };

  const double fu = 2.0 * kSeq * kD * kH, fd = fu;
  for (double pct : prune_pcts) {
    const auto kept = select_top_fraction(importance, 1.0 - pct / 100.0, options.backend).indices;
    Matrix yp(kSeq, kD);
    {
      const Matrix ak = detail::gather_cols(act, kept), wk = detail::gather_rows(wd, kept);
      detail::gemm(ak, wk, yp);
    }
    ExperimentRow row;
    row.prune_pct = pct;
    row.kept = kept.size();
    row.work_ratio = (fu + fd) / (fu + 2.0 * kSeq * double(kept.size()) * kD);
    row.cosine = detail::cosine(y.data, yp.data);
    const auto blas = detail::compare_ms(options.repeats, dense_blas, [&] {
      const auto imp = importance_of(act);
      const auto k = select_top_fraction(imp, 1.0 - pct / 100.0, options.backend).indices;
      const Matrix ak = detail::gather_cols(act, k), wk = detail::gather_rows(wd, k);
      Matrix out(kSeq, kD);
      detail::gemm(ak, wk, out);
    });
    row.dense_ms = blas.a;
    row.pruned_ms = blas.b;
    row.wall_speedup = row.dense_ms / row.pruned_ms;
    row.cpu_speedup = blas.a_cpu / blas.b_cpu;
    const auto ours = detail::compare_ms(options.repeats, dense_ours, [&] {
      const auto imp = importance_of(act);
      const auto k = select_top_fraction(imp, 1.0 - pct / 100.0, options.backend).indices;
      gemm_channel_sparse(act.data.data(), kSeq, wd.data.data(), kH, kD, k, y_alt.data.data(),
                          options.pool);
    });
    row.alt_dense_ms = ours.a;
    row.alt_pruned_ms = ours.b;
    row.wall_speedup_alt = row.alt_dense_ms / row.alt_pruned_ms;
    row.cpu_speedup_alt = ours.a_cpu / ours.b_cpu;
    table.rows.push_back(row);
  }
  return table;
}

}  // namespace xdna::prune
