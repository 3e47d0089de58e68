#include <catch2/catch.hpp>

#include "search/stemmer.h"
#include "search/tokenizer.h"

using namespace agora;

namespace {

/// "word@position" for every word of `text`.
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  tokenize(text, 0, [&](std::string_view w, uint32_t pos, size_t, size_t, bool) {
    out.push_back(std::string(w) + "@" + std::to_string(pos));
  });
  return out;
}

}  // namespace

TEST_CASE("tokenize splits ASCII on anything but letters and digits", "[search]") {
  using V = std::vector<std::string>;
  CHECK(words_of("Hello, World!") == V{"hello@0", "world@1"});
  CHECK(words_of("max_connections=42; v1.4.22") ==
        V{"max@0", "connections@1", "42@2", "v1@3", "4@4", "22@5"});
  CHECK(words_of("  ") == V{});
  CHECK(words_of("CamelCase") == V{"camelcase@0"});
}

TEST_CASE("tokenize skips single letters but keeps their positions", "[search]") {
  using V = std::vector<std::string>;
  // "don't" is "don" + "t"; the lone letters still take a position, so phrases line up.
  CHECK(words_of("don't panic") == V{"don@0", "panic@2"});
  CHECK(words_of("a b c 7") == V{"7@3"});
}

TEST_CASE("tokenize lowercases Unicode and keeps accents until folding", "[search]") {
  using V = std::vector<std::string>;
  CHECK(words_of("Ärger ÉCOLE İstanbul Σοφία") == V{"ärger@0", "école@1", "istanbul@2", "σοφία@3"});
  // A combining accent stays in its word.
  CHECK(words_of("cafe\xCC\x81 ok") == V{"cafe\xCC\x81@0", "ok@1"});
}

TEST_CASE("fold_accents maps Latin letters with diacritics to ASCII", "[search]") {
  CHECK(fold_accents("école") == "ecole");
  CHECK(fold_accents("straße") == "strasse");
  CHECK(fold_accents("ærø") == "aero");
  CHECK(fold_accents("łódź") == "lodz");
  CHECK(fold_accents("thuật") == "thuat");  // Vietnamese, Latin Extended Additional
  CHECK(fold_accents("cafe\xCC\x81") == "cafe");  // combining acute dropped
  CHECK(fold_accents("σοφία") == "σοφία");  // other scripts unchanged
  CHECK(fold_is_identity("plain ascii"));
  CHECK_FALSE(fold_is_identity("é"));
}

TEST_CASE("tokenize indexes CJK runs as overlapping bigrams", "[search]") {
  using V = std::vector<std::string>;
  CHECK(words_of("東京都") == V{"東京@0", "京都@1"});
  CHECK(words_of("検索 a 日") == V{"検索@0", "日@2"});  // a lone character is kept
  CHECK(words_of("agoraは静的サイト") == V{"agora@0", "は静@1", "静的@2", "的サ@3", "サイ@4", "イト@5"});
  CHECK(words_of("한국어 검색") == V{"한국@0", "국어@1", "검색@2"});
  CHECK(words_of("東京、大阪") == V{"東京@0", "大阪@1"});  // ideographic comma separates
}

TEST_CASE("tokenize reports byte offsets of each word", "[search]") {
  std::string text = "Say héllo";
  std::vector<std::pair<size_t, size_t>> spans;
  tokenize(text, 0, [&](std::string_view, uint32_t, size_t b, size_t e, bool) { spans.push_back({b, e}); });
  REQUIRE(spans.size() == 2);
  CHECK(text.substr(spans[1].first, spans[1].second - spans[1].first) == "héllo");
}

TEST_CASE("tokenize survives invalid UTF-8", "[search]") {
  using V = std::vector<std::string>;
  CHECK(words_of("ab\xff" "cd") == V{"ab@0", "cd@1"});
  CHECK(words_of("\xe2\x82") == V{});
}

TEST_CASE("stemmer_name_for_language resolves codes, names and regions", "[search]") {
  CHECK(stemmer_name_for_language("en") == "english");
  CHECK(stemmer_name_for_language("en-GB") == "english");
  CHECK(stemmer_name_for_language("pt_BR") == "portuguese");
  CHECK(stemmer_name_for_language("German") == "german");
  CHECK(stemmer_name_for_language("nb") == "norwegian");
  CHECK(stemmer_name_for_language("zz") == "none");
  CHECK(stemmer_name_for_language("") == "none");
  CHECK(stemmer_name_for_language("ja") == "none");
}

TEST_CASE("Stemmer stems per language and caches", "[search]") {
  Stemmer en("english");
  CHECK(en.stem("running") == "run");
  CHECK(en.stem("runs") == "run");
  CHECK(en.stem("connections") == "connect");
  CHECK(en.stem("running") == "run");  // from the cache
  CHECK(en.stem("2024") == "2024");
  Stemmer fr(stemmer_name_for_language("fr"));
  CHECK(fr.stem("continuellement") == "continuel");
  CHECK(fr.stem("chevaux") == "cheval");
  Stemmer de(stemmer_name_for_language("de"));
  CHECK(de.stem("häuser") == "haus");
  CHECK(de.stem("katzen") == "katz");
  Stemmer none("none");
  CHECK(none.is_none());
  CHECK(none.stem("running") == "running");
}
