#!/usr/bin/env python3
"""md_to_docs.py — SearchDocument JSON from a generated site's Markdown, without agora.

    bench/search/md_to_docs.py SITE_DIR [--base /repo/] > docs.json

For measuring the search index alone (tests/search's agora_search_tool reads this JSON). The
Markdown is reduced to plain text the way markdown/ does it, roughly: fences and inline code
kept as text, emphasis and link syntax dropped, one block per line; body split at ## and ###.
URLs follow agora's pretty-URL rule (docs/a/b.md -> /docs/a/b/, _index.md -> its folder).
"""
import json
import os
import re
import sys


def slug(text):
    out, dash = [], False
    for c in text.lower():
        if c.isascii() and (c.isalnum() or c == "_"):
            if dash and out:
                out.append("-")
            dash = False
            out.append(c)
        else:
            dash = True
    return "".join(out)


def front_matter(src):
    if not src.startswith("---\n"):
        return {}, src
    end = src.index("\n---\n", 4)
    meta = {}
    for line in src[4:end].splitlines():
        m = re.match(r"^(\w+):\s*(.*)$", line)
        if not m:
            continue
        k, v = m.group(1), m.group(2).strip()
        if v.startswith("[") and v.endswith("]"):
            meta[k] = [x.strip().strip('"') for x in v[1:-1].split(",") if x.strip()]
        else:
            meta[k] = v.strip('"').replace('\\"', '"')
    return meta, src[end + 5:]


INLINE = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\*\*([^*]+)\*\*"), r"\1"),
    (re.compile(r"\*([^*]+)\*"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
]


def plain(line):
    for rx, rep in INLINE:
        line = rx.sub(rep, line)
    line = re.sub(r"^\s*([-*+]|\d+\.)\s+", "", line)
    if re.match(r"^\|?\s*-{3,}", line):
        return ""
    return line.replace("|", " ").strip()


def doc_for(site, rel, base="/"):
    src = open(os.path.join(site, "content", rel), encoding="utf-8").read()
    meta, body = front_matter(src)
    path = rel[:-3]
    if os.path.basename(path) in ("_index", "index"):
        path = os.path.dirname(path)
    url = base + (path + "/" if path else "")
    section = rel.split("/")[0] if "/" in rel else ""
    sections = [{"anchor": "", "heading": "", "text": []}]
    used = {}
    fence = False
    for line in body.splitlines():
        if line.startswith("```"):
            fence = not fence
            continue
        if not fence:
            m = re.match(r"^(#{2,3})\s+(.*)$", line)
            if m:
                text = plain(m.group(2))
                a = slug(text)
                if a in used:
                    used[a] += 1
                    a = f"{a}-{used[a]}"
                else:
                    used[a] = 0
                sections.append({"anchor": a, "heading": text, "text": []})
                continue
            line = plain(line)
        if line:
            sections[-1]["text"].append(line)
    for s in sections:
        s["text"] = "\n".join(s["text"])
    summary = meta.get("description") or (sections[0]["text"].split("\n")[0] if sections[0]["text"] else "")
    return {
        "url": url,
        "title": meta.get("title", ""),
        "section": section,
        "category": "",
        "tags": meta.get("tags", []) if isinstance(meta.get("tags"), list) else [],
        "summary": summary,
        "sections": sections,
    }


def main():
    site = sys.argv[1]
    base = sys.argv[sys.argv.index("--base") + 1] if "--base" in sys.argv else "/"
    rels = []
    for root, _, files in os.walk(os.path.join(site, "content")):
        for f in files:
            if f.endswith(".md"):
                rels.append(os.path.relpath(os.path.join(root, f), os.path.join(site, "content")))
    rels.sort()
    json.dump([doc_for(site, r, base) for r in rels], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
