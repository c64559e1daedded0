// CPU edge_detect next to OpenCV on a 1920 x 1080 RGBA frame. Two OpenCV pipelines: the usual one
// (cvtColor's own grey weights, so not the same bits) and the bit-exact reference built from
// primitives (the test's). Both reuse their output Mats across iterations; so does ours (the
// edge_detect overload that writes into an existing image).
#include <benchmark/benchmark.h>

#include <cstdlib>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "../../tests/ops/opencv_edge_reference.hpp"
#include "xdna/ops/synthetic.hpp"
#include "xdna/ops/vision.hpp"

namespace {

const xdna::ops::ImageRgba& frame() {
  static const auto img = xdna::ops::synthetic_image(1920, 1080, 1);
  return img;
}

void BM_EdgeDetectCpu(benchmark::State& state) {
  const auto& img = frame();
  xdna::ops::ImageRgba out;
  for (auto _ : state) {
    xdna::ops::edge_detect(img, out, xdna::ops::Backend::cpu);
    benchmark::DoNotOptimize(out.pixels.data());
  }
}

void BM_EdgeDetectOpenCvUsual(benchmark::State& state) {
  const cv::Mat rgba = ref::as_mat(frame());
  cv::Mat gray, lap, edge, edge4, out;
  cv::Mat kernel = (cv::Mat_<float>(3, 3) << 0, 1, 0, 1, -4, 1, 0, 1, 0);
  for (auto _ : state) {
    cv::cvtColor(rgba, gray, cv::COLOR_RGBA2GRAY);
    cv::filter2D(gray, lap, CV_8U, kernel, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
    cv::threshold(lap, edge, 10, 255, cv::THRESH_BINARY);
    cv::cvtColor(edge, edge4, cv::COLOR_GRAY2RGBA);
    cv::addWeighted(rgba, 1.0, edge4, 1.0, 0.0, out);
    benchmark::DoNotOptimize(out.data);
  }
}

void BM_EdgeDetectOpenCvExactReference(benchmark::State& state) {
  const cv::Mat rgba = ref::as_mat(frame());
  const xdna::ops::EdgeDetectParams params;
  for (auto _ : state) {
    cv::Mat out = ref::opencv_edge_detect(rgba, params);
    benchmark::DoNotOptimize(out.data);
  }
}

// One thread each: on a shared machine these give the steadiest ratio.
void BM_EdgeDetectCpu1Thread(benchmark::State& state) {
  setenv("XDNA_THREADS", "1", 1);
  BM_EdgeDetectCpu(state);
  unsetenv("XDNA_THREADS");
}

void BM_EdgeDetectOpenCvUsual1Thread(benchmark::State& state) {
  const int saved = cv::getNumThreads();
  cv::setNumThreads(1);
  BM_EdgeDetectOpenCvUsual(state);
  cv::setNumThreads(saved);
}

BENCHMARK(BM_EdgeDetectCpu)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EdgeDetectOpenCvUsual)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EdgeDetectOpenCvExactReference)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EdgeDetectCpu1Thread)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EdgeDetectOpenCvUsual1Thread)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
