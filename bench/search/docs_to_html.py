#!/usr/bin/env python3
"""docs_to_html.py — minimal HTML pages from SearchDocument JSON, for indexing with Pagefind.

    bench/search/docs_to_html.py DOCS.json OUT_DIR

Each document becomes OUT_DIR/<url>/index.html holding exactly the text agora's index sees:
the title as <h1>, the summary as a lead paragraph, tags, and each section under an
<h2 id=anchor>. Used when the site was not built by agora (md_to_docs.py), so both engines
index the same words.
"""
import html
import json
import os
import sys


def page(d):
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           f'<title>{html.escape(d["title"])}</title></head><body><main>',
           f'<h1>{html.escape(d["title"])}</h1>']
    if d.get("summary"):
        out.append(f'<p class="lead">{html.escape(d["summary"])}</p>')
    if d.get("tags") or d.get("category"):
        out.append('<p>' + html.escape(" ".join(d.get("tags", []) + ([d["category"]] if d.get("category") else []))) + '</p>')
    for s in d["sections"]:
        if s["heading"]:
            out.append(f'<h2 id="{html.escape(s["anchor"])}">{html.escape(s["heading"])}</h2>')
        for para in s["text"].split("\n"):
            if para:
                out.append(f'<p>{html.escape(para)}</p>')
    out.append('</main></body></html>')
    return "\n".join(out)


def main():
    docs = json.load(open(sys.argv[1], encoding="utf-8"))
    root = sys.argv[2]
    for d in docs:
        path = os.path.join(root, d["url"].strip("/"), "index.html")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(page(d))


if __name__ == "__main__":
    main()
