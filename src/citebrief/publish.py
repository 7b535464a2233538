"""Publish editions to a folder: versioned PDFs with checksums, latest.pdf, and an Atom feed."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from .editions import Edition, compare, read_editions, summarise
from .errors import CitebriefError
from .layout import BRIEF_PDF, EDITIONS_FILE
from .write import write_outputs

FEED = "feed.atom"
LATEST = "latest.pdf"
_EDITION_FILE = re.compile(r"^(?P<stem>.+)-edition-(?P<number>\d+)\.pdf$")


@dataclass
class Published:
    """What a publish run wrote."""

    edition: int
    written: list[Path]
    sha256: str  # of the published file, signed or not
    unsigned_sha256: str  # of the build's brief.pdf, which stays byte-reproducible
    signed_by: str | None = None


class AlreadyPublished(CitebriefError):
    """A published file would be replaced by other bytes."""


def publish(
    out_dir: Path, to_dir: Path, title: str, stem: str = "brief", base_url: str = "",
    author: str = "citebrief", key: Path | None = None,
) -> Published:
    """Publish the built edition's PDF into to_dir, signed if a key is given; never replace a published file.

    Writes the versioned PDF, its checksum, latest.pdf (when it is the newest edition) and the feed.
    """
    editions = read_editions(out_dir)
    pdf = out_dir / BRIEF_PDF
    if not editions or not pdf.is_file():
        raise CitebriefError(f"{out_dir} holds no built edition; run citebrief build first")
    edition = editions[-1]
    unsigned = pdf.read_bytes()
    if _edition_of(unsigned) not in (None, edition.number):
        raise CitebriefError(f"{pdf} is not edition {edition.number}; run citebrief build first")
    name = f"{stem}-edition-{edition.number}.pdf"
    already = _read(to_dir / name)
    signed_by = None
    if already is not None:
        # A signed edition is the built PDF with a signature appended (an incremental update).
        if not already.startswith(unsigned):
            raise AlreadyPublished(
                f"{to_dir / name} is already published with other bytes (sha256 {_sha256(already)[:12]}…) than "
                f"the built edition {edition.number} (sha256 {_sha256(unsigned)[:12]}…); published files are never "
                f"replaced. Was {out_dir} rebuilt from scratch? Restore its {EDITIONS_FILE}, or publish elsewhere."
            )
        data = already
    elif key is not None:
        from .sign import sign_pdf, signer_name

        data, signed_by = sign_pdf(unsigned, key), signer_name(key)
    else:
        data = unsigned
    digest, unsigned_digest = _sha256(data), _sha256(unsigned)
    files = {name: data, f"{name}.sha256": _checksums(name, digest, unsigned_digest)}
    published = sorted({edition.number} | _published_numbers(to_dir, stem))
    if edition.number == published[-1]:
        files[LATEST] = data
        files[f"{LATEST}.sha256"] = _checksums(LATEST, digest, unsigned_digest)
    # A feed entry, once published, stays as it was, even for editions the local history no longer knows.
    by_number = {e.number: e for e in editions}
    kept = _feed_entries(to_dir / FEED, stem)
    fresh = [by_number[n] for n in published if n in by_number and n not in kept]
    files[FEED] = atom_feed(title, fresh, editions, stem, base_url, author, list(kept.values()))
    changed = {n: b for n, b in files.items() if not _same_file(to_dir / n, b)}
    written = write_outputs(to_dir, changed) if changed else []
    return Published(edition.number, written, digest, unsigned_digest, signed_by)


def _checksums(name: str, digest: str, unsigned_digest: str) -> bytes:
    """Write a checksum file sha256sum -c accepts, noting the unsigned build output's checksum too."""
    note = "" if digest == unsigned_digest else f"# before signing (citebrief build's brief.pdf): {unsigned_digest}\n"
    return f"{digest}  {name}\n{note}".encode()


ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(
    title: str, published: list[Edition], editions: list[Edition], stem: str, base_url: str,
    author: str = "citebrief", kept: list[ElementTree.Element] = (),
) -> bytes:
    """Write an Atom feed with one entry per published edition, newest first; keep entries given in kept."""
    feed_id = uuid.uuid5(uuid.NAMESPACE_URL, f"citebrief:{title}")
    previous = {e.number: p for p, e in zip([None, *editions], editions)}
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    _child(feed, "id", f"urn:uuid:{feed_id}")
    _child(feed, "title", title)
    dates = [e.date.isoformat() for e in published] + [_child_text(e, "updated")[:10] for e in kept]
    _child(feed, "updated", _stamp(dt.date.fromisoformat(max(dates, default="2000-01-01"))))
    _child(_child(feed, "author"), "name", author)
    _child(feed, "link", rel="self", href=base_url + FEED)
    entries = [(edition.number, _entry(edition, previous[edition.number], feed_id, title, stem, base_url))
               for edition in published]
    entries += [(_entry_number(entry, stem) or 0, entry) for entry in kept]
    for _, entry in sorted(entries, key=lambda pair: pair[0], reverse=True):
        feed.append(entry)
    ElementTree.register_namespace("", ATOM)
    ElementTree.indent(feed)
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(edition: Edition, previous: Edition | None, feed_id: uuid.UUID, title: str, stem: str,
           base_url: str) -> ElementTree.Element:
    """Make the feed entry of one edition."""
    href = base_url + f"{stem}-edition-{edition.number}.pdf"
    entry = ElementTree.Element(f"{{{ATOM}}}entry")
    _child(entry, "id", f"urn:uuid:{uuid.uuid5(feed_id, f'{edition.number}:{edition.content}')}")
    _child(entry, "title", f"{title} — edition {edition.number}")
    _child(entry, "updated", _stamp(edition.date))
    _child(entry, "link", rel="enclosure", type="application/pdf", href=href)
    _child(entry, "link", rel="alternate", type="application/pdf", href=href)
    _child(entry, "summary", summarise(compare(previous, edition)))
    return entry


def _child(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def _child_text(element: ElementTree.Element, tag: str) -> str:
    return element.findtext(f"{{{ATOM}}}{tag}") or ""


def _feed_entries(feed: Path, stem: str) -> dict[int, ElementTree.Element]:
    """Read the entries of an existing feed by edition number; an unreadable feed keeps none."""
    try:
        root = ElementTree.fromstring(feed.read_bytes())
    except (OSError, ElementTree.ParseError):
        return {}
    found = {}
    for entry in root.findall(f"{{{ATOM}}}entry"):
        number = _entry_number(entry, stem)
        if number is not None:
            found[number] = entry
    return found


def _entry_number(entry: ElementTree.Element, stem: str) -> int | None:
    """The edition number an entry links to."""
    for link in entry.findall(f"{{{ATOM}}}link"):
        match = _EDITION_FILE.match(link.get("href", "").rsplit("/", 1)[-1])
        if match and match["stem"] == stem:
            return int(match["number"])
    return None


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _published_numbers(to_dir: Path, stem: str) -> set[int]:
    if not to_dir.is_dir():
        return set()
    found = (_EDITION_FILE.match(p.name) for p in to_dir.iterdir())
    return {int(m["number"]) for m in found if m and m["stem"] == stem}


def _same_file(path: Path, data: bytes) -> bool:
    return _read(path) == data


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _edition_of(pdf: bytes) -> int | None:
    """The edition number a citebrief PDF records in its metadata, if it has one."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        value = (PdfReader(io.BytesIO(pdf)).metadata or {}).get("/citebriefedition")
    except (PdfReadError, ValueError):
        return None
    return int(value) if value is not None and str(value).isdigit() else None
