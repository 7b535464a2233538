"""Print the HTML page to PDF with WeasyPrint, loading nothing but the project's own template files."""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import CitebriefError
from .templates import Templates

STYLESHEET = "pdf.css"


class RefusedResource(CitebriefError):
    """The page asked for a resource outside the project's templates."""


def pdf_key(html: str, templates: Templates) -> str:
    """Hash everything a PDF is printed from: the page, the template files, the engine's version."""
    digest = hashlib.sha256(html.encode())
    digest.update(version("weasyprint").encode())
    for folder in templates.folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def render_pdf(html: str, templates: Templates) -> bytes:
    """Print the page to PDF with the PDF stylesheet; refuse every resource but data: URLs and templates."""
    # Imported here: WeasyPrint is the slowest import, and only this stage needs it.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _confined_fetcher(templates)
    fonts = FontConfiguration()
    base = templates.folders[0].as_uri() + "/"
    stylesheet = CSS(string=templates.read(STYLESHEET), base_url=base, url_fetcher=fetcher, font_config=fonts)
    page = HTML(string=html, base_url=base, url_fetcher=fetcher)
    document = page.render(stylesheets=[stylesheet], font_config=fonts)
    if fetcher.refused:
        raise RefusedResource("the page asked for resources outside the project: " + ", ".join(fetcher.refused))
    return document.write_pdf()


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
