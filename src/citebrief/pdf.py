"""Print the HTML page to PDF with WeasyPrint, loading nothing but the project's own template files."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import os
import unicodedata
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel

from .collector import paused
from .content import content_hash, csl_json
from .errors import CitebriefError, Location, Problem, clip
from .layout import SETTINGS_FILE
from .models import Record, Source
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


@dataclass(frozen=True)
class PrintedPdf:
    """A printed PDF, and the page (counted from 1) of each anchor asked for, as the layout placed it."""

    data: bytes
    pages: dict[str, int]


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
    digest.update(f"{version('weasyprint')}|{font_subsetter()}|{variant}".encode())
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
    anchors: tuple[str, ...] = (),
) -> PrintedPdf:
    """Print the page to PDF with its attachments; refuse every resource but data: URLs and templates.

    The same inputs give the same bytes: dates come from `date`, the identifier from `identifier`, every
    glyph from the shipped fonts (MissingGlyph names any character they lack).
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
    with paused():  # the layout of every page: many objects, little garbage
        document = page.render(stylesheets=[stylesheet], font_config=fonts)
    if fetcher.refused:
        raise RefusedResource("the page asked for resources outside the project: " + ", ".join(fetcher.refused))
    stamp = dt.datetime.combine(date or dt.date(2000, 1, 1), dt.time(), dt.timezone.utc)
    files = [
        Attachment(file_obj=io.BytesIO(a.data), name=a.name, description=a.description, created=stamp, modified=stamp,
                   relationship=a.relationship, url_fetcher=fetcher)
        for a in attachments
    ]
    with _reproducible_fonts(stamp):
        data = document.write_pdf(
            # No pdf_tags: WeasyPrint tags the variants that require a structure tree (pdf/a-?a, pdf/ua-?) and no
            # other, since the tree costs a tenth of the print time and a sixth more memory.
            pdf_variant=None if variant == PLAIN_PDF else variant,
            custom_metadata=True,
            attachments=files,
            pdf_identifier=identifier.encode() if identifier else True,
            finisher=_list_attachments_once,
        )
    foreign = [font for font in _printed_fonts(document) if font.family not in SHIPPED_FAMILIES]
    if any(c.isascii() and c.isalnum() for font in foreign for c in font.characters):
        drawn = sorted({c for font in foreign for c in font.characters if not c.isspace()})
        raise CitebriefError(
            f"the templates ask for fonts citebrief does not ship: the PDF would embed "
            f"{', '.join(sorted({f.family for f in foreign}))} for {len(drawn)} characters ({clip(''.join(drawn), 20)}); "
            'name "Charis SIL" or Inter in font-family')
    if foreign:
        raise MissingGlyph(sorted({c for font in foreign for c in font.characters if not c.isspace()}))
    return PrintedPdf(data, {name: number for number, printed in enumerate(document.pages, 1)
                             for name in anchors if name in printed.anchors})


def _printed_fonts(document) -> list[EmbeddedFont]:
    """List the fonts WeasyPrint drew the document with, as `embedded_fonts` would read them back, without reading."""
    found = []
    for font in document.fonts.values():
        name = font.name.decode().lstrip("/")
        family = name.split("+", 1)[1] if name[6:7] == "+" else name
        found.append(EmbeddedFont(family, True, "".join(sorted(set("".join(font.to_unicode.values()))))))
    return found


# The PostScript family names of the fonts in templates/fonts, as a PDF names them (subset tag dropped).
SHIPPED_FAMILIES = frozenset({"Charis-SIL", "Charis-SIL-Bold", "Charis-SIL-Italic", "Charis-SIL-Bold-Italic",
                              "Inter", "Inter-Bold", "Inter-Semi-Bold"})


class MissingGlyph(CitebriefError):
    """The shipped fonts have no glyph for a character the page uses."""

    def __init__(self, characters: list[str]):
        self.characters = characters
        named = ", ".join(describe_character(c) for c in characters) or "a character"
        super().__init__(f"the shipped fonts have no glyph for {named}; a system font would be embedded instead")


def glyph_problems(characters: list[str], records: list[Record], settings_file: str = SETTINGS_FILE) -> list[Problem]:
    """Report each character the shipped fonts lack at every record whose text uses it, else at the settings."""
    problems = []
    for character in characters:
        message = f"the shipped fonts have no glyph for {describe_character(character)}"
        users = [(record, path) for record in records for path in _texts_using(record, character)]
        problems += [Problem.at(record.location_of(*path), "glyph-missing", message, getattr(record, "id", None))
                     for record, path in users]
        if not users:
            problems.append(Problem.at(Location(settings_file), "glyph-missing", message))
    return problems


def _texts_using(value, character: str, path: tuple = ()):
    """Yield the path of every text inside a record (its citations, positions …) that uses the character."""
    if isinstance(value, str):
        if character in value:
            yield path
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts_using(item, character, (*path, index))
    elif isinstance(value, Record | BaseModel):
        for name, item in value:
            if name != "id":
                yield from _texts_using(item, character, (*path, name))


def describe_character(character: str) -> str:
    """Name a character so that a reader can find it: the glyph, its code point and Unicode name."""
    return f"{character!r} (U+{ord(character):04X} {unicodedata.name(character, 'unnamed')})"


def font_subsetter() -> str:
    """Name the font subsetter WeasyPrint will use here: HarfBuzz where libharfbuzz-subset is installed, else fontTools."""
    from weasyprint.pdf import fonts as weasyprint_fonts

    if weasyprint_fonts.harfbuzz_subset and weasyprint_fonts.harfbuzz.hb_version_atleast(4, 1, 0):
        return "harfbuzz-subset"
    return f"fontTools {version('fonttools')}"


@contextmanager
def _reproducible_fonts(stamp: dt.datetime):
    """Subset fonts the same way in every process, stamped with the brief's date rather than the clock.

    WeasyPrint subsets with HarfBuzz where libharfbuzz-subset is installed (ten times faster; each font
    keeps its own head.modified) and with fontTools elsewhere, which writes the current time into each
    font's head.modified unless SOURCE_DATE_EPOCH is set (issue #15). The two give different bytes, so
    the PDF's key names the subsetter (`font_subsetter`).
    """
    saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    try:
        with warnings.catch_warnings(), _quiet_logger("weasyprint"):
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    finally:
        if saved_epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved_epoch


@contextmanager
def _quiet_logger(name: str):
    """Silence WeasyPrint's warning that it subsets with fontTools where HarfBuzz's subsetter is missing."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _list_attachments_once(document, pdf) -> None:
    """Keep each attachment once in the catalogue's /AF array; WeasyPrint adds each twice (Kozea/WeasyPrint#2917)."""
    listed = pdf.catalog.get("AF")
    if listed:
        unique = {_text(reference): reference for reference in reversed(listed)}  # some references are bytes
        listed.clear()
        listed.extend(reversed(unique.values()))


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


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


@dataclass(frozen=True)
class EmbeddedFont:
    """A font a PDF uses, read back: its family, whether its file is inside, the characters it draws."""

    family: str
    embedded: bool
    characters: str


def embedded_fonts(data: bytes) -> list[EmbeddedFont]:
    """Read back every font the PDF's pages use."""
    from pypdf import PdfReader

    found: dict[str, EmbeddedFont] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            family = name.split("+", 1)[1] if name[6:7] == "+" else name
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            to_unicode = font.get("/ToUnicode")
            characters = _mapped_characters(to_unicode.get_object().get_data()) if to_unicode else ""
            found.setdefault(name, EmbeddedFont(family, embedded, characters))
    return sorted(found.values(), key=lambda f: f.family)


_HEX = rb"<([0-9A-Fa-f]+)>"


def _mapped_characters(cmap: bytes) -> str:
    """Read the characters a ToUnicode CMap maps glyphs to (bfchar and bfrange entries)."""
    import re

    characters: set[str] = set()
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for _, target in re.findall(_HEX + rb"\s*" + _HEX, section):
            characters.add(_utf16(target))
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, target in re.findall(_HEX + rb"\s*" + _HEX + rb"\s*" + _HEX, section):
            start = ord(_utf16(target)[:1] or "\0")
            characters.update(chr(start + i) for i in range(min(int(high, 16) - int(low, 16) + 1, 256)))
    return "".join(sorted(characters))


def _utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be", errors="replace")


def check_pdf(
    data: bytes, date: dt.date, attachments: list[PdfAttachment], variant: str = DEFAULT_VARIANT, signed: bool = False,
) -> list[str]:
    """Read a PDF back and say what keeps it from being the archival file citebrief means to write.

    No PDF/A validator installs from the registries, so this checks what can be read back: XMP well-formed
    with the variant's part and conformance, the output intent, each attachment once in /AF with its MIME
    type and relationship, only the shipped fonts and all embedded, every date the brief's.
    """
    from xml.etree import ElementTree

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    problems: list[str] = []
    try:
        xmp = ElementTree.fromstring(root["/Metadata"].get_object().get_data())
    except (KeyError, ElementTree.ParseError) as exc:
        return [f"the XMP metadata is missing or not well-formed XML: {exc}"]
    values = {key.split("}")[-1]: value for element in xmp.iter() for key, value in element.attrib.items()}
    values.update({element.tag.split("}")[-1]: (element.text or "") for element in xmp.iter()})
    part, conformance = variant.removeprefix("pdf/a-")[:1], variant.removeprefix("pdf/a-")[1:].upper()
    if variant.startswith("pdf/a-") and (values.get("part"), values.get("conformance")) != (part, conformance):
        problems.append(f"the XMP names PDF/A part {values.get('part')} conformance {values.get('conformance')}, "
                        f"not {part}{conformance}")
    intents = [i.get_object().get("/S") for i in root.get("/OutputIntents", [])]
    if variant.startswith("pdf/a-") and intents != ["/GTS_PDFA1"]:
        problems.append(f"the output intents are {intents}, not one /GTS_PDFA1")
    listed = [reference.get_object() for reference in root.get("/AF", [])]
    names = [str(spec.get("/UF")) for spec in listed]
    expected = [a.name for a in attachments]
    if sorted(names) != sorted(expected):
        problems.append(f"/AF lists {names}, not each of {expected} once")
    by_name = {a.name: a for a in attachments}
    stamp = f"D:{date:%Y%m%d}000000Z"
    for spec in listed:
        attachment = by_name.get(str(spec.get("/UF")))
        stream = spec["/EF"]["/F"].get_object()
        if attachment and spec.get("/AFRelationship") != f"/{attachment.relationship}":
            problems.append(f"{attachment.name} is related as {spec.get('/AFRelationship')}, not /{attachment.relationship}")
        if stream.get("/Subtype") != "/application/json":
            problems.append(f"{spec.get('/UF')} has MIME type {stream.get('/Subtype')}, not application/json")
        params = stream.get("/Params", {})
        if (params.get("/CreationDate"), params.get("/ModDate")) != (stamp, stamp):
            problems.append(f"{spec.get('/UF')} is dated {params.get('/CreationDate')}, not {stamp}")
    for font in embedded_fonts(data):
        if not font.embedded or font.family not in SHIPPED_FAMILIES:
            problems.append(f"the font {font.family} is {'' if font.embedded else 'not embedded and '}not shipped")
    info = reader.metadata or {}
    dated = {"document information": (info.get("/CreationDate"), info.get("/ModDate"), f"D:{date:%Y%m%d}"),
             "XMP": (values.get("CreateDate"), values.get("ModifyDate"), date.isoformat())}
    for where, (created, modified, expected) in dated.items():
        if created != expected:
            problems.append(f"the {where} gives {created} as the creation date, not {expected}")
        if modified != expected and not signed:  # signing is a modification, dated when it was made
            problems.append(f"the {where} gives {modified} as the modification date, not {expected}")
    return problems
