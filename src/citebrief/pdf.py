"""Print the HTML page to PDF with WeasyPrint, loading nothing but the project's own template files."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .content import content_hash, csl_json
from .errors import CitebriefError
from .models import Source
from .options import PLAIN_PDF
from .templates import Templates

STYLESHEET = "pdf.css"
# PDF/A-3 is the archival part that allows embedded files of any kind (the records, CSL-JSON);
# level "u" asks that all text map to Unicode, which WeasyPrint's embedded fonts provide.
DEFAULT_VARIANT = "pdf/a-3u"


@dataclass(frozen=True)
class PdfAttachment:
    """A file embedded in the PDF."""

    name: str
    data: bytes
    description: str
    relationship: str = "Data"


class RefusedResource(CitebriefError):
    """The page asked for a resource outside the project's templates."""


RECORDS_ATTACHMENT = "citebrief-records.json"
CSL_ATTACHMENT = "sources.csl.json"


def evidence_attachments(records: dict, sources: list[Source]) -> list[PdfAttachment]:
    """Make the files the PDF carries: the verified records with their hash, and the sources as CSL-JSON."""
    with_hash = {"content": content_hash(records), **records}
    return [
        PdfAttachment(
            RECORDS_ATTACHMENT,
            (json.dumps(with_hash, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode(),
            "The brief's verified fact and source records, each source with its file's SHA-256 (citebrief)",
            "Source",
        ),
        PdfAttachment(
            CSL_ATTACHMENT,
            (json.dumps(csl_json(sources), indent=1, ensure_ascii=False) + "\n").encode(),
            "The brief's sources as CSL-JSON, for reference managers",
            "Data",
        ),
    ]


def pdf_key(html: str, templates: Templates, attachments: list[PdfAttachment], variant: str) -> str:
    """Hash everything a PDF is printed from: page, attachments, variant, template files, engine version."""
    digest = hashlib.sha256(html.encode())
    digest.update(f"{version('weasyprint')}|{variant}".encode())
    for attachment in attachments:
        digest.update(f"{attachment.name}|{attachment.description}|{attachment.relationship}".encode())
        digest.update(hashlib.sha256(attachment.data).digest())
    for folder in templates.folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def render_pdf(
    html: str,
    templates: Templates,
    attachments: list[PdfAttachment] = (),
    variant: str = DEFAULT_VARIANT,
    date: dt.date | None = None,
    identifier: str | None = None,
) -> bytes:
    """Print the page to a tagged PDF with its attachments; refuse every resource but data: URLs and templates.

    The same inputs give the same bytes: dates come from `date`, the identifier from `identifier`.
    """
    # Imported here: WeasyPrint is the slowest import, and only this stage needs it.
    from weasyprint import CSS, HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration

    base = templates.folders[0].as_uri() + "/"
    css = templates.read(STYLESHEET)
    # A warm process (watch, serve) parses the stylesheet and loads its fonts once, until the stylesheet changes.
    fetcher, fonts, stylesheet = templates.warm.get(("pdf", css)) or (None, None, None)
    if stylesheet is None or fetcher.refused:
        fetcher = _confined_fetcher(templates)
        fonts = FontConfiguration()
        stylesheet = CSS(string=css, base_url=base, url_fetcher=fetcher, font_config=fonts)
        templates.warm[("pdf", css)] = (fetcher, fonts, stylesheet)
    page = HTML(string=html, base_url=base, url_fetcher=fetcher)
    document = page.render(stylesheets=[stylesheet], font_config=fonts)
    if fetcher.refused:
        raise RefusedResource("the page asked for resources outside the project: " + ", ".join(fetcher.refused))
    stamp = dt.datetime.combine(date or dt.date(2000, 1, 1), dt.time(), dt.timezone.utc)
    files = [
        Attachment(file_obj=io.BytesIO(a.data), name=a.name, description=a.description, created=stamp, modified=stamp,
                   relationship=a.relationship, url_fetcher=fetcher)
        for a in attachments
    ]
    return document.write_pdf(
        pdf_variant=None if variant == PLAIN_PDF else variant,
        pdf_tags=True,
        custom_metadata=True,
        attachments=files,
        pdf_identifier=identifier.encode() if identifier else True,
    )


def _confined_fetcher(templates: Templates):
    from weasyprint.urls import URLFetcher

    class ConfinedFetcher(URLFetcher):
        """Fetch data: URLs and files of the project's templates; refuse everything else."""

        def __init__(self):
            super().__init__(allowed_protocols={"data", "file"})
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = _template_file(Path(unquote(urlsplit(url).path)), templates)
                if path is not None:
                    return super().fetch(path.as_uri(), headers)
            self.refused.append(url[:200])
            raise ValueError(f"citebrief loads no resource from {url[:200]!r}")

    return ConfinedFetcher()


def _template_file(path: Path, templates: Templates) -> Path | None:
    """Map a file URL under the project's templates folder to the template file that serves it."""
    own = templates.folders[0]
    try:
        name = path.resolve().relative_to(own).as_posix() if path.resolve().is_relative_to(own) else None
    except OSError:
        return None
    return templates.find(name) if name else None
