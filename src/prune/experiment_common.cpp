#include "experiment_common.hpp"

#include <cblas.h>

#include <time.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "xdna/common/error.hpp"

namespace xdna::prune {

Regime parse_regime(const std::string& name) {
  if (name == "skewed") return Regime::skewed;
  if (name == "uniform") return Regime::uniform;
  throw InputError("unknown regime '" + name + "': expected skewed or uniform");
}

std::string to_string(Regime r) {
  return r == Regime::skewed ? "skewed" : "uniform";
}

namespace detail {

Matrix random_matrix(Rng& rng, std::size_t rows, std::size_t cols, double scale) {
  Matrix m(rows, cols);
  for (auto& v : m.data) v = static_cast<float>(rng.normal() * scale);
  return m;
}

std::vector<float> regime_scales(Rng& rng, std::size_t n, double exponent, Regime regime) {
  std::vector<float> s(n, 1.0f);
  if (regime == Regime::uniform) return s;
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += std::pow(static_cast<double>(i + 1), -exponent);
  const double mean = sum / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) {
    s[i] = static_cast<float>(std::pow(static_cast<double>(i + 1), -exponent) / mean);
  }
  rng.shuffle(std::span<float>(s));
  return s;
}

void gemm(const Matrix& a, const Matrix& b, Matrix& c, bool transpose_b, float alpha) {
  const std::size_t k = a.cols;
  const std::size_t n = transpose_b ? b.rows : b.cols;
  if ((transpose_b ? b.cols : b.rows) != k || c.rows != a.rows || c.cols != n) {
    throw InputError("experiment gemm: shape mismatch");
  }
  cblas_sgemm(CblasRowMajor, CblasNoTrans, transpose_b ? CblasTrans : CblasNoTrans,
              static_cast<int>(a.rows), static_cast<int>(n), static_cast<int>(k), alpha,
              a.data.data(), static_cast<int>(a.cols), b.data.data(), static_cast<int>(b.cols),
              0.0f, c.data.data(), static_cast<int>(c.cols));
}

void softmax_rows(Matrix& m) {
  for (std::size_t r = 0; r < m.rows; ++r) {
    float* row = m.row(r);
    const float peak = *std::max_element(row, row + m.cols);
    float sum = 0;
    for (std::size_t c = 0; c < m.cols; ++c) sum += (row[c] = std::exp(row[c] - peak));
    for (std::size_t c = 0; c < m.cols; ++c) row[c] /= sum;
  }
}

void configure_blas(const ExperimentOptions& options) {
  if (options.blas_threads < 1) {
    throw InputError("--blas-threads " + std::to_string(options.blas_threads) + " must be >= 1");
  }
  openblas_set_num_threads(options.blas_threads);
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ab += static_cast<double>(a[i]) * b[i];
    aa += static_cast<double>(a[i]) * a[i];
    bb += static_cast<double>(b[i]) * b[i];
  }
  return ab / std::sqrt(aa * bb);
}

PairMs compare_ms(int repeats, const std::function<void()>& a, const std::function<void()>& b) {
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
  };
  auto time = [&](const std::function<void()>& fn, double& wall, double& cpu) {
    const double c0 = cpu_now();
    const auto start = std::chrono::steady_clock::now();
    fn();
    const double w =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    wall = std::min(wall, w);
    cpu = std::min(cpu, cpu_now() - c0);
  };
  a();  // warm-up: caches, page faults, BLAS thread start
  b();
  PairMs best{1e300, 1e300, 1e300, 1e300};
  for (int i = 0; i < std::max(1, repeats); ++i) {
    time(a, best.a, best.a_cpu);
    time(b, best.b, best.b_cpu);
  }
  return best;
}

Matrix gather_rows(const Matrix& m, const std::vector<std::uint32_t>& keep) {
  Matrix g(keep.size(), m.cols);
  for (std::size_t i = 0; i < keep.size(); ++i) std::copy_n(m.row(keep[i]), m.cols, g.row(i));
  return g;
}

Matrix gather_cols(const Matrix& m, const std::vector<std::uint32_t>& keep) {
  Matrix g(m.rows, keep.size());
  for (std::size_t r = 0; r < m.rows; ++r) {
    const float* src = m.row(r);
    float* dst = g.row(r);
    for (std::size_t i = 0; i < keep.size(); ++i) dst[i] = src[keep[i]];
  }
  return g;
}

}  // namespace detail
}  // namespace xdna::prune
