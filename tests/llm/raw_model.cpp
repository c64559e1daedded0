#include "raw_model.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>

namespace xdna::llm::testing {

namespace {

void put_floats(std::ofstream& out, const std::vector<float>& v) {
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * 4));
}
void put_int(std::ofstream& out, std::int32_t v) {
  out.write(reinterpret_cast<const char*>(&v), 4);
}

std::vector<float> take(std::ifstream& in, std::size_t n) {
  std::vector<float> v(n);
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * 4));
  if (!in) throw std::runtime_error("read_v0: short file");
  return v;
}

}  // namespace

RawModel make_raw(int dim, int hidden, int layers, int heads, int kv_heads, int vocab, int seq,
                  bool shared, std::uint64_t seed) {
  RawModel m{dim, hidden, layers, heads, kv_heads, vocab, seq, shared, {}, {},
             {},  {},     {},     {},    {},       {},    {},  {},     {}, {}};
  std::mt19937_64 gen(seed);
  std::normal_distribution<float> n01(0.0f, 1.0f);
  auto fill = [&](std::vector<float>& v, std::size_t count, float scale) {
    v.resize(count);
    for (auto& x : v) x = n01(gen) * scale;
  };
  const std::size_t d = dim, h = hidden, l = layers, kv = m.kv_dim(), voc = vocab;
  fill(m.emb, voc * d, 1.0f);
  fill(m.rms_att, l * d, 0.2f);
  for (auto& x : m.rms_att) x += 1.0f;
  fill(m.wq, l * d * d, 1.0f / std::sqrt(float(d)));
  fill(m.wk, l * kv * d, 1.0f / std::sqrt(float(d)));
  fill(m.wv, l * kv * d, 1.0f / std::sqrt(float(d)));
  fill(m.wo, l * d * d, 1.0f / std::sqrt(float(d)));
  fill(m.rms_ffn, l * d, 0.2f);
  for (auto& x : m.rms_ffn) x += 1.0f;
  fill(m.w1, l * h * d, 1.0f / std::sqrt(float(d)));
  fill(m.w2, l * d * h, 1.0f / std::sqrt(float(h)));
  fill(m.w3, l * h * d, 1.0f / std::sqrt(float(d)));
  fill(m.rms_final, d, 0.1f);
  for (auto& x : m.rms_final) x += 1.0f;
  if (!shared) fill(m.cls, voc * d, 0.5f);
  return m;
}

void write_v0(const std::filesystem::path& path, const RawModel& m) {
  std::ofstream out(path, std::ios::binary);
  for (int v :
       {m.dim, m.hidden, m.layers, m.heads, m.kv_heads, m.shared ? m.vocab : -m.vocab, m.seq}) {
    put_int(out, v);
  }
  for (const auto* t : {&m.emb, &m.rms_att, &m.wq, &m.wk, &m.wv, &m.wo, &m.rms_ffn, &m.w1, &m.w2,
                        &m.w3, &m.rms_final}) {
    put_floats(out, *t);
  }
  // Legacy RoPE tables: contents are ignored by readers; write a recognisable pattern.
  put_floats(out, std::vector<float>(static_cast<std::size_t>(m.seq) * m.head_size(), 7.0f));
  if (!m.shared) put_floats(out, m.cls);
}

void write_v1(const std::filesystem::path& path, const RawModel& m) {
  std::ofstream out(path, std::ios::binary);
  char header[256] = {};
  const std::uint32_t magic = 0x616b3432u;
  const std::int32_t fields[8] = {1,       m.dim,      m.hidden, m.layers,
                                  m.heads, m.kv_heads, m.vocab,  m.seq};
  std::memcpy(header, &magic, 4);
  std::memcpy(header + 4, fields, sizeof(fields));
  header[36] = m.shared ? 1 : 0;
  out.write(header, 256);
  for (const auto* t : {&m.rms_att, &m.rms_ffn, &m.rms_final, &m.emb, &m.wq, &m.wk, &m.wv, &m.wo,
                        &m.w1, &m.w2, &m.w3}) {
    put_floats(out, *t);
  }
  if (!m.shared) put_floats(out, m.cls);
}

RawModel read_v0(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::int32_t h[7];
  in.read(reinterpret_cast<char*>(h), sizeof(h));
  RawModel m{
      h[0], h[1], h[2], h[3], h[4], std::abs(h[5]), h[6], h[5] > 0, {}, {}, {}, {}, {}, {}, {},
      {},   {},   {},   {},   {}};
  const std::size_t d = m.dim, hd = m.hidden, l = m.layers, kv = m.kv_dim(), voc = m.vocab;
  m.emb = take(in, voc * d);
  m.rms_att = take(in, l * d);
  m.wq = take(in, l * d * d);
  m.wk = take(in, l * kv * d);
  m.wv = take(in, l * kv * d);
  m.wo = take(in, l * d * d);
  m.rms_ffn = take(in, l * d);
  m.w1 = take(in, l * hd * d);
  m.w2 = take(in, l * d * hd);
  m.w3 = take(in, l * hd * d);
  m.rms_final = take(in, d);
  take(in, static_cast<std::size_t>(m.seq) * m.head_size());
  if (!m.shared) m.cls = take(in, voc * d);
  return m;
}

std::vector<std::vector<double>> reference_logits(
    const RawModel& m, const std::vector<int>& tokens,
    const std::function<bool(std::size_t, std::size_t)>& visible,
    const std::function<int(std::size_t, std::size_t)>& rope_position) {
  const int d = m.dim, hd = m.hidden, kv = m.kv_dim(), hs = m.head_size();
  const int group = m.heads / m.kv_heads;
  auto matvec = [](const float* w, int out, int in, const std::vector<double>& x) {
    std::vector<double> y(out, 0.0);
    for (int o = 0; o < out; ++o) {
      for (int i = 0; i < in; ++i)
        y[o] += static_cast<double>(w[static_cast<std::size_t>(o) * in + i]) * x[i];
    }
    return y;
  };
  auto norm = [&](const std::vector<double>& x, const float* w) {
    double ss = 0;
    for (double v : x) ss += v * v;
    const double s = 1.0 / std::sqrt(ss / x.size() + 1e-5);
    std::vector<double> y(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = w[i] * s * x[i];
    return y;
  };
  auto rotate = [&](std::vector<double>& v, int pos) {
    for (std::size_t i = 0; i < v.size(); i += 2) {
      const double f = std::pow(10000.0, -static_cast<double>(i % hs) / hs);
      const double c = std::cos(pos * f), s = std::sin(pos * f);
      const double a = v[i], b = v[i + 1];
      v[i] = a * c - b * s;
      v[i + 1] = a * s + b * c;
    }
  };
  std::vector<std::vector<std::vector<double>>> keys(m.layers), values(m.layers);
  std::vector<std::vector<double>> all;
  for (std::size_t pos = 0; pos < tokens.size(); ++pos) {
    std::vector<double> x(m.emb.begin() + static_cast<std::ptrdiff_t>(tokens[pos]) * d,
                          m.emb.begin() + static_cast<std::ptrdiff_t>(tokens[pos] + 1) * d);
    for (int l = 0; l < m.layers; ++l) {
      auto xn = norm(x, m.rms_att.data() + l * d);
      auto q = matvec(m.wq.data() + static_cast<std::size_t>(l) * d * d, d, d, xn);
      auto k = matvec(m.wk.data() + static_cast<std::size_t>(l) * kv * d, kv, d, xn);
      auto v = matvec(m.wv.data() + static_cast<std::size_t>(l) * kv * d, kv, d, xn);
      std::vector<std::vector<double>> rotated_keys;  // used with rope_position only
      if (rope_position) {
        rotate(q, rope_position(pos, pos));
        keys[l].push_back(k);  // kept unrotated: the position depends on the query
        for (std::size_t t = 0; t <= pos; ++t) {
          rotated_keys.push_back(keys[l][t]);
          rotate(rotated_keys.back(), rope_position(pos, t));
        }
      } else {
        rotate(q, static_cast<int>(pos));
        rotate(k, static_cast<int>(pos));
        keys[l].push_back(k);
      }
      const auto& key_at = rope_position ? rotated_keys : keys[l];
      values[l].push_back(v);
      std::vector<double> att_out(d, 0.0);
      for (int h = 0; h < m.heads; ++h) {
        const int g = h / group;
        std::vector<double> s(pos + 1);
        double peak = -1e300;
        for (std::size_t t = 0; t <= pos; ++t) {
          double dot = 0;
          for (int i = 0; i < hs; ++i) dot += q[h * hs + i] * key_at[t][g * hs + i];
          s[t] = dot / std::sqrt(static_cast<double>(hs));
          peak = std::max(peak, s[t]);
        }
        double sum = 0;
        for (std::size_t t = 0; t <= pos; ++t) {
          s[t] = (!visible || visible(pos, t)) ? std::exp(s[t] - peak) : 0.0;
          sum += s[t];
        }
        for (std::size_t t = 0; t <= pos; ++t) {
          for (int i = 0; i < hs; ++i) att_out[h * hs + i] += s[t] / sum * values[l][t][g * hs + i];
        }
      }
      auto o = matvec(m.wo.data() + static_cast<std::size_t>(l) * d * d, d, d, att_out);
      for (int i = 0; i < d; ++i) x[i] += o[i];
      xn = norm(x, m.rms_ffn.data() + l * d);
      auto a = matvec(m.w1.data() + static_cast<std::size_t>(l) * hd * d, hd, d, xn);
      auto b = matvec(m.w3.data() + static_cast<std::size_t>(l) * hd * d, hd, d, xn);
      for (int i = 0; i < hd; ++i) a[i] = a[i] / (1.0 + std::exp(-a[i])) * b[i];
      auto down = matvec(m.w2.data() + static_cast<std::size_t>(l) * d * hd, d, hd, a);
      for (int i = 0; i < d; ++i) x[i] += down[i];
    }
    x = norm(x, m.rms_final.data());
    all.push_back(matvec(m.shared ? m.emb.data() : m.cls.data(), m.vocab, d, x));
  }
  return all;
}

std::filesystem::path temp_path(const std::string& name) {
  const auto dir = std::filesystem::path(XDNA_BINARY_DIR) / "tests" / "llm" / "tmp";
  std::filesystem::create_directories(dir);
  return dir / name;
}

}  // namespace xdna::llm::testing
