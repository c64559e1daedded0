// Internal helpers of the pruning experiments: dense row-major matrices, OpenBLAS products,
// regimes, cosine and timing.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "xdna/prune/experiments.hpp"
#include "xdna/prune/random.hpp"

namespace xdna::prune::detail {

struct Matrix {
  std::size_t rows = 0, cols = 0;
  std::vector<float> data;
  Matrix() = default;
  Matrix(std::size_t r, std::size_t c) : rows(r), cols(c), data(r * c, 0.0f) {}
  float* row(std::size_t r) { return data.data() + r * cols; }
  const float* row(std::size_t r) const { return data.data() + r * cols; }
};

// N(0, 1) * scale entries.
Matrix random_matrix(Rng& rng, std::size_t rows, std::size_t cols, double scale);

// The seed's skew: (1..n)^-exponent, normalised to mean 1, shuffled; all ones when uniform.
std::vector<float> regime_scales(Rng& rng, std::size_t n, double exponent, Regime regime);

// C = A * B (transpose_b: C = A * B^T), OpenBLAS sgemm, with alpha.
void gemm(const Matrix& a, const Matrix& b, Matrix& c, bool transpose_b = false,
          float alpha = 1.0f);

// Row-wise softmax in place.
void softmax_rows(Matrix& m);

double cosine(const std::vector<float>& a, const std::vector<float>& b);

// Applies options.blas_threads to OpenBLAS (InputError when < 1).
void configure_blas(const ExperimentOptions& options);

// Times in milliseconds of two alternatives, measured alternately (a, b, a, b, ...) after one
// untimed warm-up call each, so that both see the same background load; the minimum of `repeats`
// runs each (the least-disturbed run: this host's 2 cores are shared). Wall-clock, and the
// process CPU time, which preemption by other processes does not inflate.
struct PairMs {
  double a = 0, b = 0;          // wall
  double a_cpu = 0, b_cpu = 0;  // process CPU time
};
PairMs compare_ms(int repeats, const std::function<void()>& a, const std::function<void()>& b);

// Rows `keep` of m, in order.
Matrix gather_rows(const Matrix& m, const std::vector<std::uint32_t>& keep);
// Columns `keep` of m, in order.
Matrix gather_cols(const Matrix& m, const std::vector<std::uint32_t>& keep);

}  // namespace xdna::prune::detail
