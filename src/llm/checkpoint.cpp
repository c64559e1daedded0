// Loader for llama2.c checkpoints: legacy v0 (7 int32 header, tensors interleaved with two legacy
// RoPE tables) and v1 (256-byte "ak42" header, norms first, no RoPE tables).
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>

#include "xdna/common/error.hpp"
#include "xdna/llm/model.hpp"
#include "xdna/prune/sparse_gemv.hpp"

namespace xdna::llm {

namespace {

constexpr std::uint32_t kMagic = 0x616b3432u;  // "ak42" read as little-endian uint32
constexpr std::uint64_t kV1HeaderBytes = 256;

// Upper bounds that no real llama2.c model reaches; anything above is a corrupt header, and
// rejecting it early keeps the size arithmetic far from overflow.
constexpr int kMaxDim = 1 << 16;
constexpr int kMaxHidden = 1 << 18;
constexpr int kMaxLayers = 1 << 10;
constexpr int kMaxVocab = 1 << 22;
constexpr int kMaxSeq = 1 << 20;

std::string where(const std::string& source, const char* field, std::uint64_t offset) {
  return source + ": field '" + field + "' at byte " + std::to_string(offset);
}

void check_range(const std::string& source, const char* field, std::uint64_t offset, int value,
                 int max) {
  if (value <= 0) {
    throw InputError(where(source, field, offset) + " is " + std::to_string(value) +
                     ": must be positive");
  }
  if (value > max) {
    throw InputError(where(source, field, offset) + " is " + std::to_string(value) +
                     ", absurdly large (limit " + std::to_string(max) +
                     "): not a llama2.c fp32 checkpoint, or a corrupt header");
  }
}

// Number of floats the checkpoint body holds after the header.
std::uint64_t body_floats(const Config& c) {
  const std::uint64_t d = c.dim, h = c.hidden_dim, l = c.n_layers, v = c.vocab_size;
  const std::uint64_t kv = static_cast<std::uint64_t>(c.kv_dim());
  std::uint64_t n = v * d;               // embedding
  n += l * d * 2 + d;                    // rms_att, rms_ffn, rms_final
  n += l * (d * d * 2 + d * kv * 2);     // wq, wo, wk, wv
  n += l * d * h * 3;                    // w1, w2, w3
  if (!c.shared_classifier) n += v * d;  // classifier
  if (c.version == 0) {
    n += static_cast<std::uint64_t>(c.seq_len) * static_cast<std::uint64_t>(c.head_size());
  }  // two RoPE tables of seq_len * head_size / 2
  return n;
}

class Reader {
 public:
  Reader(const std::filesystem::path& path, std::uint64_t size)
      : in_(path, std::ios::binary), source_(path.string()), size_(size) {
    if (!in_) throw InputError(source_ + ": cannot open for reading");
  }
  std::uint64_t offset() const { return offset_; }

  void read(void* dst, std::uint64_t bytes, const char* field) {
    if (bytes > size_ - offset_) {
      throw InputError(where(source_, field, offset_) + ": needs " + std::to_string(bytes) +
                       " bytes but only " + std::to_string(size_ - offset_) +
                       " remain (truncated file)");
    }
    in_.read(static_cast<char*>(dst), static_cast<std::streamsize>(bytes));
    if (!in_) throw InputError(where(source_, field, offset_) + ": read failed");
    offset_ += bytes;
  }
  std::vector<float> floats(std::uint64_t count, const char* field) {
    std::vector<float> v(count);
    read(v.data(), count * sizeof(float), field);
    return v;
  }
  void skip(std::uint64_t bytes, const char* field) {
    if (bytes > size_ - offset_) {
      throw InputError(where(source_, field, offset_) + ": truncated file");
    }
    in_.seekg(static_cast<std::streamoff>(bytes), std::ios::cur);
    offset_ += bytes;
  }

 private:
  std::ifstream in_;
  std::string source_;
  std::uint64_t size_;
  std::uint64_t offset_ = 0;
};

std::int32_t le_int(const unsigned char* p) {
  std::uint32_t u = static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
                    static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
  return static_cast<std::int32_t>(u);
}

// Reads `layers` tensors of [out x in] and stores each transposed (channel-major).
void read_projection(Reader& r, Model& m, std::vector<float> LayerWeights::*member, int out, int in,
                     const char* field) {
  std::vector<float> buffer(static_cast<std::size_t>(out) * in);
  for (auto& layer : m.layers) {
    r.read(buffer.data(), buffer.size() * sizeof(float), field);
    auto& dst = layer.*member;
    dst.resize(buffer.size());
    prune::transpose(buffer.data(), out, in, dst.data());
  }
}

void read_norms(Reader& r, Model& m, std::vector<float> LayerWeights::*member, const char* field) {
  for (auto& layer : m.layers) layer.*member = r.floats(m.config.dim, field);
}

}  // namespace

void validate_config(const Config& c, const std::string& source) {
  // Offsets of the fields in a v0 header; v1 adds 8 bytes in front.
  const std::uint64_t base = c.version == 1 ? 8 : 0;
  check_range(source, "dim", base + 0, c.dim, kMaxDim);
  check_range(source, "hidden_dim", base + 4, c.hidden_dim, kMaxHidden);
  check_range(source, "n_layers", base + 8, c.n_layers, kMaxLayers);
  check_range(source, "n_heads", base + 12, c.n_heads, kMaxDim);
  check_range(source, "n_kv_heads", base + 16, c.n_kv_heads, kMaxDim);
  check_range(source, "vocab_size", base + 20, c.vocab_size, kMaxVocab);
  check_range(source, "seq_len", base + 24, c.seq_len, kMaxSeq);
  if (c.dim % c.n_heads != 0) {
    throw InputError(where(source, "n_heads", base + 12) + " = " + std::to_string(c.n_heads) +
                     " does not divide dim = " + std::to_string(c.dim));
  }
  if (c.n_kv_heads > c.n_heads || c.n_heads % c.n_kv_heads != 0) {
    throw InputError(where(source, "n_kv_heads", base + 16) + " = " + std::to_string(c.n_kv_heads) +
                     " must divide n_heads = " + std::to_string(c.n_heads));
  }
  if (c.head_size() % 2 != 0) {
    throw InputError(where(source, "n_heads", base + 12) + ": head size " +
                     std::to_string(c.head_size()) + " is odd; RoPE rotates pairs");
  }
}

Model load_checkpoint(const std::filesystem::path& path) {
  const std::string source = path.string();
  std::error_code ec;
  const auto file_size = std::filesystem::file_size(path, ec);
  if (ec) throw InputError(source + ": cannot read file size (" + ec.message() + ")");
  Reader r(path, file_size);

  Model m;
  Config& c = m.config;
  unsigned char head[28];
  r.read(head, 4, "magic or dim");
  std::uint64_t header_end = 28;
  if (static_cast<std::uint32_t>(le_int(head)) == kMagic) {
    unsigned char v1[kV1HeaderBytes];
    std::memcpy(v1, head, 4);
    r.read(v1 + 4, kV1HeaderBytes - 4, "v1 header (256 bytes)");
    c.version = le_int(v1 + 4);
    if (c.version != 1) {
      throw InputError(where(source, "version", 4) + " is " + std::to_string(c.version) +
                       ": only fp32 version 1 is supported (version 2 is int8-quantised)");
    }
    c.dim = le_int(v1 + 8);
    c.hidden_dim = le_int(v1 + 12);
    c.n_layers = le_int(v1 + 16);
    c.n_heads = le_int(v1 + 20);
    c.n_kv_heads = le_int(v1 + 24);
    c.vocab_size = le_int(v1 + 28);
    c.seq_len = le_int(v1 + 32);
    if (v1[36] > 1) {
      throw InputError(where(source, "shared_classifier", 36) + " is " + std::to_string(v1[36]) +
                       ": must be 0 or 1");
    }
    c.shared_classifier = v1[36] == 1;
    header_end = kV1HeaderBytes;
  } else {
    r.read(head + 4, 24, "v0 header (7 int32)");
    c.version = 0;
    c.dim = le_int(head);
    c.hidden_dim = le_int(head + 4);
    c.n_layers = le_int(head + 8);
    c.n_heads = le_int(head + 12);
    c.n_kv_heads = le_int(head + 16);
    const std::int32_t vocab = le_int(head + 20);
    // A negative vocab_size flags a separate classifier; INT32_MIN has no positive counterpart.
    c.shared_classifier = vocab > 0;
    c.vocab_size = vocab == std::numeric_limits<std::int32_t>::min() ? 0 : std::abs(vocab);
    c.seq_len = le_int(head + 24);
  }
  validate_config(c, source);

  const std::uint64_t expected = header_end + body_floats(c) * sizeof(float);
  if (expected != file_size) {
    std::string hint = expected > file_size ? " (truncated file?)" : " (trailing bytes";
    if (expected < file_size) {
      hint +=
          c.shared_classifier ? "; a separate classifier would need a negative vocab_size)" : ")";
    }
    throw InputError(source + ": header (v" + std::to_string(c.version) + ", dim " +
                     std::to_string(c.dim) + ", hidden_dim " + std::to_string(c.hidden_dim) +
                     ", n_layers " + std::to_string(c.n_layers) + ", vocab_size " +
                     std::to_string(c.vocab_size) + ") implies " + std::to_string(expected) +
                     " bytes but the file has " + std::to_string(file_size) + hint);
  }

  const int d = c.dim, h = c.hidden_dim, kv = c.kv_dim();
  const std::uint64_t vd = static_cast<std::uint64_t>(c.vocab_size) * d;
  m.layers.resize(c.n_layers);
  if (c.version == 0) {
    m.token_embedding = r.floats(vd, "token_embedding");
    read_norms(r, m, &LayerWeights::rms_att, "rms_att");
    read_projection(r, m, &LayerWeights::wq, d, d, "wq");
    read_projection(r, m, &LayerWeights::wk, kv, d, "wk");
    read_projection(r, m, &LayerWeights::wv, kv, d, "wv");
    read_projection(r, m, &LayerWeights::wo, d, d, "wo");
    read_norms(r, m, &LayerWeights::rms_ffn, "rms_ffn");
    read_projection(r, m, &LayerWeights::w1, h, d, "w1");
    read_projection(r, m, &LayerWeights::w2, d, h, "w2");
    read_projection(r, m, &LayerWeights::w3, h, d, "w3");
    m.rms_final = r.floats(d, "rms_final");
    r.skip(static_cast<std::uint64_t>(c.seq_len) * c.head_size() * sizeof(float),
           "freq_cis (legacy RoPE tables)");
  } else {
    read_norms(r, m, &LayerWeights::rms_att, "rms_att");
    read_norms(r, m, &LayerWeights::rms_ffn, "rms_ffn");
    m.rms_final = r.floats(d, "rms_final");
    m.token_embedding = r.floats(vd, "token_embedding");
    read_projection(r, m, &LayerWeights::wq, d, d, "wq");
    read_projection(r, m, &LayerWeights::wk, kv, d, "wk");
    read_projection(r, m, &LayerWeights::wv, kv, d, "wv");
    read_projection(r, m, &LayerWeights::wo, d, d, "wo");
    read_projection(r, m, &LayerWeights::w1, h, d, "w1");
    read_projection(r, m, &LayerWeights::w2, d, h, "w2");
    read_projection(r, m, &LayerWeights::w3, h, d, "w3");
  }
  if (!c.shared_classifier) m.classifier = r.floats(vd, "classifier");
  return m;
}

}  // namespace xdna::llm
