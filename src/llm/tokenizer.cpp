#include "xdna/llm/tokenizer.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "xdna/common/error.hpp"

namespace xdna::llm {

namespace {
constexpr int kBos = 1;
constexpr int kByteTokenBase = 3;  // <0x00> is token 3 in llama2.c vocabularies
}  // namespace

Tokenizer Tokenizer::load(const std::filesystem::path& path, int vocab_size) {
  const std::string source = path.string();
  // Only regular files: a directory opens as a stream on Linux and fails inside the read with a
  // message naming neither file nor problem; /dev/zero would be read forever, a pipe blocks.
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw InputError(source +
                     ": is not a regular file (a directory, device or pipe), not a llama2.c "
                     "tokenizer file (tokenizer.bin)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(source + ": cannot open tokenizer (" + std::strerror(errno) + ")");
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
  std::size_t offset = 0;
  auto take = [&](void* dst, std::size_t n, const std::string& field) {
    if (n > bytes.size() - offset) {
      throw InputError(source + ": " + field + " at byte " + std::to_string(offset) + " needs " +
                       std::to_string(n) + " bytes, " + std::to_string(bytes.size() - offset) +
                       " remain (truncated, or the tokenizer has fewer tokens than the model's "
                       "vocab_size " +
                       std::to_string(vocab_size) + ")");
    }
    std::memcpy(dst, bytes.data() + offset, n);
    offset += n;
  };
  Tokenizer t;
  std::int32_t max_len = 0;
  take(&max_len, 4, "max_token_length");
  if (max_len <= 0 || max_len > (1 << 16)) {
    throw InputError(source + ": max_token_length at byte 0 is " + std::to_string(max_len) +
                     ": must be in [1, 65536]");
  }
  t.max_token_length_ = max_len;
  for (int i = 0; i < vocab_size; ++i) {
    const std::string field = "token " + std::to_string(i);
    float score = 0;
    std::int32_t len = 0;
    take(&score, 4, field + " score");
    const std::size_t len_offset = offset;
    take(&len, 4, field + " length");
    if (len < 0 || len > max_len) {
      throw InputError(source + ": " + field + " length at byte " + std::to_string(len_offset) +
                       " is " + std::to_string(len) + ", outside [0, max_token_length " +
                       std::to_string(max_len) + "]");
    }
    std::string piece(static_cast<std::size_t>(len), '\0');
    take(piece.data(), piece.size(), field + " bytes");
    t.lookup_.emplace(piece, i);
    t.pieces_.push_back(std::move(piece));
    t.scores_.push_back(score);
  }
  if (offset != bytes.size()) {
    throw InputError(source + ": " + std::to_string(bytes.size() - offset) +
                     " bytes remain after " + std::to_string(vocab_size) +
                     " tokens: the tokenizer's vocabulary is larger than the model's vocab_size " +
                     std::to_string(vocab_size) + " (tokenizer and model do not match)");
  }
  return t;
}

std::vector<int> Tokenizer::encode(std::string_view text, bool bos) const {
  std::vector<int> ids;
  if (bos) ids.push_back(kBos);
  if (text.empty()) return ids;
  // llama2.c (like sentencepiece) prefixes a space to non-empty text.
  if (auto it = lookup_.find(" "); it != lookup_.end()) ids.push_back(it->second);
  for (std::size_t i = 0; i < text.size();) {
    // One UTF-8 code point: a lead byte and its continuation bytes (at most 4 in total).
    std::size_t n = 1;
    while (i + n < text.size() && n < 4 &&
           (static_cast<unsigned char>(text[i + n]) & 0xc0) == 0x80) {
      ++n;
    }
    const std::string cp(text.substr(i, n));
    if (auto it = lookup_.find(cp); it != lookup_.end()) {
      ids.push_back(it->second);
    } else {
      for (char ch : cp) {
        const int id = static_cast<unsigned char>(ch) + kByteTokenBase;
        if (id >= vocab_size()) {
          throw InputError("tokenizer: byte fallback token " + std::to_string(id) +
                           " is outside the vocabulary");
        }
        ids.push_back(id);
      }
    }
    i += n;
  }
  const std::size_t first = bos ? 1 : 0;
  for (;;) {
    float best = -1e30f;
    int best_id = -1;
    std::size_t best_at = 0;
    for (std::size_t i = first; i + 1 < ids.size(); ++i) {
      const auto it = lookup_.find(pieces_[ids[i]] + pieces_[ids[i + 1]]);
      if (it != lookup_.end() && scores_[it->second] > best) {
        best = scores_[it->second];
        best_id = it->second;
        best_at = i;
      }
    }
    if (best_id < 0) break;
    ids[best_at] = best_id;
    ids.erase(ids.begin() + static_cast<std::ptrdiff_t>(best_at) + 1);
  }
  return ids;
}

std::string Tokenizer::decode(int previous, int token) const {
  if (token < 0 || token >= vocab_size()) {
    throw InputError("token " + std::to_string(token) + " is outside the tokenizer's vocabulary");
  }
  std::string piece = pieces_[token];
  if (previous == kBos && !piece.empty() && piece[0] == ' ') piece.erase(0, 1);
  unsigned byte = 0;
  if (piece.size() == 6 && std::sscanf(piece.c_str(), "<0x%02X>", &byte) == 1) {
    return std::string(1, static_cast<char>(byte));
  }
  return piece;
}

}  // namespace xdna::llm
