#!/usr/bin/env python3
"""gen_catalogue.py — adds a deterministic plugin catalogue of N listings to a site folder.

    bench/catalogue/gen_catalogue.py --listings N --site DIR [--seed S] [--no-reviews]

DIR must hold a site-config.yaml (for example one written by bench/gen_site.py); a
`catalogue:` block is appended to it, and plugins-index/ (listings and icons) and reviews/
are (re)written. Same arguments, same bytes: every random choice comes from per-listing
random.Random instances of which only .random() is used, as in bench/gen_site.py.

Every field of the listing schema is used, with skewed, realistic distributions:
  - 14 categories, Zipf-weighted (the largest about 8x the smallest); 90 tags, Zipf-weighted,
    1-6 per listing; 1,500 authors (a few prolific), 1-3 per listing, most with GitHub handles
  - 1-14 versions per listing, newest first by release date; ranges in every supported form
    (^, ~, >= <, 1.x, *, ||) over 8 host versions; about 8 % with a pre-release on top;
    downloads and SHA-256 on about 60 % of releases
  - SPDX licences (MIT and Apache-2.0 most common; OR/AND expressions and LicenseRef on some)
  - 6 % official, 22 % verified, 3 % deprecated, 2 % archived; release dates spread over six
    years so about a fifth end up stale against the bench's reference date (2025-06-01)
  - icons: 45 % local SVGs (24 shared files), 15 % https URLs, the rest none; screenshots on 20 %
  - descriptions of 0.6-3 KB of Markdown (headings, lists, code, links); 55 % of listings
    have no review, the rest 1-12 (ratings skewed towards 4-5)
  - stars and downloads log-normally spread (a few very popular listings)
"""

import argparse
import math
import os
import random
import shutil

CATEGORIES = [
    ("languages", "Languages", "Frontends for another programming language."),
    ("rule-packs", "Rule packs", "Sets of rules for security, performance and style."),
    ("integrations", "Integrations", "Editors, CI systems, code review and chat."),
    ("reporters", "Reporters", "Output formats for dashboards, CI and people."),
    ("fixers", "Fixers", "Plugins that change code to resolve findings."),
    ("tooling", "Tooling", "Tools for rule authors and for running at scale."),
    ("security", "Security", "Secrets, supply chain and vulnerability checks."),
    ("frameworks", "Frameworks", "Rules and models for web and application frameworks."),
    ("infrastructure", "Infrastructure", "Infrastructure as code and container files."),
    ("data", "Data", "SQL, notebooks and data pipeline checks."),
    ("testing", "Testing", "Test quality, coverage and flaky test detection."),
    ("documentation", "Documentation", "Docs, comments and API reference checks."),
    ("mobile", "Mobile", "Android and iOS projects."),
    ("themes", "Themes", "Looks for the report viewer and the editor panels."),
]
HOSTS = ["1.0", "1.2", "1.4", "2.0", "2.1", "2.3", "3.0", "3.1"]
TAGS = """
python rust go java kotlin typescript javascript ruby php csharp cpp swift scala elixir haskell
sql yaml json toml docker kubernetes terraform helm ansible aws gcp azure github gitlab jenkins
vscode vim emacs jetbrains slack teams jira sarif junit html markdown csv grafana prometheus
security secrets crypto licensing supply-chain sbom cve performance memory concurrency async
style naming formatting imports dead-code complexity duplication accessibility i18n react vue
angular django rails spring flask express nextjs android ios flutter testing coverage flaky
mutation docs comments api openapi graphql grpc protobuf notebook spark airflow dbt migration
""".split()
LICENSES = [
    ("MIT", 34), ("Apache-2.0", 24), ("MIT OR Apache-2.0", 8), ("BSD-3-Clause", 6),
    ("GPL-3.0-or-later", 4), ("MPL-2.0", 4), ("ISC", 3), ("BSD-2-Clause", 2),
    ("LGPL-2.1-or-later", 2), ("AGPL-3.0-only", 2), ("Unlicense", 1), ("0BSD", 1),
    ("EPL-2.0", 1), ("Zlib", 1), ("BSL-1.0", 1), ("CC0-1.0", 1),
    ("Apache-2.0 AND MIT", 1), ("LicenseRef-Vendor-Commercial OR AGPL-3.0-or-later", 1),
]
FIRST = """Ada Alan Amara Ana Anil Aroha Ben Bruno Carmen Chen Dara Dmitri Eun-ji Fatima Gus Hana
Ivo Jun Kai Lena Leila Marco Mei Nadia Noor Omar Pat Priya Ravi Rosa Sami Sofia Tariq Tom Uma
Vera Wen Yara Zoe""".split()
LAST = """Okafor Quill Ruiz Volkov Park Petrov Tanaka Rahman Sato Lindqvist Novak Haddad Silva
Kowalski Nguyen Mensah Costa Fischer Moreau Ivanova Kaur Osei Takahashi Rossi Berg Dubois Ali
Schmidt Jensen Lopez""".split()
ADJ = """fast strict tiny smart quiet bright solid swift clean deep open plain safe lean bold
clear prime sharp true keen""".split()
NOUN = """lint guard check scan probe lens sieve hawk scout sentry radar pilot forge bridge
relay beacon atlas compass prism anchor harbor ledger""".split()
WORDS = """the rules findings every project code file files build report reports checks
configuration baseline editor pipeline review reviews teams language languages analysis
incremental fast precise source positions module modules support supports with without for
and or of in on a an to from each new old large small repository repositories dashboards
warnings errors fixes suggestions rule sets patterns imports calls types values tests data""".split()

REFERENCE = (2025, 6, 1)


class Rng:
    """Only .random() of random.Random, whose sequence Python keeps across versions."""

    def __init__(self, *seed):
        self.r = random.Random("/".join(str(s) for s in seed))

    def random(self):
        return self.r.random()

    def below(self, n):
        return min(int(self.r.random() * n), n - 1)

    def between(self, lo, hi):
        return lo + self.below(hi - lo + 1)

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def zipf(self, n, s=1.0):
        """Index in [0, n) with weight 1/(i+1)^s."""
        weights = ZIPF.setdefault((n, s), [1 / (i + 1) ** s for i in range(n)])
        x = self.r.random() * sum(weights)
        for i, w in enumerate(weights):
            x -= w
            if x < 0:
                return i
        return n - 1

    def weighted(self, pairs):
        total = sum(w for _, w in pairs)
        x = self.r.random() * total
        for v, w in pairs:
            x -= w
            if x < 0:
                return v
        return pairs[-1][0]

    def lognormal(self, mu, sigma):
        # Box-Muller from two .random() draws.
        u1, u2 = max(self.r.random(), 1e-12), self.r.random()
        return math.exp(mu + sigma * math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2))


ZIPF = {}


def day_number(y, m, d):
    """Days since 1970-01-01 (proleptic Gregorian)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def ymd(days):
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return f"{y + (m <= 2):04d}-{m:02d}-{d:02d}"


START = day_number(2019, 1, 1)
END = day_number(*REFERENCE) - 1


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sentence(rng, lo, hi):
    words = [rng.pick(WORDS) for _ in range(rng.between(lo, hi))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def hex64(rng):
    return "".join("0123456789abcdef"[rng.below(16)] for _ in range(64))


def compat_range(rng, major):
    """A range over the host versions in one of the supported forms."""
    form = rng.below(8)
    if major == 1:
        return rng.pick(["^1.0", ">=1.2 <2", "~1.4", "1.x", "^1.2"]) if form else "*"
    if major == 2:
        return rng.pick(["^2.0", "^2.1", ">=2.0 <3", "~2.3", "2.x", "^1.4 || ^2.0"])
    return rng.pick(["^3.0", "^2.3 || ^3.0", ">=3.0", "3.x", "~3.1"])


def listing(i, seed, names_seen):
    rng = Rng(seed, "listing", i)
    cat = CATEGORIES[rng.zipf(len(CATEGORIES), 0.8)][0]
    # A unique name: two words and a qualifier, numbered when already taken.
    base = f"{rng.pick(ADJ).capitalize()} {rng.pick(NOUN)} for {rng.pick(TAGS)}"
    name, n = base, 2
    while name.lower() in names_seen:
        name, n = f"{base} {n}", n + 1
    names_seen.add(name.lower())
    pid = f"p{i:05d}-" + "-".join(base.lower().split()[:2])
    ntags = 1 + min(rng.zipf(6, 1.2), 5)
    tags = []
    while len(tags) < ntags:
        t = TAGS[rng.zipf(len(TAGS), 0.9)]
        if t not in tags:
            tags.append(t)
    out = [f"# Generated by bench/catalogue/gen_catalogue.py (listing {i}).", f"name: {q(name)}"]
    out.append(f"summary: {q(sentence(rng, 8, 18)[:139])}")
    if rng.chance(0.9):
        out.append("description: |")
        for s in range(rng.between(1, 4)):
            out.append(f"  ## {sentence(rng, 2, 4)[:-1]}")
            out.append("")
            out.append("  " + " ".join(sentence(rng, 8, 20) for _ in range(rng.between(2, 5))) +
                       f" See [the guide](https://docs.example.org/{pid}/{s}) or `lumen {rng.pick(WORDS)}`.")
            out.append("")
            if rng.chance(0.5):
                for _ in range(rng.between(2, 4)):
                    out.append(f"  - {sentence(rng, 3, 9)}")
                out.append("")
            if rng.chance(0.3):
                out += ["  ```toml", "  [plugins]", f'  enable = ["{pid}"]', "  ```", ""]
        while out[-1] == "":
            out.pop()
    out.append(f"category: {cat}")
    out.append("tags: [" + ", ".join(tags) + "]")
    out.append("authors:")
    picked = []
    for _ in range(1 + min(rng.zipf(3, 1.5), 2)):
        a = rng.zipf(1500, 0.7)
        if a in picked:
            continue
        picked.append(a)
        aname = f"{FIRST[a % len(FIRST)]} {LAST[(a // len(FIRST)) % len(LAST)]}"
        out.append(f"  - name: {q(aname)}")
        if a % 5:
            out.append(f"    github: dev-{a:04d}")
        if a % 3 == 0:
            out.append(f"    url: https://people.example.org/{a}/")
    out.append(f"repository: https://git.example.org/plugins/{pid}")
    if rng.chance(0.5):
        out.append(f"homepage: https://plugins.example.org/{pid}/")
    if rng.chance(0.4):
        out.append(f"documentation: https://docs.example.org/{pid}/")
    out.append(f"license: {q(rng.weighted(LICENSES))}")
    status = rng.weighted([("active", 95), ("deprecated", 3), ("archived", 2)])
    if status != "active" or rng.chance(0.05):
        out.append(f"status: {status}")
    if rng.chance(0.06):
        out.append("official: true")
    if rng.chance(0.22):
        out.append("verified: true")
    elif rng.chance(0.05):
        out.append("verified: false")
    if rng.chance(0.9):
        out.append("install:")
        if rng.chance(0.9):
            out.append(f"  package: lumen-{pid}")
        out.append(f"  command: lumen plugin add lumen-{pid}")
    r = rng.random()
    if r < 0.45:
        out.append(f"icon: icons/icon-{rng.below(24):02d}.svg")
    elif r < 0.60:
        out.append(f"icon: https://cdn.example.org/icons/{pid}.png")
    if rng.chance(0.2):
        out.append("screenshots:")
        for s in range(rng.between(1, 4)):
            out.append(f"  - https://cdn.example.org/shots/{pid}-{s}.png")
    # Releases: the first some time after the start, then gaps of 20-400 days.
    first = START + rng.below(END - START - 30)
    out.append(f"added: {ymd(first)}")
    out.append("versions:")
    nver = 1 + min(rng.zipf(14, 0.9), 13)
    day, major, minor, patch = first, rng.weighted([(1, 5), (2, 4), (0, 1)]), 0, 0
    major = max(major, 1)
    releases = []
    for v in range(nver):
        if v:
            day += rng.between(20, 400)
            if day > END:
                break
            r = rng.random()
            if r < 0.12 and major < 3:
                major, minor, patch = major + 1, 0, 0
            elif r < 0.5:
                minor, patch = minor + 1, 0
            else:
                patch += 1
        releases.append((f"{major}.{minor}.{patch}", day, major))
    if rng.chance(0.08) and releases[-1][1] + 30 < END:
        v, d, m = releases[-1]
        releases.append((f"{m + 1}.0.0-beta.{rng.between(1, 4)}", d + 30, m + 1))
    for version, d, m in reversed(releases):
        out.append(f"  - version: {version}")
        out.append(f"    released: {ymd(d)}")
        out.append(f"    compatible: {q(compat_range(rng, m))}")
        if rng.chance(0.6):
            out.append(f"    download: https://downloads.example.org/{pid}/{version}.tar.gz")
            out.append(f"    sha256: {hex64(rng)}")
    if rng.chance(0.85):
        stars = int(rng.lognormal(4, 1.6))
        out.append("stats:")
        out.append(f"  stars: {stars}")
        out.append(f"  downloads: {int(stars * rng.lognormal(3.5, 0.8))}")
    reviews = []
    if rng.chance(0.45):
        for k in range(1 + min(rng.zipf(12, 1.1), 11)):
            rating = rng.weighted([(5, 45), (4, 30), (3, 13), (2, 7), (1, 5)])
            d = min(END, releases[0][1] + rng.between(5, 900))
            text = ["---", f"author: {q(FIRST[rng.below(len(FIRST))] + ' ' + LAST[rng.below(len(LAST))][0] + '.')}",
                    f"rating: {rating}", f"date: {ymd(d)}"]
            if rng.chance(0.6):
                text.append(f"title: {q(sentence(rng, 2, 6)[:-1])}")
            text += ["---", "", " ".join(sentence(rng, 6, 18) for _ in range(rng.between(1, 4))), ""]
            reviews.append((f"review-{k:02d}.md", "\n".join(text)))
    return pid, "\n".join(out) + "\n", reviews


ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" '
        'rx="12" fill="#{c}"/><text x="32" y="41" font-size="26" text-anchor="middle" fill="#fff" '
        'font-family="sans-serif">{n}</text></svg>\n')


def config_block():
    lines = ["", "# Added by bench/catalogue/gen_catalogue.py", "catalogue:", "  categories:"]
    for cid, title, desc in CATEGORIES:
        lines += [f"    - id: {cid}", f"      title: {title}", f"      description: {q(desc)}"]
    lines.append("  stale_after_months: 18")
    lines.append("  host_versions: [" + ", ".join(q(h) for h in HOSTS) + "]")
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description="Add a deterministic plugin catalogue to a site.")
    ap.add_argument("--listings", type=int, default=5000)
    ap.add_argument("--site", required=True, help="site folder with a site-config.yaml")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-reviews", action="store_true",
                    help="write the same listings without reviews/ (to price a listing alone)")
    args = ap.parse_args(argv)
    cfg = os.path.join(args.site, "site-config.yaml")
    with open(cfg, encoding="utf-8") as f:
        text = f.read()
    marker = "\n# Added by bench/catalogue/gen_catalogue.py"
    if marker in text:
        text = text[: text.index(marker)]
    with open(cfg, "w", encoding="utf-8", newline="\n") as f:
        f.write(text.rstrip("\n") + "\n" + config_block())
    index = os.path.join(args.site, "plugins-index")
    reviews_dir = os.path.join(args.site, "reviews")
    for d in (index, reviews_dir):
        if os.path.isdir(d):
            shutil.rmtree(d)
    os.makedirs(os.path.join(index, "icons"))
    for k in range(24):
        with open(os.path.join(index, "icons", f"icon-{k:02d}.svg"), "w", encoding="utf-8") as f:
            f.write(ICON.format(c=f"{(k * 2654435761) & 0x7f7f7f:06x}", n=chr(65 + k)))
    names, total, nreviews = set(), 0, 0
    for i in range(args.listings):
        pid, body, reviews = listing(i, args.seed, names)
        with open(os.path.join(index, pid + ".yaml"), "w", encoding="utf-8", newline="\n") as f:
            f.write(body)
        total += len(body)
        if reviews and not args.no_reviews:
            os.makedirs(os.path.join(reviews_dir, pid))
            for fname, rtext in reviews:
                with open(os.path.join(reviews_dir, pid, fname), "w", encoding="utf-8", newline="\n") as f:
                    f.write(rtext)
                nreviews += 1
    print(f"gen_catalogue: {args.listings} listings ({total / 1e6:.1f} MB of YAML), "
          f"{nreviews} reviews, {len(CATEGORIES)} categories in {args.site}")


if __name__ == "__main__":
    main()
