// OpenBLAS's cblas.h typedefs its own `bfloat16` (uint16_t), which clashes with the AIE API's
// class; so sgemm lives in a translation unit of its own that never sees our headers.
#pragma once

void openblas_sgemm_rowmajor(int m, int n, int k, const float* a, const float* b, float* c);

// Sets OpenBLAS's thread count, returns the previous one.
int openblas_threads(int n);
