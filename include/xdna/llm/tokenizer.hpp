// llama2.c tokenizer files (FACTS §8): int32 max_token_length, then per token a float32 score,
// an int32 byte length and the bytes. Encoding is llama2.c's greedy BPE: start from single
// characters (unknown bytes fall back to the byte tokens <0x00>.. at ids 3..258), then merge the
// adjacent pair whose merged token has the highest score until no merge exists.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace xdna::llm {

class Tokenizer {
 public:
  // Reads exactly `vocab_size` tokens; a file with fewer or more is a vocabulary mismatch
  // (InputError naming the file, the token index and the byte offset).
  static Tokenizer load(const std::filesystem::path& path, int vocab_size);

  int vocab_size() const { return static_cast<int>(pieces_.size()); }
  const std::string& piece(int id) const { return pieces_.at(id); }

  // Text to ids; bos prepends token 1.
  std::vector<int> encode(std::string_view text, bool bos) const;

  // The text of `token` following `previous` (strips the space after BOS, decodes <0xNN>).
  std::string decode(int previous, int token) const;

 private:
  std::vector<std::string> pieces_;
  std::vector<float> scores_;
  std::unordered_map<std::string, int> lookup_;
  int max_token_length_ = 0;
};

}  // namespace xdna::llm
