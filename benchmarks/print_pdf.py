"""Print citebrief's HTML page to PDF with bare WeasyPrint, and report the time taken.

    python benchmarks/print_pdf.py default|same|tagged PROJECT PAGE.html OUT.pdf

Prints the page with the project's pdf.css and fonts, using WeasyPrint as its documentation shows
for @font-face stylesheets, with its default URL fetcher. `default` uses write_pdf()'s defaults, what
a user of the engine would get; `same` asks for what citebrief asks for by default (PDF/A-3u, custom
metadata), so that the remaining difference is citebrief's own code: the confined URL fetcher, the
attachments and the hashing that decides whether to print at all; `tagged` adds the structure tree
(what pdf/a-3a and pdf/ua-1 ask for). The time printed on stdout starts
before WeasyPrint is imported, as citebrief's PDF stage does.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main(options: str, project: Path, page: Path, out: Path) -> None:
    start = time.perf_counter()
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    templates = project / "templates"
    if not (templates / "pdf.css").is_file():
        templates = Path(__file__).resolve().parent.parent / "templates"
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(templates / "pdf.css"), font_config=fonts)
    document = HTML(string=page.read_text(encoding="utf-8"), base_url=templates.as_uri() + "/")
    extra = {"default": {}, "same": {"pdf_variant": "pdf/a-3u", "custom_metadata": True},
             "tagged": {"pdf_variant": "pdf/a-3u", "custom_metadata": True, "pdf_tags": True}}[options]
    document.write_pdf(out, stylesheets=[stylesheet], font_config=fonts, **extra)
    print(f"{time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
