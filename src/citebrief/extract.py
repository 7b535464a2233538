"""Turn a retrieved web page or PDF into the text that quotes are checked against, with its metadata."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import CitebriefError
from .extract_html import extract_html
from .extract_pdf import extract_pdf, pdf_text_file
from .fetch import fetch
from .models import slug

MAX_RETRIEVED_BYTES = 16 * 1024 * 1024
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
# Characters that would start a new line where an editor sees none, or are invisible controls.
_LINE_BREAKS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")


@dataclass(frozen=True)
class Retrieved:
    """A document as retrieved: its file name under seeds/, its bytes, its media type, where and when it was fetched."""

    name: str
    data: bytes
    media_type: str  # "text/html" or "application/pdf"
    url: str | None
    accessed: dt.datetime | None
    redirects: tuple[str, ...] = ()
    charset: str | None = None

    @property
    def text_name(self) -> str:
        """The name of the extracted text beside it: the same name, ending .txt."""
        return Path(self.name).stem + ".txt"


@dataclass(frozen=True)
class Extracted:
    """A retrieved document's text, ready to write under seeds/, and the metadata it gives."""

    text: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    pages: int = 0


def media_type(data: bytes, name: str) -> str | None:
    """Tell a PDF or an HTML page from its first bytes and its name; None for anything else."""
    if data.lstrip()[:5] == b"%PDF-" or (b"%PDF-" in data[:1024] and name.lower().endswith(".pdf")):
        return "application/pdf"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if name.lower().endswith(_HTML_SUFFIXES) or head.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    return None


def retrieve_file(document: Path) -> Retrieved | None:
    """Read a saved page or PDF to add; None when the document is a plain text file, added as it is."""
    suffix = document.suffix.lower()
    try:
        if not document.is_file():
            return None  # the text path reports it
        with document.open("rb") as stream:
            head = stream.read(2048)
        kind = media_type(head, document.name)
        if kind is None:
            if suffix == ".pdf":
                raise CitebriefError(f"{document} is named .pdf but is not a PDF (it does not start with %PDF-)")
            return None
        size = document.stat().st_size
        if size > MAX_RETRIEVED_BYTES:
            raise CitebriefError(f"{document} is {size} bytes; the most citebrief reads is {MAX_RETRIEVED_BYTES}")
        data = document.read_bytes()
    except OSError as exc:
        raise CitebriefError(f"cannot read {document}: {exc.strerror or exc}") from None
    name = slug(document.stem, "document") + (".pdf" if kind == "application/pdf" else ".html")
    return Retrieved(name, data, kind, None, None)


def retrieve_url(url: str) -> Retrieved:
    """Fetch a page or PDF to add; refuse any other kind of document."""
    fetched = fetch(url)
    kind = fetched.content_type if fetched.content_type in ("text/html", "application/xhtml+xml",
                                                            "application/pdf") else None
    kind = media_type(fetched.data, urlsplit(fetched.final_url).path) or kind
    if kind is None:
        raise CitebriefError(f"{url} is {fetched.content_type or 'of no stated type'}, not a web page or a PDF; "
                             "save it as text and add the file")
    kind = "application/pdf" if kind == "application/pdf" else "text/html"
    path = urlsplit(fetched.final_url).path.rstrip("/")
    stem = slug(Path(path).stem, "") or slug(urlsplit(fetched.final_url).hostname or "", "page")
    name = stem + (".pdf" if kind == "application/pdf" else ".html")
    return Retrieved(name, fetched.data, kind, fetched.final_url, fetched.accessed, fetched.redirects,
                     fetched.charset)


def extract(retrieved: Retrieved) -> Extracted:
    """Extract a retrieved document's text and metadata: its article for a page, every page for a PDF."""
    if retrieved.media_type == "application/pdf":
        pdf = extract_pdf(retrieved.data, retrieved.name)
        return Extracted(_text_file(pdf_text_file(pdf).splitlines()), pdf.title, None, pdf.published,
                         None, len(pdf.pages))
    page = extract_html(retrieved.data, retrieved.name, retrieved.url, retrieved.charset)
    return Extracted(_text_file(page.lines), page.title, page.site, page.published, page.url)


def _text_file(lines: list[str] | tuple[str, ...]) -> str:
    """Write lines as a text file in which every line is a line for an editor as for citebrief."""
    return "\n".join(" ".join(_LINE_BREAKS.sub(" ", line).split()) for line in lines) + "\n"
