"""Choices shared by the command line and the settings, importable without the rendering stack."""

from typing import Literal

# WeasyPrint's PDF variants; "" prints a plain PDF.
PDF_VARIANTS = (
    "", "pdf/a-1a", "pdf/a-1b", "pdf/a-2a", "pdf/a-2b", "pdf/a-2u", "pdf/a-3a", "pdf/a-3b", "pdf/a-3u",
    "pdf/a-4e", "pdf/a-4f", "pdf/a-4u", "pdf/ua-1", "pdf/ua-2",
)
PdfVariant = Literal[PDF_VARIANTS]  # type: ignore[valid-type]

# What `citebrief export` writes.
EXPORT_FORMATS = ("csl-json", "bibtex", "json")
