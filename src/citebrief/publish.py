"""Publish editions to a folder: versioned PDFs with checksums, latest.pdf, and an Atom feed."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .editions import Edition, compare, read_editions, summarise
from .errors import CitebriefError
from .incremental import built_edition
from .write import write_outputs

FEED = "feed.atom"
LATEST = "latest.pdf"
_EDITION_FILE = re.compile(r"^(?P<stem>.+)-edition-(?P<number>\d+)\.pdf$")


@dataclass
class Published:
    """What a publish run wrote."""

    edition: int
    written: list[Path]


def publish(root: Path, out_dir: Path, to_dir: Path, title: str, stem: str = "brief", base_url: str = "") -> Published:
    """Copy the built edition's PDF into to_dir under a versioned name, with its checksum, latest.pdf and the feed."""
    edition = built_edition(out_dir)
    editions = read_editions(root)
    pdf = out_dir / "brief.pdf"
    if not pdf.is_file():
        raise CitebriefError(f"{out_dir} holds no built edition; run citebrief build first")
    data = pdf.read_bytes()
    if _edition_of(data) not in (None, edition.number):
        raise CitebriefError(f"{pdf} is not edition {edition.number}; run citebrief build first")
    name = f"{stem}-edition-{edition.number}.pdf"
    if (to_dir / name).is_file() and _meta(to_dir / name, "/citebriefcontent") not in (None, edition.content):
        raise CitebriefError(f"{to_dir / name} is a different brief already published as edition {edition.number}; "
                             "bring in the project's editions/ from whoever published it (git pull), then publish again")
    digest = hashlib.sha256(data).hexdigest()
    files = {
        name: data,
        f"{name}.sha256": f"{digest}  {name}\n".encode(),
        LATEST: data,
        f"{LATEST}.sha256": f"{digest}  {LATEST}\n".encode(),
    }
    published = sorted({edition.number} | _published_numbers(to_dir, stem))
    by_number = {e.number: e for e in editions}
    files[FEED] = atom_feed(title, [by_number[n] for n in published if n in by_number], editions, stem, base_url)
    changed = {n: b for n, b in files.items() if not _same_file(to_dir / n, b)}
    return Published(edition.number, write_outputs(to_dir, changed) if changed else [])


def atom_feed(title: str, published: list[Edition], editions: list[Edition], stem: str, base_url: str) -> bytes:
    """Write an Atom feed with one entry per published edition, newest first."""
    feed_id = uuid.uuid5(uuid.NAMESPACE_URL, f"citebrief:{title}")
    previous = {e.number: p for p, e in zip([None, *editions], editions)}
    entries = []
    for edition in sorted(published, key=lambda e: e.number, reverse=True):
        name = f"{stem}-edition-{edition.number}.pdf"
        summary = summarise(compare(previous[edition.number], edition))
        entries.append(
            "  <entry>\n"
            f"    <id>urn:uuid:{uuid.uuid5(feed_id, f'{edition.number}:{edition.content}')}</id>\n"
            f"    <title>{escape(f'{title} — edition {edition.number}')}</title>\n"
            f"    <updated>{_stamp(edition.date)}</updated>\n"
            f"    <link rel=\"enclosure\" type=\"application/pdf\" href={quoteattr(base_url + name)}/>\n"
            f"    <link rel=\"alternate\" type=\"application/pdf\" href={quoteattr(base_url + name)}/>\n"
            f"    <summary>{escape(summary)}</summary>\n"
            "  </entry>\n"
        )
    updated = _stamp(max((e.date for e in published), default=dt.date(2000, 1, 1)))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>urn:uuid:{feed_id}</id>\n"
        f"  <title>{escape(title)}</title>\n"
        f"  <updated>{updated}</updated>\n"
        "  <author><name>citebrief</name></author>\n"
        f"  <link rel=\"self\" href={quoteattr(base_url + FEED)}/>\n"
        + "".join(entries)
        + "</feed>\n"
    ).encode()


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _published_numbers(to_dir: Path, stem: str) -> set[int]:
    if not to_dir.is_dir():
        return set()
    found = (_EDITION_FILE.match(p.name) for p in to_dir.iterdir())
    return {int(m["number"]) for m in found if m and m["stem"] == stem}


def _same_file(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _edition_of(pdf: bytes) -> int | None:
    """The edition number a citebrief PDF records in its metadata, if it has one."""
    value = _meta(pdf, "/citebriefedition")
    return int(value) if value is not None and str(value).isdigit() else None


def _meta(pdf: bytes | Path, key: str) -> str | None:
    """One entry of a PDF's metadata, if it has it."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        value = (PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf)).metadata or {}).get(key)
    except (PdfReadError, ValueError, OSError):
        return None
    return None if value is None else str(value)
