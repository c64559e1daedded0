// Tokenizer files: loading, vocabulary mismatch detection, BPE encode and decode.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "raw_model.hpp"
#include "xdna/common/error.hpp"
#include "xdna/llm/tokenizer.hpp"

namespace xdna::llm {
namespace {

// Vocabulary: 0 <unk>, 1 <s>, 2 </s>, 3..258 byte tokens <0x00>..<0xFF>, then pieces.
std::vector<std::pair<std::string, float>> vocabulary() {
  std::vector<std::pair<std::string, float>> v{{"<unk>", 0}, {"<s>", 0}, {"</s>", 0}};
  for (int b = 0; b < 256; ++b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "<0x%02X>", b);
    v.emplace_back(buf, 0);
  }
  for (const char* s : {" ", "a", "b", "c", "ab", " ab", "abc", " abc"}) v.emplace_back(s, 0);
  v[259 + 4].second = 1;  // "ab"
  v[259 + 5].second = 2;  // " ab"
  v[259 + 6].second = 3;  // "abc"
  v[259 + 7].second = 4;  // " abc"
  return v;
}

void write_tokenizer(const std::filesystem::path& p,
                     const std::vector<std::pair<std::string, float>>& v,
                     std::int32_t max_len = 8) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(&max_len), 4);
  for (const auto& [piece, score] : v) {
    const auto len = static_cast<std::int32_t>(piece.size());
    out.write(reinterpret_cast<const char*>(&score), 4);
    out.write(reinterpret_cast<const char*>(&len), 4);
    out.write(piece.data(), len);
  }
}

std::string error_of(const std::filesystem::path& p, int vocab) {
  try {
    Tokenizer::load(p, vocab);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Tokenizer, EncodeMergesByScoreAndDecodes) {
  const auto p = testing::temp_path("tok_ok.bin");
  const auto v = vocabulary();
  write_tokenizer(p, v);
  const Tokenizer t = Tokenizer::load(p, static_cast<int>(v.size()));
  // " abc" (id 266) wins over the pairwise merges; "c" stays alone after "ab".
  EXPECT_EQ(t.encode("abc", true), (std::vector<int>{1, 266}));
  EXPECT_EQ(t.encode("abcc", false), (std::vector<int>{266, 262}));
  // Unknown bytes fall back to <0xNN> tokens at 3 + byte.
  EXPECT_EQ(t.encode("z", false), (std::vector<int>{259, 3 + 'z'}));
  EXPECT_EQ(t.decode(1, 264), "ab");  // leading space stripped after BOS
  EXPECT_EQ(t.decode(5, 264), " ab");
  EXPECT_EQ(t.decode(5, 3 + 'z'), "z");
}

TEST(Tokenizer, VocabularyMismatchIsDetected) {
  const auto p = testing::temp_path("tok_mismatch.bin");
  const auto v = vocabulary();
  write_tokenizer(p, v);
  const int n = static_cast<int>(v.size());
  const std::string fewer = error_of(p, n + 1);
  EXPECT_NE(fewer.find("fewer tokens"), std::string::npos) << fewer;
  EXPECT_NE(fewer.find("tok_mismatch.bin"), std::string::npos) << fewer;
  const std::string more = error_of(p, n - 1);
  EXPECT_NE(more.find("larger than the model's vocab_size"), std::string::npos) << more;
}

// A directory opens as a stream on Linux; the loader must name it, not fail inside the read.
TEST(Tokenizer, DirectoryIsRejectedByName) {
  const auto dir = testing::temp_path("tok_dir");
  std::filesystem::create_directories(dir);
  const std::string e = error_of(dir, 4);
  EXPECT_NE(e.find("is not a regular file"), std::string::npos) << e;
}

TEST(Tokenizer, BadLengthsAreRejected) {
  const auto p = testing::temp_path("tok_bad.bin");
  auto v = vocabulary();
  write_tokenizer(p, v, /*max_len=*/0);
  EXPECT_NE(error_of(p, static_cast<int>(v.size())).find("max_token_length"), std::string::npos);
  // A piece longer than max_token_length.
  v[3].first = "0123456789";
  write_tokenizer(p, v, 8);
  const std::string e = error_of(p, static_cast<int>(v.size()));
  EXPECT_NE(e.find("token 3 length"), std::string::npos) << e;
  // A negative length field.
  write_tokenizer(p, vocabulary(), 8);
  {
    std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4 + 4);  // token 0's length
    const std::int32_t neg = -3;
    f.write(reinterpret_cast<const char*>(&neg), 4);
  }
  EXPECT_NE(error_of(p, static_cast<int>(v.size())).find("is -3"), std::string::npos);
}

}  // namespace
}  // namespace xdna::llm
