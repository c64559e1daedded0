#include "llama2c_reference.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace xdna::llm::reference {

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// out[i] = sum_j W[i][j] x[j] for W stored [rows x cols] row-major in floats (the file's layout).
void matvec(const float* w, int rows, int cols, const std::vector<double>& x,
            std::vector<double>& out) {
  out.assign(rows, 0.0);
  for (int i = 0; i < rows; ++i) {
    double acc = 0;
    for (int j = 0; j < cols; ++j) acc += static_cast<double>(w[std::size_t(i) * cols + j]) * x[j];
    out[i] = acc;
  }
}

std::vector<double> rms_normalise(const std::vector<double>& x, const float* weight) {
  double mean_square = 0;
  for (double v : x) mean_square += v * v;
  mean_square /= static_cast<double>(x.size());
  const double inv = 1.0 / std::sqrt(mean_square + 1e-5);
  std::vector<double> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = weight[i] * x[i] * inv;
  return out;
}

// Rotates each head's pairs by pos * 10000^(-2k/head_size), k = pair index within the head.
void rotate(std::vector<double>& v, int head_size, int pos, bool rotate_half) {
  const int heads = static_cast<int>(v.size()) / head_size;
  for (int h = 0; h < heads; ++h) {
    double* head = v.data() + std::size_t(h) * head_size;
    for (int k = 0; k < head_size / 2; ++k) {
      const double angle = pos * std::pow(10000.0, -2.0 * k / head_size);
      const int a = rotate_half ? k : 2 * k;
      const int b = rotate_half ? k + head_size / 2 : 2 * k + 1;
      const double x0 = head[a], x1 = head[b];
      head[a] = x0 * std::cos(angle) - x1 * std::sin(angle);
      head[b] = x0 * std::sin(angle) + x1 * std::cos(angle);
    }
  }
}

}  // namespace

Llama2cFile read_llama2c_v0(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) throw std::runtime_error(path + ": cannot open");
  std::int32_t header[7];
  if (std::fread(header, 4, 7, file.get()) != 7) throw std::runtime_error(path + ": short header");
  Llama2cFile f;
  f.dim = header[0];
  f.hidden = header[1];
  f.layers = header[2];
  f.heads = header[3];
  f.kv_heads = header[4];
  f.shared_classifier = header[5] > 0;
  f.vocab = std::abs(header[5]);
  f.seq_len = header[6];
  std::fseek(file.get(), 0, SEEK_END);
  const long bytes = std::ftell(file.get());
  std::fseek(file.get(), 28, SEEK_SET);
  f.body.resize(static_cast<std::size_t>(bytes - 28) / 4);
  if (std::fread(f.body.data(), 4, f.body.size(), file.get()) != f.body.size()) {
    throw std::runtime_error(path + ": short body");
  }

  // Walk the tensors in file order (FACTS §8 / run.c checkpoint_init_weights).
  const std::size_t d = f.dim, h = f.hidden, l = f.layers, v = f.vocab;
  const std::size_t kv = d / f.heads * f.kv_heads;
  std::size_t at = 0;
  auto take = [&](std::size_t count) {
    const std::size_t start = at;
    at += count;
    return start;
  };
  f.embedding = take(v * d);
  f.rms_att = take(l * d);
  f.wq = take(l * d * d);
  f.wk = take(l * kv * d);
  f.wv = take(l * kv * d);
  f.wo = take(l * d * d);
  f.rms_ffn = take(l * d);
  f.w1 = take(l * h * d);
  f.w2 = take(l * d * h);
  f.w3 = take(l * h * d);
  f.rms_final = take(d);
  take(std::size_t(f.seq_len) * (d / f.heads));  // two legacy RoPE tables, unused
  f.classifier = f.shared_classifier ? f.embedding : take(v * d);
  if (at != f.body.size()) {
    throw std::runtime_error(path + ": tensors need " + std::to_string(at) + " floats, file has " +
                             std::to_string(f.body.size()));
  }
  return f;
}

ReferenceForward::ReferenceForward(const Llama2cFile& f, Variant v)
    : f_(f), variant_(v), keys_(f.layers), values_(f.layers) {}

std::vector<double> ReferenceForward::step(int token) {
  const int d = f_.dim, hid = f_.hidden, hs = f_.dim / f_.heads;
  const int kv = hs * f_.kv_heads;
  const float* w = f_.body.data();
  std::vector<double> x(d), q, k, v, att_out(d), proj, gate, up, ffn(hid);
  for (int i = 0; i < d; ++i) x[i] = w[f_.embedding + std::size_t(token) * d + i];

  for (int l = 0; l < f_.layers; ++l) {
    auto xn = rms_normalise(x, w + f_.rms_att + std::size_t(l) * d);
    matvec(w + f_.wq + std::size_t(l) * d * d, d, d, xn, q);
    matvec(w + f_.wk + std::size_t(l) * kv * d, kv, d, xn, k);
    matvec(w + f_.wv + std::size_t(l) * kv * d, kv, d, xn, v);
    const bool half = variant_ == Variant::rope_rotate_half;
    rotate(q, hs, pos_, half);
    rotate(k, hs, pos_, half);
    keys_[l].insert(keys_[l].end(), k.begin(), k.end());
    values_[l].insert(values_[l].end(), v.begin(), v.end());

    const int positions = pos_ + 1;
    for (int head = 0; head < f_.heads; ++head) {
      const int kv_head = variant_ == Variant::kv_head_modulo ? head % f_.kv_heads
                                                              : head / (f_.heads / f_.kv_heads);
      std::vector<double> score(positions);
      double peak = -1e300;
      for (int t = 0; t < positions; ++t) {
        double dot = 0;
        for (int i = 0; i < hs; ++i) {
          dot += q[std::size_t(head) * hs + i] * keys_[l][std::size_t(t) * kv + kv_head * hs + i];
        }
        score[t] = dot / std::sqrt(static_cast<double>(hs));
        peak = std::max(peak, score[t]);
      }
      double total = 0;
      for (double& s : score) total += (s = std::exp(s - peak));
      for (int i = 0; i < hs; ++i) {
        double acc = 0;
        for (int t = 0; t < positions; ++t) {
          acc += score[t] / total * values_[l][std::size_t(t) * kv + kv_head * hs + i];
        }
        att_out[std::size_t(head) * hs + i] = acc;
      }
    }
    matvec(w + f_.wo + std::size_t(l) * d * d, d, d, att_out, proj);
    for (int i = 0; i < d; ++i) x[i] += proj[i];

    xn = rms_normalise(x, w + f_.rms_ffn + std::size_t(l) * d);
    matvec(w + f_.w1 + std::size_t(l) * hid * d, hid, d, xn, gate);
    matvec(w + f_.w3 + std::size_t(l) * hid * d, hid, d, xn, up);
    if (variant_ == Variant::gate_up_swapped) std::swap(gate, up);
    for (int i = 0; i < hid; ++i) ffn[i] = gate[i] / (1.0 + std::exp(-gate[i])) * up[i];
    matvec(w + f_.w2 + std::size_t(l) * d * hid, d, hid, ffn, proj);
    for (int i = 0; i < d; ++i) x[i] += proj[i];
  }
  ++pos_;
  const auto xn = rms_normalise(x, w + f_.rms_final);
  std::vector<double> logits;
  matvec(w + f_.classifier, f_.vocab, d, xn, logits);
  return logits;
}

}  // namespace xdna::llm::reference
