"""End to end: build real projects into tmp_path and read every output back."""

import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from citebrief.build import build


class Anchors(HTMLParser):
    """Collect ids, in-page links and citation markers of an HTML page."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.citations = set(), [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if tag == "a" and attrs.get("class") == "footnote-ref":
            self.citations += 1


@pytest.fixture(scope="module")
def pdf(shipped) -> PdfReader:
    """The shipped brief's PDF, parsed once for the module."""
    return PdfReader(shipped / "brief.pdf")


@pytest.fixture(scope="module")
def page_texts(pdf) -> list[str]:
    """The text of each page of the shipped PDF, extracted once for the module."""
    return [page.extract_text() for page in pdf.pages]


def _statements(markdown: str) -> list[str]:
    """The lines of the brief's body that state something: list items, summary paragraphs, table rows."""
    body = markdown.split("\n## Sources", 1)[0]
    lines = []
    for line in body.splitlines():
        if line.startswith("- ") or (line.startswith("| ") and not line.startswith("| Measure") and not line.startswith("| Date")):
            lines.append(line)
    summary = re.search(r"## Summary\n\n(.*?)\n## ", body, re.S)
    if summary:
        lines += [p for p in summary.group(1).split("\n\n") if p.strip()]
    return lines


def test_shipped_brief_every_statement_is_cited(shipped):
    markdown = (shipped / "brief.md").read_text()
    statements = _statements(markdown)
    assert len(statements) > 10
    # The front's claims carry a note; the annex's statements name their reports and dates.
    statements = [s for s in statements if not re.search(r"notes? [\d, ]+\.$", s)]  # evidence gaps point at notes
    uncited = [s for s in statements if not re.search(r"\[\^\d+\]|\((?:[^()]*, )?(?:\d+ \w+ \d{4}|undated)[^()]*\)(?: \|)?$", s)]
    assert uncited == []


def test_shipped_brief_every_citation_resolves_to_a_note_and_a_source(shipped):
    markdown = (shipped / "brief.md").read_text()
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", markdown))
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.+)$", markdown, re.M))
    sources = markdown.split("\n## Sources\n", 1)[1].split("\n## Notes\n", 1)[0]
    assert refs and refs == set(notes)
    for text in notes.values():  # each note opens with a source of the source list, by name or description
        name = re.match(r"(.+?), (?:\d+ \w+ \d{4}|undated): “", text).group(1)
        assert name.replace("\\[", "[").replace("\\]", "]").strip("[]") in sources.replace("\\", "")


def test_shipped_html_every_in_page_link_lands(shipped):
    page = Anchors()
    page.feed((shipped / "brief.html").read_text())
    assert page.citations > 10
    assert [link for link in page.links if link not in page.ids] == []
    assert any(link.startswith("fn") for link in page.links)
    assert any(link.startswith("fnref") for link in page.links)


def test_shipped_html_is_standalone(shipped):
    html = (shipped / "brief.html").read_text()
    assert not re.search(r"""(src|href)=["'](?!#|https?:|mailto:)""", html)
    assert "<link" not in html and "<script" not in html
    assert '<html lang="en">' in html


def test_shipped_pdf_reads_back(pdf, page_texts):
    reader = pdf
    text = "".join(page_texts)
    assert "Japan–U.S. Cooperation on Rare Earths" in text
    assert "WHAT IS ON THE TABLE" in text and "EVIDENCE ANNEX" in text
    meta = reader.metadata
    assert meta.title.startswith("Japan–U.S. Cooperation")
    assert meta.author == "Economic Security Desk"  # the brief names its authors, not the tool
    assert "rare earths" in meta.get("/Keywords")
    assert meta.subject
    assert meta.get("/CreationDate", "").startswith("D:20250616")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert {"Bottom line", "What is on the table", "Key judgments", "Evidence annex", "Sources", "Notes"} <= set(titles)


def test_shipped_pdf_has_clickable_citations_and_back_links(shipped, pdf):
    reader = pdf
    internal = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation["/Subtype"] == "/Link" and ("/Dest" in annotation or "/A" in annotation):
                internal += 1
    markdown = (shipped / "brief.md").read_text()
    citations = len(re.findall(r"\[\^\d+\](?!:)", markdown))
    # every citation links to its note (back-links are for the screen only, not printed)
    assert internal >= citations


def test_shipped_pdf_has_running_header_and_page_numbers(pdf, page_texts):
    reader = pdf
    assert len(reader.pages) >= 2
    second = page_texts[1]
    assert f"2 / {len(reader.pages)}" in second
    assert "Japan–U.S. Cooperation on Rare Earths" in second


def test_small_project_builds_all_three_formats(project):
    root = project("quote_verbatim.yaml", "quote_with_ellipsis.yaml", "quote_with_curly_apostrophe.yaml")
    written = build(root).written
    assert sorted(p.name for p in written) == ["brief.html", "brief.md", "brief.pdf"]
    markdown = (root / "output" / "brief.md").read_text()
    assert "Ministers agreed to study a joint refinery.[^" in markdown
    assert "Information as of 5 March 2025 · Draft, before the first edition · Test Desk" in markdown
    assert list((root / "output").glob(".*tmp")) == []
