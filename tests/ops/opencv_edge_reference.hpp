// The edge-detect pipeline built from OpenCV primitives with the same fixed-point parameters
// (cv::cvtColor's RGBA2GRAY uses different weights and rounding, so it is not used here).
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "xdna/ops/image.hpp"
#include "xdna/ops/vision.hpp"

namespace ref {

inline cv::Mat as_mat(const xdna::ops::ImageRgba& img) {
  return cv::Mat(static_cast<int>(img.height), static_cast<int>(img.width), CV_8UC4,
                 const_cast<std::uint8_t*>(img.pixels.data()))
      .clone();
}

inline cv::Mat opencv_edge_detect(const cv::Mat& rgba, const xdna::ops::EdgeDetectParams& p) {
  // gray = (9798 R + 19235 G + 3736 B + 2^14) >> 15, in 32-bit integers.
  cv::Mat ch[4];
  cv::split(rgba, ch);
  cv::Mat r, g, b;
  ch[0].convertTo(r, CV_32S);
  ch[1].convertTo(g, CV_32S);
  ch[2].convertTo(b, CV_32S);
  cv::Mat sum = r * 9798 + g * 19235 + b * 3736 + 16384;
  // floor(sum / 2^15): scale by 2^-15 and subtract (2^15 - 1) / 2^16, then round to nearest.
  // Every step is exact in float (sum < 2^24) and the fraction is never exactly 1/2.
  cv::Mat gray;
  sum.convertTo(gray, CV_8U, 1.0 / 32768.0, -32767.0 / 65536.0);
  // filter2d: taps (q12 >> 8) and the >> 4 shift are the float kernel q12 / 4096 when, as for
  // the §6 Laplacian, every sum is a multiple of 16; saturate to u8; replicated borders.
  cv::Mat kernel(3, 3, CV_32F);
  for (int i = 0; i < 9; ++i) kernel.at<float>(i / 3, i % 3) = float(p.kernel_q12[i] >> 8) / 16.0f;
  cv::Mat lap;
  cv::filter2D(gray, lap, CV_8U, kernel, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
  cv::Mat edge;
  cv::threshold(lap, edge, p.threshold, p.max_value, cv::THRESH_BINARY);
  cv::Mat edge4;
  cv::cvtColor(edge, edge4, cv::COLOR_GRAY2RGBA);
  cv::Mat out;
  cv::addWeighted(rgba, p.alpha_q14 / 16384.0, edge4, p.beta_q14 / 16384.0, p.gamma, out);
  return out;
}

}  // namespace ref
