#include "search/stemmer.h"

#include <xapian.h>

#include "core/text.h"

namespace agora {

struct Stemmer::Impl {
  Xapian::Stem stem;
};

std::string stemmer_name_for_language(std::string_view language) {
  std::string lang = ascii_lower(trim(language));
  // "en-US", "pt_BR" → the primary subtag.
  if (size_t cut = lang.find_first_of("-_"); cut != std::string::npos && cut <= 3)
    lang.resize(cut);
  if (lang.empty() || lang == "none") return "none";
  try {
    Xapian::Stem s(lang);
    // get_description() is "Xapian::Stem(english)".
    std::string d = s.get_description();
    size_t open = d.find('('), close = d.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close <= open) return "none";
    return d.substr(open + 1, close - open - 1);
  } catch (const Xapian::Error&) {
    return "none";
  }
}

std::string available_stemmers() { return Xapian::Stem::get_available_languages(); }

Stemmer::Stemmer(const std::string& name) : impl_(std::make_unique<Impl>()) {
  try {
    impl_->stem = Xapian::Stem(name);
  } catch (const Xapian::Error&) {
    impl_->stem = Xapian::Stem();  // "none"
  }
}

Stemmer::~Stemmer() = default;
Stemmer::Stemmer(Stemmer&&) noexcept = default;
Stemmer& Stemmer::operator=(Stemmer&&) noexcept = default;

bool Stemmer::is_none() const { return impl_->stem.is_none(); }

std::string Stemmer::stem_uncached(std::string_view w) const {
  if (w.empty() || (w[0] >= '0' && w[0] <= '9') || impl_->stem.is_none()) return std::string(w);
  try {
    return impl_->stem(std::string(w));
  } catch (const Xapian::Error&) {
    return std::string(w);
  }
}

const std::string& Stemmer::stem(std::string_view w) {
  auto it = cache_.find(w);
  if (it != cache_.end()) return it->second;
  return cache_.emplace(std::string(w), stem_uncached(w)).first->second;
}

}  // namespace agora
