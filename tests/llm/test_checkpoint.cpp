// Loader tests: stories260K's header, v0/v1 round trips against a test-side writer, and bad
// input (truncated, absurd, negative, inconsistent headers).
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "raw_model.hpp"
#include "xdna/common/error.hpp"
#include "xdna/llm/model.hpp"
#include "xdna/llm/transformer.hpp"

namespace xdna::llm {
namespace {

using testing::RawModel;

const std::filesystem::path kStories =
    std::filesystem::path(XDNA_SHARED_DATA_DIR) / "stories260K.bin";

std::vector<char> slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
void spit(const std::filesystem::path& p, const std::vector<char>& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}
void poke_int(std::vector<char>& bytes, std::size_t offset, std::int32_t v) {
  std::memcpy(bytes.data() + offset, &v, 4);
}

// Expects InputError whose message contains every fragment.
void expect_input_error(const std::filesystem::path& p,
                        std::initializer_list<const char*> fragments) {
  try {
    load_checkpoint(p);
    FAIL() << "no error for " << p;
  } catch (const InputError& e) {
    for (const char* f : fragments) {
      EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what() << " lacks " << f;
    }
  }
}

TEST(Checkpoint, Stories260KHeader) {
  const Model m = load_checkpoint(kStories);
  const Config& c = m.config;
  EXPECT_EQ(c.version, 0);
  EXPECT_EQ(c.dim, 64);
  EXPECT_EQ(c.hidden_dim, 172);
  EXPECT_EQ(c.n_layers, 5);
  EXPECT_EQ(c.n_heads, 8);
  EXPECT_EQ(c.n_kv_heads, 4);
  EXPECT_EQ(c.vocab_size, 512);
  EXPECT_EQ(c.seq_len, 512);
  EXPECT_TRUE(c.shared_classifier);
  EXPECT_EQ(c.kv_dim(), 32);
}

TEST(Checkpoint, V0AndV1LoadTheSameWeightsInChannelMajorLayout) {
  for (bool shared : {true, false}) {
    const RawModel raw = testing::make_raw(16, 24, 2, 4, 2, 32, 16, shared, 7);
    const auto p0 = testing::temp_path(std::string("rt_v0_") + (shared ? "s" : "c") + ".bin");
    const auto p1 = testing::temp_path(std::string("rt_v1_") + (shared ? "s" : "c") + ".bin");
    testing::write_v0(p0, raw);
    testing::write_v1(p1, raw);
    const Model a = load_checkpoint(p0), b = load_checkpoint(p1);
    EXPECT_EQ(a.config.version, 0);
    EXPECT_EQ(b.config.version, 1);
    for (const Model* m : {&a, &b}) {
      EXPECT_EQ(m->config.shared_classifier, shared);
      EXPECT_EQ(m->config.vocab_size, 32);
      // wq of layer 1: file [out x in] at (o, i) must land at channel-major (i, o).
      for (int o = 0; o < 16; ++o) {
        for (int i = 0; i < 16; ++i) {
          ASSERT_EQ(m->layers[1].wq[i * 16 + o], raw.wq[256 + o * 16 + i]);
        }
      }
      // w2 of layer 0: [dim x hidden] in the file -> [hidden x dim].
      for (int o = 0; o < 16; ++o) {
        for (int i = 0; i < 24; ++i) ASSERT_EQ(m->layers[0].w2[i * 16 + o], raw.w2[o * 24 + i]);
      }
      EXPECT_EQ(m->rms_final, raw.rms_final);
      EXPECT_EQ(m->layers[1].rms_ffn,
                std::vector<float>(raw.rms_ffn.begin() + 16, raw.rms_ffn.end()));
      if (!shared) {
        EXPECT_EQ(m->classifier, raw.cls);
      }
    }
    // Same weights, same logits, bit for bit.
    Transformer ta(a, {}), tb(b, {});
    for (int pos = 0; pos < 8; ++pos) {
      const auto la = ta.forward(pos % 32, pos);
      const std::vector<float> copy(la.begin(), la.end());
      const auto lb = tb.forward(pos % 32, pos);
      ASSERT_EQ(0, std::memcmp(copy.data(), lb.data(), copy.size() * 4));
    }
  }
}

TEST(Checkpoint, TruncatedFileNamesTheFile) {
  auto bytes = slurp(kStories);
  const auto p = testing::temp_path("truncated.bin");
  bytes.resize(bytes.size() - 1);
  spit(p, bytes);
  expect_input_error(p, {"truncated.bin", "1056540", "1056539", "truncated"});
  bytes.resize(20);  // inside the header
  spit(p, bytes);
  expect_input_error(p, {"truncated.bin", "v0 header", "truncated"});
  spit(p, {});
  expect_input_error(p, {"truncated.bin"});
}

TEST(Checkpoint, TrailingBytesAreInconsistent) {
  auto bytes = slurp(kStories);
  bytes.resize(bytes.size() + 8, 0);
  const auto p = testing::temp_path("trailing.bin");
  spit(p, bytes);
  expect_input_error(p, {"trailing.bin", "implies 1056540 bytes", "1056548"});
}

TEST(Checkpoint, AbsurdAndNegativeHeaderValues) {
  const auto original = slurp(kStories);
  const auto p = testing::temp_path("bad_header.bin");
  struct Case {
    std::size_t offset;
    std::int32_t value;
    const char* field;
  };
  for (const Case& c :
       {Case{0, 1 << 30, "'dim'"}, Case{0, -64, "'dim'"}, Case{4, 0, "'hidden_dim'"},
        Case{8, -5, "'n_layers'"}, Case{8, 1 << 20, "'n_layers'"}, Case{12, 7, "'n_heads'"},
        Case{16, 3, "'n_kv_heads'"}, Case{16, 16, "'n_kv_heads'"},
        Case{20, INT32_MIN, "'vocab_size'"}, Case{24, -1, "'seq_len'"},
        Case{24, 1 << 30, "'seq_len'"}}) {
    auto bytes = original;
    poke_int(bytes, c.offset, c.value);
    spit(p, bytes);
    SCOPED_TRACE(c.field);
    expect_input_error(p, {"bad_header.bin", c.field});
  }
}

TEST(Checkpoint, NegativeVocabMeansSeparateClassifierAndTheSizeMustFollow) {
  auto bytes = slurp(kStories);
  poke_int(bytes, 20, -512);  // claims a separate classifier the file does not contain
  const auto p = testing::temp_path("neg_vocab.bin");
  spit(p, bytes);
  expect_input_error(p, {"neg_vocab.bin", "implies", "truncated"});
}

TEST(Checkpoint, V1HeaderChecks) {
  const RawModel raw = testing::make_raw(16, 24, 1, 4, 4, 32, 8, true, 3);
  const auto p = testing::temp_path("v1_bad.bin");
  testing::write_v1(p, raw);
  auto bytes = slurp(p);
  auto v2 = bytes;
  poke_int(v2, 4, 2);
  spit(p, v2);
  expect_input_error(p, {"v1_bad.bin", "'version'", "2"});
  auto flag = bytes;
  flag[36] = 5;
  spit(p, flag);
  expect_input_error(p, {"v1_bad.bin", "shared_classifier"});
  auto short_header = bytes;
  short_header.resize(100);
  spit(p, short_header);
  expect_input_error(p, {"v1_bad.bin", "v1 header", "truncated"});
  auto dims = bytes;
  poke_int(dims, 8, -16);
  spit(p, dims);
  expect_input_error(p, {"v1_bad.bin", "'dim' at byte 8"});
}

TEST(Checkpoint, MissingFile) {
  expect_input_error(testing::temp_path("does_not_exist.bin"), {"does_not_exist.bin"});
}

}  // namespace
}  // namespace xdna::llm
