#!/usr/bin/env python3
"""real_corpus.py — a site of real Markdown from documentation installed on this machine.

    bench/search/real_corpus.py OUT_DIR

Copies the Node.js API and contributor docs, npm's documentation and Catch2's docs (whichever
are installed; Debian ships them with nodejs, npm and catch2) into OUT_DIR/content/docs/<set>/,
giving each file a front-matter title (its own, or its first "# " heading), and writes a
site-config.yaml. Real prose, real headings and code, a few hundred pages: the search bench
runs on it beside the generated site.
"""
import glob
import os
import re
import sys

SETS = [
    ("node-api", "/usr/share/doc/nodejs/api/*.md"),
    ("node-contributing", "/usr/share/doc/nodejs/contributing/**/*.md"),
    ("npm", "/usr/lib/node_modules/npm/docs/content/**/*.md"),
    ("catch2", "/usr/share/doc/catch2/docs/*.md"),
]


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


def convert(src):
    text = open(src, encoding="utf-8", errors="replace").read()
    title, description = None, None
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        end = text.index("\n---\n", 4)
        for line in text[4:end].splitlines():
            m = re.match(r"^(title|description):\s*(.*)$", line)
            if m and m.group(1) == "title":
                title = m.group(2).strip().strip('"')
            elif m:
                description = m.group(2).strip().strip('"')
        text = text[end + 5:]
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    m = re.search(r"^# +(.+)$", text, flags=re.M)
    if m:
        title = title or m.group(1).strip()
        text = text[:m.start()] + text[m.end():]
    title = title or os.path.splitext(os.path.basename(src))[0]
    fm = ["---", 'title: "%s"' % title.replace("\\", "").replace('"', "'")]
    if description:
        fm.append('description: "%s"' % description.replace("\\", "").replace('"', "'"))
    fm.append("---")
    return "\n".join(fm) + "\n\n" + text.lstrip()


def main():
    out = sys.argv[1]
    count = 0
    for name, pattern in SETS:
        files = sorted(glob.glob(pattern, recursive=True))
        if not files:
            continue
        folder = os.path.join(out, "content", "docs", name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "_index.md"), "w") as f:
            f.write('---\ntitle: "%s"\n---\n\nInstalled documentation: %s.\n' % (name, pattern))
        used = set()
        for src in files:
            base = slug(os.path.splitext(os.path.relpath(src, pattern.split("*")[0]))[0])
            while base in used:
                base += "-x"
            used.add(base)
            with open(os.path.join(folder, base + ".md"), "w", encoding="utf-8") as f:
                f.write(convert(src))
            count += 1
    os.makedirs(os.path.join(out, "content"), exist_ok=True)
    with open(os.path.join(out, "content", "_index.md"), "w") as f:
        f.write('---\ntitle: "Installed docs"\n---\n\nDocumentation found on this machine.\n')
    with open(os.path.join(out, "site-config.yaml"), "w") as f:
        f.write("title: Installed docs\nbase_url: https://example.org/\nlanguage: en\n")
    print(f"real_corpus: {count} pages in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
