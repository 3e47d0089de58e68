#!/usr/bin/env python3
"""Generates the demo hub's plugin catalogue: plugins-index/*.yaml, their icons and
screenshots, and reviews/<plugin-id>/*.md.

Lumen and everything in its catalogue are FICTIONAL: the plugins, people, GitHub handles,
checksums and URLs (all under example.org) are made up to exercise every field of the listing
format. See README.md.

The output depends only on this file (no clock, no randomness), so running it twice gives the
same bytes. Run it from anywhere:

    python3 examples/demo-hub/generate.py
"""

import datetime
import hashlib
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------------
# People (fictional). name, url, github handle (all handles start with "demo-").

PEOPLE = {
    "core": ("Lumen core team", "https://lumen.example.org/team/", "demo-lumen-core"),
    "ada": ("Ada Quill", "https://ada.example.org/", "demo-ada-quill"),
    "bruno": ("Bruno Okafor", "", "demo-bruno-okafor"),
    "carmen": ("Carmen Ruiz", "https://carmen.example.org/", "demo-carmen-ruiz"),
    "dmitri": ("Dmitri Volkov", "", "demo-dvolkov"),
    "eunji": ("Eun-ji Park", "https://eunji.example.org/", "demo-eunji"),
    "farah": ("Farah Haddad", "", "demo-farah-h"),
    "gus": ("Gus Lindqvist", "", ""),
    "hana": ("Hana Sato", "https://hana.example.org/", "demo-hana-sato"),
    "ivo": ("Ivo Petrov", "", "demo-ivo-p"),
    "jun": ("Jun Tanaka", "", ""),
    "noor": ("Noor Rahman", "https://noor.example.org/", "demo-noor"),
}

# ---------------------------------------------------------------------------------------------
# Version histories. Each is a list of (version, released, compatible); the generator adds
# download URLs and checksums to some of them.

OLD = [  # last release in 2022: stale for any reference date after mid-2024
    ("0.9.0", "2021-05-10", "1.x"),
    ("1.0.0", "2021-11-02", "^1.0"),
    ("1.1.3", "2022-06-20", ">=1.0 <2"),
]
MID = [
    ("1.0.0", "2022-03-14", "^1.0"),
    ("1.4.0", "2022-10-01", "~1.4"),
    ("2.0.0", "2023-04-18", "^2.0"),
    ("2.1.1", "2024-04-02", ">=2.0 <3"),
]
QUIET = [  # no release since September 2023: stale for a reference date after March 2025
    ("1.0.0", "2022-08-14", "^1.0"),
    ("2.0.0", "2023-04-18", "^2.0"),
    ("2.0.1", "2023-09-05", ">=2.0 <3"),
]
RECENT = [
    ("2.0.0", "2023-06-01", "^2.0"),
    ("2.2.0", "2024-02-12", "^2.0"),
    ("2.5.1", "2024-11-20", "^2.3 || ^3.0"),
    ("3.0.0-beta.2", "2025-03-28", "^3.0"),
]
FRESH = [
    ("1.0.0", "2024-09-09", ">=2.3"),
    ("1.1.0", "2025-01-15", "2.3 - 3.0"),
    ("1.2.0", "2025-05-30", "*"),
]
LEGACY = [  # old major line kept alive next to the new one
    ("1.8.4", "2024-12-01", "1.4 - 1.x"),
    ("2.0.0", "2023-10-10", "^2.0"),
    ("2.3.2", "2025-02-14", "~2.3 || ^3.0"),
]

HISTORIES = {"old": OLD, "mid": MID, "quiet": QUIET, "recent": RECENT, "fresh": FRESH, "legacy": LEGACY}

# ---------------------------------------------------------------------------------------------
# The listings. Fields not given take defaults in listing_yaml().

PLUGINS = [
    # id, name, category, summary, tags, license, authors, history, extra
    ("lang-python", "Python frontend", "languages",
     "Parses Python 3.8 to 3.13, including type stubs, so every Lumen rule can run on Python code.",
     ["python", "parser"], "MIT", ["core"], "recent",
     dict(official=True, verified=True, icon="local", screenshots=["local", "remote"], stars=4210, downloads=812000)),
    ("lang-rust", "Rust frontend", "languages",
     "Reads Rust crates through their Cargo metadata and lowers them to Lumen's analysis model.",
     ["rust", "parser", "cargo"], "MIT OR Apache-2.0", ["core", "eunji"], "recent",
     dict(official=True, verified=True, icon="local", stars=2890, downloads=301000)),
    ("lang-go", "Go frontend", "languages",
     "Go modules and workspaces for Lumen, with build tags and generated code detection.",
     ["go", "parser"], "BSD-3-Clause", ["core"], "legacy",
     dict(official=True, verified=True, icon="local", stars=1720, downloads=190500)),
    ("lang-typescript", "TypeScript frontend", "languages",
     "TypeScript and JavaScript (ES2015 and later, JSX, TSX) with project references.",
     ["typescript", "javascript", "parser"], "Apache-2.0", ["core", "hana"], "recent",
     dict(official=True, verified=True, icon="local", stars=3302, downloads=655000)),
    ("lang-kotlin", "Kotlin frontend", "languages",
     "Kotlin/JVM sources and Gradle builds; Kotlin Multiplatform is experimental.",
     ["kotlin", "jvm", "parser"], "Apache-2.0", ["dmitri"], "mid",
     dict(verified=True, icon="local", stars=410, downloads=22000)),
    ("lang-cobol", "COBOL frontend", "languages",
     "Fixed and free format COBOL with copybooks, for teams moving mainframe code into CI.",
     ["cobol", "legacy", "parser"], "LGPL-2.1-or-later", ["gus"], "old",
     dict(status="archived", icon="remote", stars=88, downloads=1900)),
    ("lang-zig", "Zig frontend", "languages",
     "Early Zig support: comptime-aware parsing of Zig 0.12 and later.",
     ["zig", "parser", "experimental"], "MIT", ["noor"], "fresh",
     dict(icon="local", stars=152, downloads=2400)),
    ("lang-elixir", "Elixir frontend", "languages",
     "Elixir and Erlang/OTP projects, with macro expansion for the common libraries.",
     ["elixir", "erlang", "parser"], "Apache-2.0", ["farah"], "quiet",
     dict(icon="local", stars=233, downloads=9100)),
    ("rules-security", "Security essentials", "rule-packs",
     "Injection, unsafe deserialisation, weak crypto and secrets in code: 140 rules with fixes.",
     ["security", "owasp", "secrets"], "Apache-2.0", ["core"], "recent",
     dict(official=True, verified=True, icon="local", screenshots=["local"], stars=5120, downloads=990000)),
    ("rules-performance", "Performance hints", "rule-packs",
     "Finds quadratic loops, repeated allocations and N+1 queries in hot paths.",
     ["performance", "database"], "MIT", ["ada"], "legacy",
     dict(verified=True, icon="local", stars=980, downloads=71000)),
    ("rules-accessibility", "Accessibility checks", "rule-packs",
     "WCAG 2.2 checks for JSX, Vue and HTML templates: labels, contrast hints, focus order.",
     ["accessibility", "wcag", "html"], "MPL-2.0", ["hana", "carmen"], "recent",
     dict(verified=True, icon="local", stars=1410, downloads=120000)),
    ("rules-i18n", "Internationalisation lint", "rule-packs",
     "Hard-coded user-facing strings, concatenated translations and locale-dependent formatting.",
     ["i18n", "l10n"], "MIT", ["farah"], "quiet",
     dict(icon="local", stars=205, downloads=8800)),
    ("rules-licensing", "Licence headers", "rule-packs",
     "Checks SPDX licence headers and copyright lines, and adds missing ones.",
     ["licensing", "spdx", "compliance"], "0BSD", ["ivo"], "fresh",
     dict(icon="local", stars=77, downloads=3100)),
    ("rules-concurrency", "Concurrency pitfalls", "rule-packs",
     "Data races, lock ordering and unawaited futures across Rust, Go and Kotlin code.",
     ["concurrency", "async", "threads"], "Apache-2.0", ["eunji", "dmitri"], "recent",
     dict(verified=True, icon="local", stars=1633, downloads=87000)),
    ("rules-legacy-java", "Java 6 migration rules", "rule-packs",
     "Flags APIs removed after Java 8. Superseded by the Java frontend's built-in rules.",
     ["java", "migration"], "EPL-2.0", ["bruno"], "old",
     dict(status="deprecated", stars=140, downloads=15000)),
    ("rules-naming", "Naming conventions", "rule-packs",
     "Configurable naming rules per language, with presets for common style guides.",
     ["style", "naming"], "ISC", ["jun"], "old",
     dict(icon="local", stars=61, downloads=4000)),
    ("rules-sql", "SQL hygiene", "rule-packs",
     "Checks embedded SQL strings: SELECT *, missing WHERE on UPDATE, implicit joins.",
     ["sql", "database"], "BSD-2-Clause", ["ada", "bruno"], "mid",
     dict(icon="local", stars=312, downloads=19000)),
    ("rules-crypto-pq", "Post-quantum readiness", "rule-packs",
     "Inventories RSA and elliptic-curve use and points to hybrid post-quantum replacements.",
     ["security", "crypto"], "Apache-2.0 WITH LLVM-exception", ["noor"], "fresh",
     dict(icon="local", stars=95, downloads=1200)),
    ("report-sarif", "SARIF reporter", "reporters",
     "Writes findings as SARIF 2.1.0 for code scanning dashboards.",
     ["sarif", "ci", "security"], "MIT", ["core"], "recent",
     dict(official=True, verified=True, icon="local", stars=2210, downloads=540000)),
    ("report-html", "HTML report", "reporters",
     "A self-contained HTML report with filters, source excerpts and trend charts.",
     ["html", "dashboard"], "MIT", ["carmen"], "legacy",
     dict(verified=True, icon="local", screenshots=["local", "local2"], stars=1105, downloads=98000)),
    ("report-junit", "JUnit XML reporter", "reporters",
     "Reports findings as JUnit test cases so any CI can show them as test failures.",
     ["junit", "ci"], "Apache-2.0", ["bruno"], "mid",
     dict(icon="local", stars=402, downloads=61000)),
    ("report-markdown", "Markdown summary", "reporters",
     "A short Markdown summary for pull request comments and job summaries.",
     ["markdown", "pull-requests"], "Unlicense", ["jun"], "fresh",
     dict(icon="local", stars=188, downloads=14000)),
    ("report-csv", "CSV export", "reporters",
     "Flat CSV export of findings for spreadsheets and ad-hoc analysis.",
     ["csv", "export"], "CC0-1.0", ["gus"], "old",
     dict(status="archived", stars=20, downloads=2100)),
    ("report-codeclimate", "Code Climate format", "reporters",
     "Writes the Code Climate JSON format read by several code quality dashboards.",
     ["json", "ci"], "MIT", ["ivo"], "mid",
     dict(icon="remote", stars=130, downloads=26000)),
    ("report-grafana", "Metrics exporter", "reporters",
     "Publishes finding counts per rule and per team as OpenMetrics for dashboards.",
     ["metrics", "openmetrics", "dashboard"], "AGPL-3.0-or-later", ["eunji"], "recent",
     dict(icon="local", stars=265, downloads=7000)),
    ("ci-pipelines", "CI pipeline templates", "integrations",
     "Ready-made pipeline steps for common CI services, with caching and baseline support.",
     ["ci", "templates"], "MIT", ["core"], "recent",
     dict(official=True, verified=True, icon="local", stars=1890, downloads=430000)),
    ("editor-vscode", "Editor extension", "integrations",
     "Shows Lumen findings as you type, with quick fixes and rule documentation on hover.",
     ["editor", "lsp"], "MIT", ["core", "hana"], "recent",
     dict(official=True, verified=True, icon="local", screenshots=["local", "remote"], stars=3650, downloads=1200000)),
    ("editor-vim", "Vim and Neovim plugin", "integrations",
     "Runs Lumen through the language server protocol in Vim 9 and Neovim 0.9+.",
     ["editor", "vim", "lsp"], "Vim", ["jun", "ivo"], "legacy",
     dict(verified=True, icon="local", stars=720, downloads=33000)),
    ("editor-emacs", "Emacs mode", "integrations",
     "Flymake and Flycheck backends for Lumen, with a transient menu for rule toggles.",
     ["editor", "emacs"], "GPL-3.0-or-later", ["dmitri"], "quiet",
     dict(icon="local", stars=290, downloads=5200)),
    ("review-bot", "Pull request bot", "integrations",
     "Comments on new findings only, resolves threads when they are fixed, never repeats itself.",
     ["pull-requests", "bot"], "Apache-2.0", ["carmen", "ada"], "recent",
     dict(verified=True, icon="local", stars=1480, downloads=150000)),
    ("pre-commit", "Pre-commit hook", "integrations",
     "A pre-commit hook that checks staged files only, in well under a second on most changes.",
     ["git", "hooks"], "MIT", ["bruno"], "fresh",
     dict(icon="local", stars=640, downloads=205000)),
    ("issue-tracker-sync", "Issue tracker sync", "integrations",
     "Opens and closes tracker issues for findings above a severity threshold.",
     ["issues", "automation"], "LicenseRef-Lumen-Commercial OR AGPL-3.0-only", ["noor"], "mid",
     dict(icon="local", stars=140, downloads=4400)),
    ("chatops", "Chat notifications", "integrations",
     "Posts a daily digest of new findings to team chat rooms. Replaced by the pull request bot.",
     ["chat", "notifications"], "MIT", ["gus"], "old",
     dict(status="deprecated", stars=45, downloads=3900)),
    ("fix-imports", "Import sorter", "fixers",
     "Sorts and groups imports in Python, TypeScript and Go, matching each ecosystem's convention.",
     ["imports", "formatting"], "MIT", ["hana"], "legacy",
     dict(verified=True, icon="local", stars=870, downloads=101000)),
    ("fix-deprecations", "Deprecation fixer", "fixers",
     "Rewrites calls to deprecated APIs using replacement hints written by library authors.",
     ["migration", "refactoring"], "Apache-2.0", ["core", "ada"], "recent",
     dict(official=True, verified=True, icon="local", stars=1320, downloads=76000)),
    ("fix-null-safety", "Null-safety fixer", "fixers",
     "Adds the missing null checks Lumen reports, or optional types where the language has them.",
     ["null-safety", "refactoring"], "MPL-2.0", ["dmitri", "farah"], "mid",
     dict(icon="local", stars=350, downloads=12000)),
    ("fix-dead-code", "Dead code remover", "fixers",
     "Deletes unreachable functions and unused private members after a confirmation step.",
     ["dead-code", "refactoring"], "BSD-3-Clause", ["ivo"], "old",
     dict(icon="local", stars=210, downloads=9900)),
    ("fix-format-bridge", "Formatter bridge", "fixers",
     "Runs each language's own formatter after Lumen fixes, so fixes never fight the style.",
     ["formatting"], "Zlib", ["jun"], "fresh",
     dict(icon="local", stars=99, downloads=8000)),
    ("tool-baseline", "Baseline manager", "tooling",
     "Records today's findings as a baseline so CI fails only on new ones; expires entries on a schedule.",
     ["baseline", "ci"], "MIT", ["core"], "legacy",
     dict(official=True, verified=True, icon="local", stars=990, downloads=310000)),
    ("tool-rule-sdk", "Rule SDK", "tooling",
     "Write your own Lumen rules in TypeScript or Rust, with a test harness and fixtures.",
     ["sdk", "rules", "typescript", "rust"], "Apache-2.0", ["core", "eunji"], "recent",
     dict(official=True, verified=True, icon="local", screenshots=["local"], stars=2480, downloads=64000)),
    ("tool-profiler", "Analysis profiler", "tooling",
     "Shows which rules and files take the most analysis time, as a flame graph.",
     ["performance", "profiling"], "MIT", ["ada"], "mid",
     dict(icon="local", stars=310, downloads=6100)),
    ("tool-config-migrate", "Config migrator", "tooling",
     "Converts Lumen 1.x configuration files to the 2.x format, keeping comments.",
     ["migration", "configuration"], "ISC", ["bruno"], "old",
     dict(status="archived", icon="local", stars=66, downloads=24000)),
    ("tool-monorepo", "Monorepo planner", "tooling",
     "Splits analysis of large monorepos by ownership and caches results per package.",
     ["monorepo", "caching"], "BSL-1.0", ["carmen", "noor"], "fresh",
     dict(icon="local", stars=530, downloads=18000)),
    ("tool-playground", "Rule playground", "tooling",
     "A local web page to try rules on snippets and share reproducible examples.",
     ["playground", "rules"], "MIT", ["hana"], "quiet",
     dict(icon="remote", screenshots=["remote"], stars=275, downloads=5000)),
]

# Reviews (fictional): plugin id -> [(slug, author, rating, date, title or "", text)].
REVIEWS = {
    "lang-python": [
        ("fast-on-big-repos", "Priya N.", 5, "2025-02-03", "Fast on a 2M-line repository",
         "We moved from three linters to Lumen with this frontend. A full run on our largest "
         "service takes under four minutes on CI, and incremental runs are near instant."),
        ("stub-support", "Tom B.", 4, "2024-12-11", "",
         "Type stubs are picked up without configuration. One star off because namespace "
         "packages needed a manual `roots` entry."),
    ],
    "rules-security": [
        ("caught-a-real-bug", "Lea M.", 5, "2025-01-20", "Caught a real injection bug",
         "The taint rules flagged a query built from a header value that our review missed."),
        ("noisy-at-first", "Sam K.", 3, "2024-10-02", "Noisy until tuned",
         "Out of the box it reported many findings in test code. Excluding `tests/` fixed it, "
         "but that could be the default."),
        ("good-fixes", "Ola F.", 4, "2025-04-14", "", "The suggested fixes are usually right."),
    ],
    "report-sarif": [
        ("just-works", "Dev R.", 5, "2024-08-30", "Just works", "Uploads cleanly; rule help text shows up in the dashboard."),
    ],
    "editor-vscode": [
        ("daily-driver", "Mina T.", 5, "2025-03-02", "My daily driver",
         "Findings appear as I type and the quick fixes save a lot of time."),
        ("memory", "Jo P.", 3, "2024-11-18", "Memory use on huge workspaces",
         "Works well, but on a workspace with 40 folders it used more than 2 GB."),
        ("hover-docs", "Ari V.", 4, "2025-05-21", "", "Rule documentation on hover is excellent."),
    ],
    "ci-pipelines": [
        ("caching", "Chris D.", 4, "2025-01-09", "Caching is the killer feature",
         "Cut our analysis step from 9 minutes to 2."),
    ],
    "review-bot": [
        ("quiet-bot", "Kim S.", 5, "2025-04-01", "Finally a quiet bot",
         "It only comments on lines the pull request changed, and resolves its own threads."),
        ("permissions", "Uma L.", 4, "2024-12-20", "", "Needed broader token permissions than documented."),
    ],
    "lang-rust": [
        ("macro-heavy-code", "Pat E.", 4, "2025-02-25", "Copes with macro-heavy code",
         "Handles our derive-heavy crates. Procedural macros from private registries need a config hint."),
    ],
    "fix-imports": [
        ("go-groups", "Ren H.", 5, "2024-09-14", "", "Groups Go imports exactly like our style guide."),
        ("python-isort-compat", "Val C.", 4, "2025-01-30", "Close to what we had",
         "Matches our previous import sorting settings except for one edge case with relative imports."),
    ],
    "tool-baseline": [
        ("legacy-adoption", "Nils O.", 5, "2024-07-07", "Made adoption possible",
         "We could turn Lumen on for a ten-year-old codebase without fixing 12,000 findings first."),
    ],
    "rules-accessibility": [
        ("labels", "Ines G.", 4, "2025-03-18", "Good coverage of form labels",
         "Found unlabeled inputs across our design system. Contrast checks are hints only, as documented."),
    ],
    "lang-cobol": [
        ("archived-but-useful", "Walt Z.", 3, "2023-02-11", "Useful while it lasted",
         "Helped us inventory copybook usage before the migration. Now archived, so plan accordingly."),
    ],
    "tool-rule-sdk": [
        ("test-harness", "Bea Y.", 5, "2025-05-02", "The test harness is great",
         "Snapshot fixtures for rules make writing a new rule a one-afternoon job."),
        ("docs-gaps", "Hugo A.", 4, "2025-02-08", "", "A few APIs lack examples, but the types explain a lot."),
    ],
}

CATEGORY_COLOURS = {
    "languages": "#2f6f9f", "rule-packs": "#9f3f2f", "reporters": "#3f8f4f",
    "integrations": "#6f4f9f", "fixers": "#9f7f1f", "tooling": "#3f6f6f",
}


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fake_sha256(plugin_id, version):
    return hashlib.sha256(f"lumen-demo/{plugin_id}/{version}".encode()).hexdigest()


def description(pid, name, summary, category, tags):
    kind = {
        "languages": "a language frontend", "rule-packs": "a rule pack", "reporters": "a reporter",
        "integrations": "an integration", "fixers": "an automatic fixer", "tooling": "a developer tool",
    }[category]
    lines = [
        f"**{name}** is {kind} for Lumen, the fictional static analysis tool of this demo hub.",
        "",
        "## Features",
        "",
    ]
    features = {
        "languages": ["Incremental parsing: only changed files are parsed again",
                      "Precise source positions for every finding",
                      "Works with the language's usual project layout"],
        "rule-packs": ["Each rule has a rationale, examples and a suggested fix",
                       "Severities can be tuned per directory",
                       "Rules can be silenced inline with a comment and a reason"],
        "reporters": ["Stable output ordering, so reports diff cleanly",
                      "Includes rule documentation links",
                      "Can be combined with other reporters in one run"],
        "integrations": ["No extra daemon: uses the Lumen binary already on the machine",
                         "Honours the repository's Lumen configuration",
                         "Works offline"],
        "fixers": ["Shows a diff before applying anything",
                   "Leaves files untouched when a fix would not compile",
                   "Can be run on staged files only"],
        "tooling": ["Scriptable command-line interface",
                    "Machine-readable output with `--json`",
                    "Documented exit codes"],
    }[category]
    lines += [f"- {f}" for f in features]
    lines += [
        "",
        "## Configuration",
        "",
        "```toml",
        "# lumen.toml",
        "[plugins]",
        f'enable = ["{pid}"]',
        "```",
        "",
        f"Tags: {', '.join(tags)}. This plugin is part of a fictional demo catalogue.",
    ]
    return lines


def icon_svg(pid, name, category):
    colour = CATEGORY_COLOURS[category]
    initials = "".join(w[0] for w in name.replace("-", " ").split()[:2]).upper()
    initials = initials.replace("&", "").replace("<", "").replace(">", "")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" '
        f'role="img" aria-label="{name} icon">\n'
        f'  <rect width="64" height="64" rx="12" fill="{colour}"/>\n'
        f'  <text x="32" y="40" font-family="sans-serif" font-size="24" font-weight="bold" '
        f'text-anchor="middle" fill="#ffffff">{initials}</text>\n'
        "</svg>\n"
    )


def screenshot_svg(name, n):
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360" width="640" height="360" '
        f'role="img" aria-label="{name}: screenshot {n}">\n'
        '  <rect width="640" height="360" fill="#f4f5f7"/>\n'
        '  <rect x="0" y="0" width="640" height="36" fill="#2b2f36"/>\n'
        '  <rect x="24" y="64" width="360" height="14" rx="3" fill="#c9ced6"/>\n'
        '  <rect x="24" y="92" width="520" height="14" rx="3" fill="#c9ced6"/>\n'
        '  <rect x="24" y="120" width="440" height="14" rx="3" fill="#e0a0a0"/>\n'
        f'  <text x="24" y="320" font-family="sans-serif" font-size="18" fill="#2b2f36">{name} '
        f"(fictional screenshot {n})</text>\n"
        "</svg>\n"
    )


def listing_yaml(index, p):
    pid, name, category, summary, tags, lic, authors, history, extra = p
    out = [f"# {name}: a FICTIONAL plugin for the fictional Lumen project (agora demo hub).", ""]
    if index % 7 == 0:
        out.append(f"id: {pid}")
    out.append(f"name: {name}")
    out.append(f"summary: {q(summary)}")
    out.append("description: |")
    out += [("  " + l) if l else "" for l in description(pid, name, summary, category, tags)]
    out.append(f"category: {category}")
    out.append("tags: [" + ", ".join(tags) + "]")
    out.append("authors:")
    for a in authors:
        aname, url, gh = PEOPLE[a]
        if not url and not gh:
            out.append(f"  - {aname}")  # the short form: a name only
            continue
        out.append(f"  - name: {aname}")
        if url:
            out.append(f"    url: {url}")
        if gh:
            out.append(f"    github: {gh}")
    out.append(f"repository: https://git.example.org/lumen-community/{pid}")
    if index % 3 != 2:
        out.append(f"homepage: https://plugins.lumen.example.org/{pid}/")
    if index % 2 == 0:
        out.append(f"documentation: https://docs.lumen.example.org/plugins/{pid}/")
    out.append(f"license: {q(lic) if ' ' in lic else lic}")
    if extra.get("status"):
        out.append(f"status: {extra['status']}")
    if extra.get("official"):
        out.append("official: true")
    if extra.get("verified"):
        out.append("verified: true")
    out.append("install:")
    out.append(f"  package: lumen-{pid}")
    if index % 4 != 3:
        out.append(f"  command: lumen plugin add lumen-{pid}")
    icon = extra.get("icon")
    if icon == "local":
        out.append(f"icon: icons/{pid}.svg")
    elif icon == "remote":
        out.append(f"icon: https://cdn.lumen.example.org/icons/{pid}.png")
    shots = extra.get("screenshots", [])
    if shots:
        out.append("screenshots:")
        for i, s in enumerate(shots):
            if s.startswith("local"):
                out.append(f"  - screenshots/{pid}-{i + 1}.svg")
            else:
                out.append(f"  - https://cdn.lumen.example.org/screenshots/{pid}-{i + 1}.png")
    versions = HISTORIES[history]
    # Listed some weeks after the first release, never after the newest one.
    first = datetime.date.fromisoformat(min(v[1] for v in versions))
    newest = datetime.date.fromisoformat(max(v[1] for v in versions))
    added = min(first + datetime.timedelta(days=(index * 37) % 160), newest).isoformat()
    out.append(f"added: {added}")
    out.append("versions:")
    for j, (ver, released, compat) in enumerate(versions):
        out.append(f"  - version: {ver}")
        out.append(f"    released: {released}")
        out.append(f"    compatible: {q(compat)}")
        if (index + j) % 2 == 0:
            out.append(f"    download: https://downloads.lumen.example.org/{pid}/{ver}/{pid}-{ver}.tar.gz")
            out.append(f"    sha256: {fake_sha256(pid, ver)}")
    if "stars" in extra or "downloads" in extra:
        out.append("stats:")
        if "stars" in extra:
            out.append(f"  stars: {extra['stars']}")
        if "downloads" in extra:
            out.append(f"  downloads: {extra['downloads']}")
    return "\n".join(out) + "\n"


def review_md(r):
    slug, author, rating, date, title, text = r
    out = ["---", f"author: {q(author)}", f"rating: {rating}", f"date: {date}"]
    if title:
        out.append(f"title: {q(title)}")
    out += ["---", "", text, ""]
    return "\n".join(out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    index_dir = os.path.join(HERE, "plugins-index")
    reviews_dir = os.path.join(HERE, "reviews")
    for d in (index_dir, reviews_dir):
        if os.path.isdir(d):
            shutil.rmtree(d)
    ids = [p[0] for p in PLUGINS]
    assert len(ids) == len(set(ids)), "duplicate plugin id"
    for i, p in enumerate(PLUGINS):
        pid, name, category = p[0], p[1], p[2]
        write(os.path.join(index_dir, f"{pid}.yaml"), listing_yaml(i, p))
        if p[8].get("icon") == "local":
            write(os.path.join(index_dir, "icons", f"{pid}.svg"), icon_svg(pid, name, category))
        for n, s in enumerate(p[8].get("screenshots", []), start=1):
            if s.startswith("local"):
                write(os.path.join(index_dir, "screenshots", f"{pid}-{n}.svg"), screenshot_svg(name, n))
    for pid, reviews in REVIEWS.items():
        assert pid in ids, pid
        for r in reviews:
            write(os.path.join(reviews_dir, pid, f"{r[0]}.md"), review_md(r))
    print(f"{len(PLUGINS)} listings, {sum(len(r) for r in REVIEWS.values())} reviews "
          f"for {len(REVIEWS)} plugins")


if __name__ == "__main__":
    main()
