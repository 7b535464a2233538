"""Choices shared by the command line, the settings and the record models, importable without the rendering stack."""

from typing import Literal

# WeasyPrint's PDF variants; PLAIN_PDF prints a plain PDF.
PLAIN_PDF = ""  # the one spelling of "no PDF standard" inside citebrief, as citebrief.toml writes it
PLAIN_PDF_ARGUMENT = "none"  # how the command line writes it: `--pdf-variant none`
PDF_VARIANTS = (
    PLAIN_PDF, "pdf/a-1a", "pdf/a-1b", "pdf/a-2a", "pdf/a-2b", "pdf/a-2u", "pdf/a-3a", "pdf/a-3b", "pdf/a-3u",
    "pdf/a-4e", "pdf/a-4f", "pdf/a-4u", "pdf/ua-1", "pdf/ua-2",
)
PdfVariant = Literal[PDF_VARIANTS]  # type: ignore[valid-type]

# What kind of document a source is.
SOURCE_KINDS = ("original", "rewrite", "analysis", "opinion")

# The kinds of project file that have a JSON Schema (`citebrief schema KIND`).
SCHEMA_KINDS = ("facts", "sources", "judgments", "disagreements")

# What `citebrief export` writes.
EXPORT_FORMATS = ("csl-json", "bibtex", "json")


def untagged(variant: str) -> str:
    """Name the variant a draft of this one prints as without a structure tree: pdf/a-3a as pdf/a-3u, pdf/ua-1 plain."""
    if variant.startswith("pdf/ua-"):
        return PLAIN_PDF
    if variant.startswith("pdf/a-") and variant.endswith("a"):
        return variant[:-1] + ("b" if variant == "pdf/a-1a" else "u")  # PDF/A-1 has no level u
    return variant


PDF_VARIANT_ARGUMENTS = tuple(PLAIN_PDF_ARGUMENT if v == PLAIN_PDF else v for v in PDF_VARIANTS)


def pdf_variant(argument: str | None) -> str | None:
    """Read `--pdf-variant` as citebrief spells the variant inside (`none` is the plain PDF); None if not given."""
    return PLAIN_PDF if argument == PLAIN_PDF_ARGUMENT else argument
