"""Measure web-page extraction on a public article-extraction benchmark: body sentences that verify, furniture refused.

FOLDER holds ground-truth.json and html/*.html.gz, as github.com/scrapinghub/article-extraction-benchmark
does (MIT). A body sentence is a sentence of the ground truth's articleBody (five words or more); it
verifies when find_quote finds it in the extracted text. Furniture is every other block of text on the
page (a paragraph, list item, heading, link or table cell of four words or more that shares no sentence
with the article body); it is refused when find_quote does not find it. citebrief's extraction and
trafilatura's defaults are run on the same pages.
Usage: python benchmarks/extraction_benchmark.py FOLDER [LIMIT]
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from citebrief.errors import CitebriefError
from citebrief.extract_html import decode_page, extract_html
from citebrief.quotes import Paragraph, Passages, find_quote, normalise

_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "td", "th", "figcaption", "blockquote", "dd", "dt")


def sentences(text: str) -> list[str]:
    """The sentences of a text of five words or more, without a trailing ellipsis of truncation."""
    out = []
    for paragraph in text.splitlines():
        for sentence in _SENTENCE.split(paragraph.strip()):
            sentence = sentence.strip()
            if len(sentence.split()) >= 5 and not sentence.endswith(("...", "…")):
                out.append(sentence)
    return out


def furniture(page: str, body: str) -> list[str]:
    """The page's blocks of text that are not the article's."""
    tree = lxml_html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", page))
    for element in tree.iter("script", "style", "noscript", "template"):
        element.drop_tree() if element.getparent() is not None else None
    folded_body = normalise(body)
    blocks = set()
    for element in tree.iter(*_BLOCKS):
        text = normalise(element.text_content())
        if len(text.split()) < 4 or len(text) > 400 or text in folded_body:
            continue
        if any(normalise(s) in folded_body for s in sentences(text)) or _overlaps(text, folded_body):
            continue
        blocks.add(text)
    return sorted(blocks)


def _overlaps(text: str, body: str) -> bool:
    """Whether any six words in a row of a block stand in the body (a block that is partly the article)."""
    words = text.split()
    return any(" ".join(words[i:i + 6]) in body for i in range(max(len(words) - 5, 0)))


def passages(lines: list[str]) -> Passages:
    return Passages([Paragraph(n, line) for n, line in enumerate(lines, 1) if line.strip()])


def main() -> None:
    folder = Path(sys.argv[1])
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    totals = {"citebrief": [0, 0, 0, 0], "trafilatura defaults": [0, 0, 0, 0]}
    for key in sorted(truth)[:limit]:
        data = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        body = truth[key]["articleBody"]
        try:
            page = decode_page(data, key)
        except CitebriefError:
            page = data.decode("utf-8", "replace")
        try:
            ours = list(extract_html(data, key, truth[key].get("url")).lines)
        except CitebriefError:
            ours = []
        theirs = (trafilatura.extract(page, url=truth[key].get("url")) or "").splitlines()
        wanted, unwanted = sentences(body), furniture(page, body)
        for name, lines in (("citebrief", ours), ("trafilatura defaults", theirs)):
            text = passages(lines)
            counts = totals[name]
            counts[0] += sum(1 for s in wanted if find_quote(s, text))
            counts[1] += len(wanted)
            counts[2] += sum(1 for s in unwanted if not find_quote(s, text))
            counts[3] += len(unwanted)
    for name, (found, body_count, refused, furniture_count) in totals.items():
        print(f"{name:22} body verifies {found}/{body_count} = {found / body_count:.1%}   "
              f"furniture refused {refused}/{furniture_count} = {refused / furniture_count:.1%}")


if __name__ == "__main__":
    main()
