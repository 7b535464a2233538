"""Extract a PDF's text page by page, with each page's index and printed label, for quotes to be checked against.

The text file written from it holds one line per line of the PDF, each page opened by a page mark
(`=== page 3: iii ===`) that is not text of the document: `seeds.py` reads the marks to give every quote
its page, and no quote can match one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import CitebriefError

MAX_PDF_PAGES = 2000
# A page mark: the 1-based page index, and the label the PDF prints on it where it defines labels.
PAGE_MARK = re.compile(r"^=== page (\d+)(?:: (.+?))? ===$")
SOFT_HYPHEN = "\u00ad"
# Below this many letters in the whole document, the PDF has no text layer worth the name.
_MIN_LETTERS = 20


@dataclass(frozen=True)
class PdfPage:
    """One page's text: its 1-based index, the label printed on it (None where the PDF defines none), its lines."""

    index: int
    label: str | None
    lines: tuple[str, ...]


@dataclass(frozen=True)
class PdfText:
    """A PDF's text, page by page, and what its document information says."""

    pages: tuple[PdfPage, ...]
    title: str | None
    author: str | None
    published: str | None  # the creation date as YYYY-MM-DD, where the PDF gives one


def page_mark(page: PdfPage) -> str:
    """The line that opens a page in the extracted text."""
    return f"=== page {page.index}: {page.label} ===" if page.label else f"=== page {page.index} ==="


def extract_pdf(data: bytes, name: str, max_pages: int = MAX_PDF_PAGES) -> PdfText:
    """Read a PDF's text layer page by page; refuse one that is encrypted, too long, or has no text layer."""
    # pdfium (pypdfium2) reads a 100-page report's text in well under a second, twenty times pypdf's pace.
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise CitebriefError(f"{name} is encrypted; save an unencrypted copy and add that") from None
        raise CitebriefError(f"{name} is not a readable PDF ({exc})") from None
    try:
        count = len(document)
        if count > max_pages:
            raise CitebriefError(f"{name} has {count} pages, more than the {max_pages} citebrief reads; "
                                 "add the part you cite as a PDF of its own")
        pages = []
        for index in range(count):
            try:
                text = document[index].get_textpage().get_text_bounded()
            except pdfium.PdfiumError as exc:
                raise CitebriefError(f"{name}: cannot read the text of page {index + 1} ({exc})") from None
            label = " ".join(document.get_page_label(index).split()) or None
            pages.append(PdfPage(index + 1, label, tuple(page_lines(text))))
        info = {key: " ".join(str(value).split()) for key, value in document.get_metadata_dict().items() if value}
    finally:
        document.close()
    if sum(ch.isalpha() for page in pages for line in page.lines for ch in line) < _MIN_LETTERS:
        raise CitebriefError(f"{name} has no text layer (a scanned document?); citebrief does not read images — "
                             "add a text layer with OCRmyPDF first (`ocrmypdf scan.pdf text.pdf`) and add that")
    return PdfText(tuple(pages), info.get("Title"), info.get("Author"), _date(info.get("CreationDate")))


def page_lines(text: str) -> list[str]:
    """Split a page's text into lines, joining a word broken at a line end only where a soft hyphen marks the break."""
    lines: list[str] = []
    carry = ""
    for raw in text.splitlines():
        # pdfium reports a hyphen it takes for a line-end break as U+0002; whether the word goes on is the
        # PDF's to say, so the hyphen stays as printed and the lines stay apart.
        line = " ".join(raw.replace("\x00", "").replace("\x02", "-").split())
        if carry:
            line = carry + line
            carry = ""
        if line.endswith(SOFT_HYPHEN):
            carry = line[:-1]  # the PDF says this hyphen only breaks the word: the word goes on next line
            continue
        # a soft hyphen inside a line is invisible; it does not split a word
        line = line.replace(SOFT_HYPHEN, "")
        if line and not PAGE_MARK.match(line):
            lines.append(line)
    if carry:
        lines.append(carry)
    return lines


def pdf_text_file(text: PdfText) -> str:
    """Write the extracted text: a page mark, then the page's lines, for every page."""
    out: list[str] = []
    for page in text.pages:
        out.append(page_mark(page))
        out.extend(page.lines)
        out.append("")
    return "\n".join(out)


def _date(value: str | None) -> str | None:
    """A PDF date (D:YYYYMMDD…) as YYYY-MM-DD."""
    m = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", value or "")
    return f"{m[1]}-{m[2]}-{m[3]}" if m else None
