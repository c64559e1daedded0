// OpenCV-style threshold on uint8 image lines (binary, binary_inv, trunc, tozero, tozero_inv).
// Contract in kernels.h.
#include <stdint.h>

#include "../aie_kernel_utils.h"

#include <aie_api/aie.hpp>

#include "kernels.h"

namespace {

// cv::ThresholdTypes values.
enum threshold_type : int32_t {
  kBinary = 0,
  kBinaryInv = 1,
  kTrunc = 2,
  kToZero = 3,
  kToZeroInv = 4,
};

// One vector of the line: above = x > t, then the type's choice per lane.
template <unsigned Lanes>
aie::vector<uint8_t, Lanes> threshold_vector(aie::vector<uint8_t, Lanes> x, uint8_t thresh,
                                             uint8_t maxval, int32_t type) {
  const aie::vector<uint8_t, Lanes> t_v = aie::broadcast<uint8_t, Lanes>(thresh);
  const aie::vector<uint8_t, Lanes> max_v = aie::broadcast<uint8_t, Lanes>(maxval);
  const aie::vector<uint8_t, Lanes> zero_v = aie::zeros<uint8_t, Lanes>();
  const aie::mask<Lanes> above = aie::lt(t_v, x);
  switch (type) {
    case kBinary:
      return aie::select(zero_v, max_v, above);
    case kBinaryInv:
      return aie::select(max_v, zero_v, above);
    case kTrunc:
      return aie::min(t_v, x);
    case kToZero:
      return aie::select(zero_v, x, above);
    default:  // kToZeroInv (the caller screened out unknown types)
      return aie::select(x, zero_v, above);
  }
}

template <unsigned Lanes>
int32_t threshold_run(const uint8_t* restrict in, uint8_t* restrict out, int32_t begin, int32_t end,
                      uint8_t thresh, uint8_t maxval, int32_t type) {
  int32_t i = begin;
  AIE_PREPARE_FOR_PIPELINING
  for (; i + static_cast<int32_t>(Lanes) <= end; i += Lanes) {
    aie::store_v(out + i,
                 threshold_vector<Lanes>(aie::load_v<Lanes>(in + i), thresh, maxval, type));
  }
  return i;
}

}  // namespace

extern "C" {

void threshold_u8(const uint8_t* restrict in, uint8_t* restrict out, int32_t n, uint8_t thresh,
                  uint8_t maxval, int32_t type) {
  if (type < kBinary || type > kToZeroInv) return;  // documented: unknown types write nothing
  event0();
  const int32_t done = threshold_run<64>(in, out, 0, n, thresh, maxval, type);
  threshold_run<32>(in, out, done, n, thresh, maxval, type);  // a 32-byte tail, if any
  event1();
}

}  // extern "C"
