"""Measure web-page extraction on a public article-extraction benchmark: body sentences that verify, furniture refused.

FOLDER holds ground-truth.json and html/*.html.gz, as github.com/scrapinghub/article-extraction-benchmark
does (MIT). A body sentence is a sentence of the ground truth's articleBody (five words or more) that stands
in the page's text; it verifies when find_quote finds it in the extracted text. A sentence of the ground truth
that is not in the page's text at all cannot be quoted from the page by anyone, and is counted apart, not as a
body sentence: the annotation puts spaces at some inline tag boundaries ("expand ed", "“ comfort food ”",
"shift [1]") and takes some text from meta tags that the page does not show. Furniture is every other block of
text on the page (a paragraph, list item, heading, link or table cell of four words or more that shares no
sentence with the article body); it is refused when find_quote does not find it. citebrief's extraction and
trafilatura's defaults are run on the same pages.

The pages are split by their sorted keys: even places are the tuning half (the only pages extraction was tuned
on, issue #17), odd places the held-out half.

A second development set: trafilatura's own evaluation pages (github.com/adbar/trafilatura, tests/: evaldata.json,
eval/ and cache/), each with a few snippets that the article text must hold and a few it must not. A snippet counts
as trafilatura's evaluation counts it, found in the normalised text or not (snippets may start or end mid-word).
A fresh set, split the same way: Readability's test pages (github.com/mozilla/readability, test/test-pages/,
Apache-2.0), each a folder with the saved page (source.html) and the article Readability's maintainers expect
from it (expected.html). The expected article's text, block by block, stands for the ground truth's articleBody.

Usage: python benchmarks/extraction_benchmark.py FOLDER [LIMIT] [--split tuning|held-out|all] [--all-sentences]
       python benchmarks/extraction_benchmark.py --readability TEST_PAGES [LIMIT] [--split …] [--all-sentences]
       python benchmarks/extraction_benchmark.py --trafilatura-eval TESTS_FOLDER
  LIMIT        only the first LIMIT pages by sorted key (before the split)
  --split      measure one half, or all pages; without it, each half and all pages are reported
  --all-sentences  count the ground truth's sentences that are not in the page's text too (the measure before
                   issue #17's fix)
  --readability      measure on Readability's test pages instead (TEST_PAGES: its test/test-pages folder)
  --trafilatura-eval  measure on trafilatura's evaluation pages instead
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from citebrief.errors import CitebriefError
from citebrief.extract_html import decode_page, extract_html
from citebrief.quotes import Paragraph, Passages, find_quote, normalise

_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "td", "th", "figcaption", "blockquote", "dd", "dt")
# Elements a browser lays out as blocks (or breaks a line at): their text does not run on into the next one's.
_BREAKS = frozenset("address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure "
                    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th "
                    "thead tr ul".split())
SPLITS = ("tuning", "held-out", "all")
EXTRACTORS = ("citebrief", "trafilatura defaults")


def sentences(text: str) -> list[str]:
    """The sentences of a text of five words or more, without a trailing ellipsis of truncation."""
    out = []
    for paragraph in text.splitlines():
        for sentence in _SENTENCE.split(paragraph.strip()):
            sentence = sentence.strip()
            if len(sentence.split()) >= 5 and not sentence.endswith(("...", "…")):
                out.append(sentence)
    return out


def parse(page: str):
    """The page's tree without scripts, styles and templates."""
    tree = lxml_html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", page))
    for element in tree.iter("script", "style", "noscript", "template"):
        element.drop_tree() if element.getparent() is not None else None
    return tree


def page_text(tree) -> str:
    """The text of the page's body as a reader sees it, normalised: inline elements run on, blocks break."""
    return normalise(shown_text(tree))


def block_lines(tree) -> str:
    """The text of the page's body as a reader sees it, one block a line."""
    return "\n".join(line for line in (normalise(line) for line in shown_text(tree, "\n").splitlines()) if line)


def shown_text(tree, block_break: str = " ") -> str:
    """The text of the page's body, a block_break where a browser breaks a line."""
    root = tree.find("body")
    root = tree if root is None else root
    parts = []
    stack = [(False, root)]
    while stack:
        closing, element = stack.pop()
        if not isinstance(element.tag, str):
            parts.append(element.tail or "")  # a comment's or instruction's text is not shown; its tail is
            continue
        if element.tag in _BREAKS:
            parts.append(block_break)
        if closing:
            parts.append(element.tail or "" if element is not root else "")
            continue
        parts.append(element.text or "")
        stack.append((True, element))
        stack.extend((False, child) for child in reversed(element))
    return "".join(parts)


def furniture(tree, body: str) -> list[str]:
    """The page's blocks of text that are not the article's."""
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


def split_keys(keys: list[str], split: str) -> list[str]:
    """The keys of one half of the pages: even places in sorted order for tuning, odd places held out."""
    keys = sorted(keys)
    return {"tuning": keys[0::2], "held-out": keys[1::2], "all": keys}[split]


def measure(folder: Path, key: str, truth: dict, all_sentences: bool = False) -> dict[str, list[int]]:
    """Measure one page of scrapinghub's benchmark (see count)."""
    data = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
    return count(data, key, truth[key].get("url"), truth[key]["articleBody"], all_sentences)


def measure_readability(folder: Path, key: str, all_sentences: bool = False) -> dict[str, list[int]]:
    """Measure one of Readability's test pages (see count): its expected article is the ground truth."""
    expected = (folder / key / "expected.html").read_text(encoding="utf-8")
    body = block_lines(lxml_html.document_fromstring(expected))
    return count((folder / key / "source.html").read_bytes(), key, None, body, all_sentences)


def count(data: bytes, key: str, url: str | None, body: str, all_sentences: bool = False) -> dict[str, list[int]]:
    """For one page and each extractor: body sentences found, body sentences, furniture refused, furniture, and
    the ground truth's sentences not in the page's text."""
    page, ours, theirs = extract_both(data, key, url)
    tree = parse(page)
    shown = page_text(tree)
    wanted = sentences(body)
    absent = 0 if all_sentences else sum(1 for s in wanted if normalise(s) not in shown)
    if not all_sentences:
        wanted = [s for s in wanted if normalise(s) in shown]
    unwanted = furniture(tree, body)
    counts = {}
    for name, lines in zip(EXTRACTORS, (ours, theirs)):
        text = passages(lines)
        counts[name] = [sum(1 for s in wanted if find_quote(s, text)), len(wanted),
                        sum(1 for s in unwanted if not find_quote(s, text)), len(unwanted), absent]
    return counts


def extract_both(data: bytes, name: str, url: str | None) -> tuple[str, list[str], list[str]]:
    """Decode a page and extract its text with citebrief and with trafilatura's defaults (a refused page gives none)."""
    try:
        page = decode_page(data, name)
    except CitebriefError:
        page = data.decode("utf-8", "replace")
    try:
        ours = list(extract_html(data, name, url).lines)
    except CitebriefError:
        ours = []
    return page, ours, (trafilatura.extract(page, url=url) or "").splitlines()


def measure_snippets(folder: Path) -> list[str]:
    """Report, for each extractor, the snippets of trafilatura's evaluation pages that are found and refused."""
    pages = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    totals = {name: [0, 0, 0, 0] for name in EXTRACTORS}
    count = 0
    for url, page in pages.items():
        path = next((f for f in (folder / "eval" / page["file"], folder / "cache" / page["file"]) if f.exists()), None)
        if path is None:
            continue
        count += 1
        _, ours, theirs = extract_both(path.read_bytes(), page["file"], url)
        for name, lines in zip(EXTRACTORS, (ours, theirs)):
            text = normalise(" ".join(lines))
            totals[name][0] += sum(1 for s in page["with"] if normalise(s) in text)
            totals[name][1] += len(page["with"])
            totals[name][2] += sum(1 for s in page["without"] if normalise(s) not in text)
            totals[name][3] += len(page["without"])
    return [f"trafilatura's evaluation {count} pages  {name:22} wanted found {found}/{wanted} = {found / wanted:.1%}   "
            f"unwanted refused {refused}/{unwanted} = {refused / unwanted:.1%}"
            for name, (found, wanted, refused, unwanted) in totals.items()]


def report(label: str, pages: dict[str, dict[str, list[int]]]) -> list[str]:
    lines = []
    for name in EXTRACTORS:
        found, body_count, refused, furniture_count, absent = (sum(c[name][i] for c in pages.values())
                                                                for i in range(5))
        lines.append(f"{label:9} {len(pages):3} pages  {name:22} body verifies {found}/{body_count} = "
                     f"{found / max(body_count, 1):.1%}   furniture refused {refused}/{furniture_count} = "
                     f"{refused / max(furniture_count, 1):.1%}")
    lines.append(f"{'':9} {'':9}  ({absent} sentences of the ground truth are not in the pages' text; not counted)"
                 if absent else "")
    return [line for line in lines if line]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument("limit", type=int, nargs="?")
    parser.add_argument("--split", choices=SPLITS)
    parser.add_argument("--all-sentences", action="store_true")
    parser.add_argument("--readability", action="store_true", help="FOLDER is Readability's test/test-pages")
    parser.add_argument("--trafilatura-eval", type=Path, metavar="TESTS_FOLDER")
    args = parser.parse_args()
    if args.trafilatura_eval:
        print("\n".join(measure_snippets(args.trafilatura_eval)))
        return
    if args.folder is None:
        parser.error("give the benchmark's FOLDER, or --trafilatura-eval TESTS_FOLDER")
    if args.readability:
        keys = sorted(p.parent.name for p in args.folder.glob("*/expected.html"))[:args.limit]
        measure_page = lambda key: measure_readability(args.folder, key, args.all_sentences)  # noqa: E731
    else:
        truth = json.loads((args.folder / "ground-truth.json").read_text(encoding="utf-8"))
        keys = sorted(truth)[:args.limit]
        measure_page = lambda key: measure(args.folder, key, truth, args.all_sentences)  # noqa: E731
    splits = (args.split,) if args.split else SPLITS
    wanted = set(split_keys(keys, "all" if len(splits) > 1 else splits[0]))
    pages = {key: measure_page(key) for key in keys if key in wanted}
    for split in splits:
        half = set(split_keys(keys, split))
        for line in report(split, {key: counts for key, counts in pages.items() if key in half}):
            print(line)


if __name__ == "__main__":
    main()
