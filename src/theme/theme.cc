#include "theme/theme.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <unordered_map>

#include "core/text.h"
#include "theme/template_engine.h"

namespace agora {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxTemplateBytes = size_t{1} << 20;  // 1 MiB
constexpr size_t kMaxAssetBytes = size_t{64} << 20;    // 64 MiB
constexpr std::string_view kExt = ".mustache";

/// One file of the merged theme: its text and the path diagnostics name.
struct SourceFile {
  std::string text;
  std::string display_path;
};

/// A Mustache tag found by scan_tags().
struct Tag {
  char kind = 'v';  ///< 'v' variable, '&' unescaped, '#', '^', '/', '>', '!', '='
  std::string name;
  size_t pos = 0;   ///< offset of the opening delimiter
};

/// A `{{> name}}` reference, and how many sections enclose it in its file.
struct PartialRef {
  std::string name;
  size_t pos = 0;  ///< offset of the tag's first byte
  size_t end = 0;  ///< offset just past the tag
  size_t section_depth = 0;
};

/// What scan_tags() learnt about a template.
struct ScanResult {
  std::vector<PartialRef> refs;
  bool sets_delimiters = false;  ///< has a {{=<% %>=}} tag
};

SourceLoc loc_at(const SourceFile& f, size_t offset) {
  LineCol lc = line_col_at(f.text, offset);
  return SourceLoc{f.display_path, lc.line, lc.col};
}

void report(Diagnostics& diags, const SourceFile& f, size_t offset, std::string message,
            std::string hint = {}) {
  diags.error(loc_at(f, offset), std::move(message), std::move(hint), f.text);
}

bool has_space(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

/// Walks the tags of a template the way the compiler does (same delimiters, same
/// set-delimiter rules) and reports structural mistakes with precise positions: unclosed tags,
/// sections closed in the wrong order or never closed, empty tags, names with spaces.
/// Returns the partial references it saw.
ScanResult scan_tags(const SourceFile& f, Diagnostics& diags) {
  ScanResult result;
  std::vector<PartialRef>& refs = result.refs;
  const std::string& s = f.text;
  std::string open = "{{", close = "}}";
  std::vector<Tag> sections;
  size_t i = 0;
  while ((i = s.find(open, i)) != std::string::npos) {
    const size_t start = i;
    size_t body = start + open.size();
    bool triple = open == "{{" && body < s.size() && s[body] == '{';
    const std::string end_delim = triple ? "}}}" : close;
    if (triple) ++body;
    size_t end = s.find(end_delim, body);
    if (end == std::string::npos) {
      report(diags, f, start, "unclosed tag: '" + open + "' has no matching '" + end_delim + "'");
      return result;
    }
    size_t first = s.find_first_not_of(" \t\r\n", body);
    size_t inner = first < end && s[first] == '!' ? std::string::npos : s.find(open, body);
    if (inner < end) {  // "{{title}</h1> {{/page}}": the first tag never closes
      report(diags, f, start, "tag '" + s.substr(start, std::min(inner, s.find('\n', start)) - start) +
                                  "' is not closed before the next '" + open + "'",
             "close it with '" + end_delim + "'");
      i = inner;
      continue;
    }
    i = end + end_delim.size();
    std::string_view contents = trim(std::string_view(s).substr(body, end - body));
    Tag tag;
    tag.pos = start;
    if (triple) {
      tag.kind = '&';
      tag.name = contents;
    } else if (contents.empty()) {
      report(diags, f, start, "empty tag '" + std::string(s, start, i - start) + "'");
      continue;
    } else if (contents.front() == '=') {
      // {{=<% %>=}}: two delimiters without spaces or '=' inside.
      std::string_view spec = contents.size() >= 2 && contents.back() == '='
                                  ? trim(contents.substr(1, contents.size() - 2)) : std::string_view();
      size_t sp = spec.find(' ');
      std::string_view a = sp == std::string_view::npos ? std::string_view() : spec.substr(0, sp);
      std::string_view b = sp == std::string_view::npos ? std::string_view() : trim(spec.substr(sp + 1));
      if (a.empty() || b.empty() || has_space(b) || a.find('=') != a.npos || b.find('=') != b.npos) {
        report(diags, f, start, "invalid set-delimiter tag", "write it like {{=<% %>=}}");
        return result;
      }
      result.sets_delimiters = true;
      open = a;
      close = b;
      continue;
    } else {
      switch (contents.front()) {
        case '#': case '^': case '/': case '>': case '&': case '!':
          tag.kind = contents.front();
          tag.name = trim(contents.substr(1));
          break;
        default:
          tag.kind = 'v';
          tag.name = contents;
      }
    }
    if (tag.kind == '!') continue;
    if (tag.name.empty()) {
      report(diags, f, start, "tag '" + std::string(s, start, i - start) + "' has no name");
      continue;
    }
    if (has_space(tag.name)) {
      report(diags, f, start, "tag name '" + tag.name + "' contains a space",
             "names are keys joined by dots, like page.title");
      continue;
    }
    switch (tag.kind) {
      case '#': case '^':
        sections.push_back(tag);
        break;
      case '/':
        if (sections.empty()) {
          report(diags, f, start, "'{{/" + tag.name + "}}' closes a section that was never opened");
        } else if (sections.back().name != tag.name) {
          const Tag& open_tag = sections.back();
          LineCol lc = line_col_at(s, open_tag.pos);
          report(diags, f, start,
                 "'{{/" + tag.name + "}}' closes section '" + open_tag.name + "' opened at line " +
                     std::to_string(lc.line) + ", column " + std::to_string(lc.col),
                 "close '" + open_tag.name + "' first with {{/" + open_tag.name + "}}");
          // Recover: drop the sections up to a matching one, if any.
          auto it = std::find_if(sections.rbegin(), sections.rend(),
                                 [&](const Tag& t) { return t.name == tag.name; });
          if (it != sections.rend()) sections.erase(std::prev(it.base()), sections.end());
        } else {
          sections.pop_back();
        }
        break;
      case '>':
        refs.push_back(PartialRef{tag.name, start, i, sections.size()});
        break;
      default:
        break;
    }
  }
  for (const Tag& t : sections)
    report(diags, f, t.pos, "section '" + t.name + "' is never closed",
           "add {{/" + t.name + "}} where it ends");
  return result;
}

/// Turns the compiler's "unclosed section 'x' at 123" into a diagnostic at that offset. Only
/// used when scan_tags() found nothing, which should not happen; kept so no error is ever lost.
void report_compile_error(Diagnostics& diags, const SourceFile& f, const std::string& msg) {
  size_t offset = 0;
  size_t at = msg.rfind(" at ");
  if (at != std::string::npos) {
    const char* b = msg.data() + at + 4;
    std::from_chars(b, msg.data() + msg.size(), offset);
  }
  std::string m = at == std::string::npos ? msg : msg.substr(0, at);
  if (!m.empty()) m[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(m[0])));
  report(diags, f, offset, m);
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::string s;
  in.seekg(0, std::ios::end);
  std::streamoff n = in.tellg();
  if (n < 0) return std::nullopt;
  s.resize(static_cast<size_t>(n));
  in.seekg(0, std::ios::beg);
  in.read(s.data(), n);
  if (!in) return std::nullopt;
  return s;
}

/// Adds every regular file under root/sub to `files` as "sub/rel/path", replacing entries with
/// the same key. Skips hidden files and folders, and symbolic links with a warning: a link in
/// a contributed layouts/ folder must not copy a file from elsewhere on the build machine.
void collect(const fs::path& root, const std::string& sub, std::map<std::string, SourceFile>& files,
             Diagnostics& diags) {
  std::error_code ec;
  fs::path dir = root / sub;
  if (!fs::is_directory(dir, ec)) return;
  std::vector<std::pair<std::string, fs::path>> found;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::string base = p.filename().string();
    std::error_code entry_ec;
    if (!base.empty() && base.front() == '.') {
      if (it->is_directory(entry_ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink(entry_ec)) {
      diags.warning(SourceLoc{p.generic_string(), 0, 0}, "ignored: symbolic link");
      continue;
    }
    if (!it->is_regular_file(entry_ec)) continue;
    found.emplace_back(sub + "/" + p.lexically_relative(dir).generic_string(), p);
  }
  if (ec) diags.error(SourceLoc{dir.generic_string(), 0, 0}, "cannot read folder: " + ec.message());
  std::sort(found.begin(), found.end());
  const bool is_static = sub == "static";
  for (auto& [rel, path] : found) {
    std::string shown = path.generic_string();
    std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > (is_static ? kMaxAssetBytes : kMaxTemplateBytes)) {
      diags.error(SourceLoc{shown, 0, 0}, "file is too large (" + std::to_string(size) + " bytes)",
                  is_static ? "static files are limited to 64 MiB" : "templates are limited to 1 MiB");
      continue;
    }
    auto text = read_file(path);
    if (!text) {
      diags.error(SourceLoc{shown, 0, 0}, "cannot read file");
      continue;
    }
    files[rel] = SourceFile{std::move(*text), std::move(shown)};
  }
}

/// `{{x}}` escaping: the same five entities as core's html_escape() (no &apos;, which
/// HTML4 lacks), appended straight to the output, copying runs of plain text at
/// once since it runs for every variable of every page.
void escape_html_into(std::string_view s, std::string& out) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* entity;
    switch (s[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&#39;"; break;
      default: continue;
    }
    out.append(s, run, i - run);
    out += entity;
    run = i + 1;
  }
  out.append(s, run);
}

/// True when `html` starts (after whitespace) with <!DOCTYPE: such a kind template renders a
/// whole document (the default redirect does) and is not wrapped in base.
bool is_whole_document(std::string_view html) {
  size_t i = html.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos) return false;
  return ascii_lower(html.substr(i, 9)) == "<!doctype";
}

}  // namespace

struct Theme::Impl {
  std::map<std::string, size_t, std::less<>> template_index;  ///< name → index in templates
  std::vector<CompiledTemplate> templates;                     ///< compiled once at load
  std::map<std::string, CompiledTemplate> partial_store;       ///< name → compiled partial
  PartialTable partials;                                       ///< name → &partial_store[name]
  std::vector<ThemeAsset> assets;

  const size_t* find(std::string_view name, std::string* error) const {
    auto it = template_index.find(name);
    if (it != template_index.end()) return &it->second;
    if (error) {
      std::vector<std::string> names;
      for (const auto& [n, i] : template_index) names.push_back(n);
      std::string hint = did_you_mean(name, names);
      *error = "no template '" + std::string(name) + "'" + (hint.empty() ? "" : ", " + hint);
    }
    return nullptr;
  }

  /// Validates and compiles the merged files ("templates/x.mustache", "static/y" → text).
  static std::unique_ptr<Impl> build(std::map<std::string, SourceFile>& files, Diagnostics& diags);

  /// nullopt (and *error set) when sections ran away.
  std::optional<std::string> render_data(size_t index, const Value& view, const Value* overlay,
                                         size_t size_hint, std::string* error) const {
    std::string out;
    out.reserve(size_hint);
    std::string problem;
    if (render_template(templates[index], partials, view, overlay, escape_html_into, &out, &problem))
      return out;
    if (error) {
      auto it = std::find_if(template_index.begin(), template_index.end(),
                             [&](const auto& e) { return e.second == index; });
      *error = "template '" + it->first + "': " + problem;
    }
    return std::nullopt;
  }
};

std::optional<Theme> Theme::load(const std::string& theme_dir, const std::string& override_dir,
                                 Diagnostics& diags) {
  std::error_code ec;
  if (!fs::is_directory(theme_dir, ec)) {
    diags.error(SourceLoc{theme_dir, 0, 0}, "theme folder not found");
    return std::nullopt;
  }
  size_t errors = diags.error_count();
  std::map<std::string, SourceFile> files;
  for (const char* sub : {"templates", "partials", "static"}) collect(theme_dir, sub, files, diags);
  if (!override_dir.empty()) {
    for (const char* sub : {"templates", "partials", "static"}) collect(override_dir, sub, files, diags);
    // Anything else in layouts/ is a file the site meant to be used and that would be ignored.
    std::vector<fs::path> stray;
    for (fs::directory_iterator it(override_dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::string base = it->path().filename().string();
      if (base != "templates" && base != "partials" && base != "static" && base.front() != '.')
        stray.push_back(it->path());
    }
    std::sort(stray.begin(), stray.end());
    for (const fs::path& p : stray) {
      std::string base = p.filename().string();
      diags.warning(SourceLoc{p.generic_string(), 0, 0}, "ignored: layouts/ only holds templates/, partials/ and static/",
                    ends_with(base, kExt) ? "to override a template, move it to " +
                                                (fs::path(override_dir) / "templates" / base).generic_string()
                                          : std::string());
    }
  }
  if (diags.error_count() > errors) return std::nullopt;
  auto impl = Impl::build(files, diags);
  if (!impl) return std::nullopt;
  return Theme(std::move(impl));
}

std::optional<Theme> Theme::from_files(const std::vector<std::pair<std::string, std::string>>& in,
                                       const std::string& origin, Diagnostics& diags) {
  std::map<std::string, SourceFile> files;
  for (const auto& [rel, text] : in)
    files[rel] = SourceFile{text, origin.empty() ? rel : origin + "/" + rel};
  auto impl = Impl::build(files, diags);
  if (!impl) return std::nullopt;
  return Theme(std::move(impl));
}

std::unique_ptr<Theme::Impl> Theme::Impl::build(std::map<std::string, SourceFile>& files,
                                               Diagnostics& diags) {
  const size_t errors_before = diags.error_count();
  auto impl = std::make_unique<Impl>();

  struct Unit {
    bool is_partial;
    std::string name;
    const SourceFile* file;
    ScanResult scan;
  };
  std::vector<Unit> units;
  for (auto& [rel, file] : files) {
    if (starts_with(rel, "static/")) {
      impl->assets.push_back(ThemeAsset{rel.substr(7), std::move(file.text)});
      continue;
    }
    bool is_partial = starts_with(rel, "partials/");
    if (!ends_with(rel, kExt)) {
      diags.warning(SourceLoc{file.display_path, 0, 0}, "ignored: not a .mustache file");
      continue;
    }
    std::string name = rel.substr(is_partial ? 9 : 10);
    name.resize(name.size() - kExt.size());
    if (auto bad = find_invalid_utf8(file.text)) {
      report(diags, file, *bad, "invalid UTF-8");
      continue;
    }
    ScanResult scan = scan_tags(file, diags);
    units.push_back(Unit{is_partial, std::move(name), &file, std::move(scan)});
  }

  std::map<std::string, const Unit*> partial_units;
  for (const Unit& u : units)
    if (u.is_partial) partial_units[u.name] = &u;
  std::vector<std::string> partial_names;
  for (const auto& [n, u] : partial_units) partial_names.push_back(n);

  // Every {{> name}} must exist.
  for (const Unit& u : units)
    for (const PartialRef& r : u.scan.refs)
      if (!partial_units.count(r.name)) {
        std::string hint = did_you_mean(r.name, partial_names);
        if (hint.empty()) hint = "partials live in partials/" + r.name + ".mustache";
        report(diags, *u.file, r.pos, "unknown partial '" + r.name + "'", hint);
      }

  // A cycle of partials that include each other outside any section never ends.
  std::map<std::string, int> state;  // 0 unvisited, 1 on the path, 2 done
  std::vector<std::string> path;
  std::function<void(const Unit&)> visit = [&](const Unit& u) {
    state[u.name] = 1;
    path.push_back(u.name);
    for (const PartialRef& r : u.scan.refs) {
      if (r.section_depth > 0) continue;
      auto it = partial_units.find(r.name);
      if (it == partial_units.end()) continue;
      int& st = state[r.name];
      if (st == 1) {
        std::string chain;
        auto from = std::find(path.begin(), path.end(), r.name);
        for (auto p = from; p != path.end(); ++p) chain += *p + " → ";
        chain += r.name;
        report(diags, *u.file, r.pos, "partial '" + r.name + "' includes itself outside any section (" +
                   chain + "), so rendering never ends",
               "put the recursive {{> " + r.name + "}} inside a section such as {{#children}}");
      } else if (st == 0) {
        visit(*it->second);
      }
    }
    path.pop_back();
    state[u.name] = 2;
  };
  for (const auto& [n, u] : partial_units)
    if (state[n] == 0) visit(*u);

  if (diags.error_count() > errors_before) return nullptr;

  // Compile every file once. scan_tags() already rejected what does not compile; reporting
  // here is a net so no error is ever lost.
  for (const Unit& u : units) {
    std::string problem;
    auto compiled = CompiledTemplate::compile(u.file->text, &problem);
    if (!compiled) {
      report_compile_error(diags, *u.file, problem);
      continue;
    }
    if (u.is_partial) {
      impl->partial_store.emplace(u.name, std::move(*compiled));
      continue;
    }
    impl->template_index.emplace(u.name, impl->templates.size());
    impl->templates.push_back(std::move(*compiled));
  }
  for (const auto& [name, t] : impl->partial_store) impl->partials.emplace(name, &t);
  if (diags.error_count() > errors_before) return nullptr;
  std::sort(impl->assets.begin(), impl->assets.end(),
            [](const ThemeAsset& a, const ThemeAsset& b) { return a.rel_path < b.rel_path; });
  return impl;
}

Theme::Theme(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Theme::Theme(Theme&&) noexcept = default;
Theme& Theme::operator=(Theme&&) noexcept = default;
Theme::~Theme() = default;

bool Theme::has_template(std::string_view name) const {
  return impl_->template_index.find(name) != impl_->template_index.end();
}

std::vector<std::string> Theme::template_names() const {
  std::vector<std::string> out;
  for (const auto& [n, i] : impl_->template_index) out.push_back(n);
  return out;
}

const std::vector<ThemeAsset>& Theme::assets() const { return impl_->assets; }

std::string Theme::render(std::string_view name, const Value& view, std::string* error) const {
  const size_t* index = impl_->find(name, error);
  if (!index) return {};
  return impl_->render_data(*index, view, nullptr, 16 * 1024, error).value_or(std::string());
}

std::string Theme::render_page(std::string_view name, const Value& view, std::string* error) const {
  const size_t* index = impl_->find(name, error);
  const size_t* base = index ? impl_->find("base", error) : nullptr;
  if (!base) return {};
  std::optional<std::string> main = impl_->render_data(*index, view, nullptr, 16 * 1024, error);
  if (!main) return {};
  if (is_whole_document(*main)) return std::move(*main);
  size_t hint = main->size() + 16 * 1024;
  Value overlay = Value::object();
  overlay["main"] = std::move(*main);
  return impl_->render_data(*base, view, &overlay, hint, error).value_or(std::string());
}

}  // namespace agora
