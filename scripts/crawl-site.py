#!/usr/bin/env python3
"""Crawls a served site from its home page and its sitemap: every href,
src and srcset on the site's own origin is fetched once and its status
recorded; every HTML page is searched for formulas left as literal TeX
(text outside code, pre and KaTeX's own markup holding \\( \\[ $$ \\begin{,
a $...$ around a command, ^{ or _{, or a $ right before a command).
Used by scripts/real-blogs.sh.

usage: crawl-site.py BASE_URL
Prints `pages N`, `references N`, then one `broken STATUS URL (from PAGE)`
line per reference that does not answer 2xx or 3xx, one
`literal-tex PAGE: TEXT` line per formula left as TeX, and the totals."""

import re
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

# Elements whose text is code or KaTeX's own copy of the source.
SKIPPED = {"code", "pre", "script", "style", "math", "annotation", "kbd", "samp"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
LITERAL_TEX = re.compile(
    r"\\\(|\\\[|\$\$|\\begin\{"  # MathJax's delimiters, an environment
    r"|\$[^$\n]*(?:\\[a-zA-Z]+|[\^_]\{)[^$\n]*\$"  # $…$ around a command, ^{ or _{
    r"|\$\\[a-zA-Z]{2,}"  # a $ right before a command
)


class Page(HTMLParser):
    """The references and the literal-TeX text nodes of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs = []
        self.tex = []
        self.stack = []  # (tag, skipped)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name):
                self.refs.append(attrs[name])
        if attrs.get("srcset"):
            for candidate in attrs["srcset"].split(","):
                if candidate.strip():
                    self.refs.append(candidate.strip().split()[0])
        if tag in VOID:
            return
        classes = (attrs.get("class") or "").split()
        skipped = tag in SKIPPED or any(c.startswith("katex") for c in classes)
        self.stack.append((tag, skipped or self.skipping()))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def skipping(self):
        return bool(self.stack) and self.stack[-1][1]

    def handle_data(self, data):
        if not self.skipping() and LITERAL_TEX.search(data):
            self.tex.append(" ".join(data.split())[:120])


def fetch(url):
    """Status, content type and body of `url` (redirects followed)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as e:
        return e.code, "", b""
    except (urllib.error.URLError, OSError) as e:
        return f"failed ({e})", "", b""


def main():
    base = sys.argv[1].rstrip("/") + "/"
    origin = urlsplit(base).netloc
    seen = {}
    queue = [(base, "start")]
    status, _, sitemap = fetch(urljoin(base, "sitemap.xml"))
    if status == 200:
        for loc in re.findall(rb"<loc>([^<]+)</loc>", sitemap):
            path = urlsplit(loc.decode()).path
            queue.append((urljoin(base, path), "sitemap.xml"))
    pages = 0
    broken = []
    tex = []
    while queue:
        url, source = queue.pop()
        if url in seen:
            continue
        status, ctype, body = fetch(url)
        seen[url] = status
        if not (isinstance(status, int) and 200 <= status < 400):
            broken.append((status, url, source))
            continue
        if not ctype.startswith("text/html"):
            continue
        pages += 1
        page = Page()
        page.feed(body.decode("utf-8", "replace"))
        tex.extend((url, text) for text in page.tex)
        for ref in page.refs:
            target, _ = urldefrag(urljoin(url, ref))
            parts = urlsplit(target)
            if parts.scheme in ("http", "https") and parts.netloc == origin and target not in seen:
                queue.append((target, url))
    print(f"pages {pages}")
    print(f"references {len(seen)}")
    for status, url, source in sorted(broken, key=lambda b: b[1]):
        print(f"broken {status} {url} (from {source})")
    for url, text in tex:
        print(f"literal-tex {url}: {text}")
    print(f"broken-total {len(broken)}")
    print(f"literal-tex-total {len(tex)}")


if __name__ == "__main__":
    main()
