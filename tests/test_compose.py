"""The brief's two parts, read back from what a reader gets: brief.md, brief.html and brief.pdf.

The shipped brief is built once; its PDF is read back with pypdf (text with positions, link
annotations, named destinations), never byte-compared.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from citebrief.build import build
from citebrief.compose import ANNEX_ANCHOR, annex_page
from conftest import REPO

MM = 72 / 25.4


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> dict:
    """Build the shipped brief into a temporary folder; return its three formats."""
    out = tmp_path_factory.mktemp("output")
    build(REPO, out)
    return {
        "md": (out / "brief.md").read_text(encoding="utf-8"),
        "html": (out / "brief.html").read_text(encoding="utf-8"),
        "pdf": (out / "brief.pdf").read_bytes(),
    }


def _lines(page) -> list[tuple[float, str]]:
    """The page's text as lines, top to bottom, each with its height on the page."""
    fragments: dict[float, list[str]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            fragments.setdefault(round(cm[5] + tm[5] * cm[3], 0), []).append(text.strip())

    page.extract_text(visitor_text=visit)
    return [(y, " ".join(parts)) for y, parts in sorted(fragments.items(), reverse=True)]


def _sections(markdown: str) -> list[str]:
    return re.findall(r"^## (.+)$", markdown, re.M)


def test_front_fits_two_pages_with_the_bottom_line_status_and_judgments_on_page_one(shipped):
    reader = PdfReader(io.BytesIO(shipped["pdf"]))
    assert annex_page(shipped["pdf"]) == 3  # the front is pages 1 and 2
    assert len(reader.pages) <= 8
    first = reader.pages[0].extract_text()
    for heading in ("BOTTOM LINE", "WHAT IS ON THE TABLE", "KEY JUDGMENTS"):
        assert heading in first
    assert "Moderate confidence." in first


def test_running_header_names_the_section_at_the_top_of_each_page(shipped):
    reader = PdfReader(io.BytesIO(shipped["pdf"]))
    titles = {title.upper(): title for title in _sections(shipped["md"])}
    margin = float(reader.pages[0].mediabox.height) - 17 * MM  # the top margin, where the header stands
    current = None
    for number, page in enumerate(reader.pages, 1):
        lines = _lines(page)
        header = [text for y, text in lines if y > margin]
        body = [text for y, text in lines if y <= margin]
        if number == 1:
            assert header == []  # the first page has the masthead instead
        else:
            expected = titles.get(body[0], current)  # a heading opening the page names the page
            assert header and header[0].endswith(expected), (number, header, expected)
        headings = [titles[text] for text in body if text in titles]
        current = headings[-1] if headings else current


def test_note_numbers_are_the_same_in_markdown_html_and_pdf(shipped):
    markdown, html = shipped["md"], shipped["html"]
    body, definitions = markdown.split("\n## Notes\n", 1)
    cited = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", body)]
    defined = dict(re.findall(r"^\[\^(\d+)\]: (.+)$", definitions, re.M))
    assert cited == list(range(1, len(cited) + 1))  # one note per claim, numbered as the reader meets them
    assert sorted(map(int, defined)) == cited
    # The HTML shows each note under the Markdown's number, with the Markdown's quote.
    html_cited = re.findall(r'<a class="footnote-ref" href="#fn(\d+)" id="fnref\1">\1</a>', html)
    assert list(map(int, html_cited)) == cited
    for number, text in defined.items():
        quote = re.search(r"“([^”]{8,40})", text).group(1)
        item = re.search(rf'<li id="fn{number}" class="footnote-item">(.*?)</li>', html, re.S).group(1)
        assert quote.replace("'", "&#x27;") in item or quote in item, number
    # The PDF's citations link to the same notes in the same order.
    reader = PdfReader(io.BytesIO(shipped["pdf"]))
    links = [
        int(str(annot.get_object()["/Dest"])[2:])
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if str(annot.get_object().get("/Dest", "")).startswith("fn") and not str(annot.get_object()["/Dest"]).startswith("fnref")
    ]
    assert links == cited
    assert {f"fn{n}" for n in cited} <= set(reader.named_destinations)


def test_markdown_has_no_attribute_syntax_and_reads_the_same_in_plain_markdown(shipped):
    markdown = shipped["md"]
    assert not re.search(r"\{[.#][^}]*\}", markdown)
    assert not re.search(r"\]\{", markdown)
    plain = MarkdownIt("commonmark").enable("table").render(markdown)  # a viewer that knows no attributes
    assert "{." not in plain and "{#" not in plain


def test_the_reader_sees_no_tool_words(shipped):
    text = shipped["md"] + shipped["html"].split("<main", 1)[1]
    assert not re.search(r"\bline \d", text)
    for word in ("seeds", ".txt", "rewrite-", "checked word for word", "opens in a new tab",
                 "25-minute-call rewrite", "partnership rewrite"):
        assert word not in text, word


def test_sources_are_named_in_plain_words(shipped):
    assert "[Untitled rewrite of the Yomiuri report, on the 29 May call]" in shipped["html"]
    assert "Information as of 16 June 2025" in shipped["md"]


def _overrunning(root: Path, pages: int) -> None:
    """Give a small project a front longer than one page and a budget of `pages`."""
    facts = "".join(
        f"- id: point-{n}\n  section: dependencies\n"
        f"  statement: The ministry estimates that output would rise to 40% of national demand by 2030.\n"
        f"  citations:\n    - source: gazette\n      quote: \"Output would rise to 40% of national demand by 2030 — the ministry’s estimate\"\n"
        for n in range(70)
    )
    (root / "facts" / "points.yaml").write_text(facts)
    with (root / "citebrief.toml").open("a") as settings:
        settings.write(f"front_pages = {pages}\n")


def _citebrief(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "citebrief", *args], cwd=root, capture_output=True, text=True)


def test_front_too_long_warns_naming_how_far_over(project):
    root = project("quote_verbatim.yaml")
    _overrunning(root, 1)
    done = _citebrief(root, "build")
    assert done.returncode == 0, done.stderr
    line = len((root / "citebrief.toml").read_text().splitlines())
    warning = re.search(r"^citebrief\.toml:(\d+):1: warning\[front-too-long\] the front runs to (\d+) pages, (\d+) pages? over "
                        r"its budget of 1 \(front_pages\)", done.stderr, re.M)
    assert warning, done.stderr
    used, over = int(warning.group(2)), int(warning.group(3))
    assert int(warning.group(1)) == line and used >= 2 and over == used - 1
    assert annex_page((root / "output" / "brief.pdf").read_bytes()) == used + 1


def test_front_too_long_is_an_error_under_strict_and_nothing_is_written(project):
    root = project("quote_verbatim.yaml")
    _overrunning(root, 1)
    done = _citebrief(root, "build", "--strict")
    assert done.returncode == 1
    assert re.search(r"^citebrief\.toml:\d+:1: error\[front-too-long\]", done.stderr, re.M), done.stderr
    assert not (root / "output" / "brief.pdf").exists()


def test_a_front_within_its_budget_gets_no_warning(project):
    root = project("quote_verbatim.yaml")
    _overrunning(root, 5)
    done = _citebrief(root, "build")
    assert done.returncode == 0 and "front-too-long" not in done.stdout + done.stderr
    assert ANNEX_ANCHOR == "evidence-annex"
