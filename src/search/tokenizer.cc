#include "search/tokenizer.h"

#include <xapian.h>

namespace agora {

namespace {

// Accent folding of U+00C0–U+024F and U+1E00–U+1EFF, one character per code point: a
// lowercase ASCII letter replaces the code point, '.' keeps it, and the capitals stand for two
// letters (A = "ae", O = "oe", S = "ss", T = "th", I = "ij"). Generated from the Unicode
// character names and canonical decompositions; search-core.js holds the same two strings
// (tests/search compares them).
constexpr std::string_view kFoldLatin =
    "aaaaaaAceeeeiiiidnooooo.ouuuuyTSaaaaaaAceeeeiiiidnooooo.ouuuuyTy"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiIIjjkkklllllll"
    "lllnnnnnn...ooooooOOrrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"
    "bbbb...cc.ddd....ffg...ikkl..nnooo..pp.....ttttuu.vyyzz........."
    ".....d..l..n.aaiioouuuuuuuuuu.aaaa..ggggkkoooo..j.d.gg..nnaa..oo"
    "aaaaeeeeiiiioooorrrruuuusstt..hhnd..zzaaeeooooooooyylntj..acclts"
    "z..b..eejj.qrryy";
constexpr std::string_view kFoldLatinAdditional =
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
    "wwwwwwwwwwxxxxyyzzzzzzhtwya...S.aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy....yy";
static_assert(kFoldLatin.size() == 0x250 - 0xC0);
static_assert(kFoldLatinAdditional.size() == 0x100);

/// The folding code for a code point, or 0 when it is kept as is.
char fold_code(char32_t cp) {
  char f = 0;
  if (cp >= 0xC0 && cp < 0x250) f = kFoldLatin[cp - 0xC0];
  else if (cp >= 0x1E00 && cp < 0x1F00) f = kFoldLatinAdditional[cp - 0x1E00];
  return f == '.' ? 0 : f;
}

bool is_combining_diacritic(char32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

bool in_cjk_block(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x2FDF) ||
         (cp >= 0x3040 && cp <= 0x318F) || (cp >= 0x31F0 && cp <= 0x31FF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
         (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F) ||
         (cp >= 0x20000 && cp <= 0x3134F);
}

}  // namespace

CharClass char_class(char32_t cp) {
  if (cp < 0x80) {
    return tokenizer_detail::ascii_class(static_cast<unsigned char>(cp)) ? CharClass::Word
                                                                         : CharClass::Separator;
  }
  using namespace Xapian::Unicode;
  constexpr unsigned kWord = (1u << UPPERCASE_LETTER) | (1u << LOWERCASE_LETTER) |
                             (1u << TITLECASE_LETTER) | (1u << MODIFIER_LETTER) |
                             (1u << OTHER_LETTER) | (1u << DECIMAL_DIGIT_NUMBER) |
                             (1u << LETTER_NUMBER) | (1u << OTHER_NUMBER);
  constexpr unsigned kMark =
      (1u << NON_SPACING_MARK) | (1u << ENCLOSING_MARK) | (1u << COMBINING_SPACING_MARK);
  unsigned bit = 1u << get_category(static_cast<unsigned>(cp));
  if (!((kWord | kMark) & bit)) return CharClass::Separator;
  if (in_cjk_block(cp)) return CharClass::Cjk;
  return (kWord & bit) ? CharClass::Word : CharClass::Mark;
}

char32_t lower_char(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  if (cp == 0x130) return 'i';  // İ: its full lowercase is two code points; fold to "i"
  return Xapian::Unicode::tolower(static_cast<unsigned>(cp));
}

bool fold_is_identity(std::string_view lower) {
  for (size_t i = 0; i < lower.size();) {
    if (static_cast<unsigned char>(lower[i]) < 0x80) { ++i; continue; }
    char32_t cp = decode_utf8(lower, i);
    if (is_combining_diacritic(cp) || fold_code(cp)) return false;
  }
  return true;
}

void append_folded(std::string& out, std::string_view lower) {
  for (size_t i = 0; i < lower.size();) {
    if (static_cast<unsigned char>(lower[i]) < 0x80) { out += lower[i++]; continue; }
    size_t start = i;
    char32_t cp = decode_utf8(lower, i);
    if (is_combining_diacritic(cp)) continue;
    switch (char f = fold_code(cp)) {
      case 0: out.append(lower.substr(start, i - start)); break;
      case 'A': out += "ae"; break;
      case 'O': out += "oe"; break;
      case 'S': out += "ss"; break;
      case 'T': out += "th"; break;
      case 'I': out += "ij"; break;
      default: out += f;
    }
  }
}

std::string fold_accents(std::string_view lower) {
  std::string out;
  out.reserve(lower.size());
  append_folded(out, lower);
  return out;
}

}  // namespace agora
