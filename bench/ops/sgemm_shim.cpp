// See sgemm_shim.hpp.
#include "sgemm_shim.hpp"

#include <cblas.h>

void openblas_sgemm_rowmajor(int m, int n, int k, const float* a, const float* b, float* c) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a, k, b, n, 0.0f, c, n);
}

int openblas_threads(int n) {
  const int previous = openblas_get_num_threads();
  openblas_set_num_threads(n);
  return previous;
}
