"""Re-check a distributed PDF: its signature, its attached records, and every quote against the sources.

The PDF may come from a stranger: reading it is bounded in memory and time, and every way it can be
malformed ends in a diagnostic, never a traceback (issue #16).
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .content import content_hash
from .errors import CitebriefError, Location, Problem
from .models import Disagreement, Fact, Judgment, Source
from .pdf import RECORDS_ATTACHMENT
from .seeds import read_seeds
from .sign import Signature, read_signatures
from .verify import verify_quotes

# A real brief's records are a few hundred kilobytes and a few thousand JSON values; these bounds are far
# above that and far below what would exhaust a machine.
MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_RECORDS_BYTES = 16 * 1024 * 1024
MAX_RECORDS_VALUES = 200_000  # objects and arrays, counted before parsing


class AttachedSource(Source):
    """A source as the records carry it: the project's record plus its file's SHA-256."""

    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$", description="The source file's SHA-256.")


class AttachedRecords(BaseModel):
    """The shape of citebrief-records.json: the project's own record models, nothing else."""

    model_config = ConfigDict(extra="forbid")

    format: str = Field(pattern=r"^citebrief-records/\d+$")
    settings: dict = Field(default_factory=dict)
    sources: list[AttachedSource]
    facts: list[Fact]
    judgments: list[Judgment] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)


@dataclass
class Audit:
    """What re-checking a PDF found."""

    quotes: int
    sources: int
    problems: list[Problem]
    signatures: list[Signature] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        """Whether the brief still stands on its sources."""
        return not any(p.severity == "error" for p in self.problems)


def audit_pdf(pdf: Path, sources_dir: Path, trust: list[Path] = ()) -> Audit:
    """Check the PDF's signature, that its records were not altered, and every quote in sources_dir.

    With trust, the PDF must carry a signature by a certificate that chains to one of those roots.
    """
    where = Location(f"{pdf.name}#{RECORDS_ATTACHMENT}")
    data = _read_pdf(pdf)
    signatures, problems = _check_signatures(data, Location(pdf.name), trust)
    try:
        raw, printed = _read_attachment(pdf, data)
        records, claimed = _parse_records(pdf, raw)
    except CitebriefError as exc:
        if not problems:
            raise
        # A broken signature explains an unreadable file: report both, as diagnostics.
        message = str(exc).removeprefix(f"{pdf}: ")
        return Audit(0, 0, [*problems, Problem.at(where, "records-unreadable", message)], signatures)
    actual = content_hash(records)
    altered = claimed != actual
    if altered:
        problems.append(Problem.at(where, "records-altered",
                                   f"the attached records hash to {actual[:12]}…, not the {str(claimed)[:12]}… they carry; "
                                   "their quotes are not checked"))
    if printed != claimed:
        problems.append(Problem.at(where, "records-altered",
                                   "the attached records do not match the content hash in the PDF's metadata"))
    try:
        shaped = AttachedRecords.model_validate(records)
    except ValidationError as exc:
        first = exc.errors()[0]
        at = ".".join(str(part) for part in first["loc"])
        raise CitebriefError(f"{pdf}: the attached records are not citebrief records: {at}: {first['msg']}"
                             + (f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else "")) from None
    if altered:
        return Audit(0, len(shaped.sources), problems, signatures)
    sources = [Source.model_validate(s.model_dump(exclude={"sha256"})) for s in shaped.sources]
    texts, seed_problems = read_seeds(sources_dir, sources, sources_dir)
    problems += [replace(p, file=where.file) if p.file == "?" else p for p in seed_problems]
    recorded = {s.id: s.sha256 for s in shaped.sources}
    for source_id, text in texts.items():
        if recorded.get(source_id) and text.sha256 != recorded[source_id]:
            problems.append(Problem.at(Location(text.rel), "seed-changed",
                                       "the source file differs from the one the brief was built from; "
                                       "its quotes are checked again", source_id, "warning"))
    cited = [(f.id, f.citations) for f in shaped.facts]
    cited += [(d.id, p.citations) for d in shaped.disagreements for p in d.positions]
    problems += [replace(p, file=where.file) if p.file == "?" else p for p in verify_quotes(cited, texts)[0]]
    quotes = sum(len(citations) for _, citations in cited)
    return Audit(quotes, len(sources), problems, signatures)


def _read_pdf(pdf: Path) -> bytes:
    """Read the file, refusing one too large to be a brief."""
    try:
        with pdf.open("rb") as file:
            data = file.read(MAX_PDF_BYTES + 1)
    except OSError as exc:
        raise CitebriefError(f"{pdf}: cannot read the PDF: {exc.strerror or exc}") from None
    if len(data) > MAX_PDF_BYTES:
        raise CitebriefError(f"{pdf}: the file is larger than {MAX_PDF_BYTES // 2**20} MB; no brief is that large")
    return data


def _check_signatures(data: bytes, where: Location, trust: list[Path]) -> tuple[list[Signature], list[Problem]]:
    """Validate the PDF's signatures; broken ones are errors, and with trust an unsigned or untrusted PDF is too."""
    try:
        signatures = read_signatures(data, trust)
    except Exception as exc:  # noqa: BLE001 - a stranger's file: any failure to parse it is a finding, not a crash
        if b"/ByteRange" not in data:  # nothing claims to be a signature: an unsigned (if odd) PDF
            signatures = []
        else:
            unreadable = Signature("a signature that cannot be read", None, False, False, False)
            return [unreadable], [Problem.at(where, "signature-broken",
                                             f"the PDF cannot be read as a signed PDF: {str(exc)[:200]}")]
    problems: list[Problem] = []
    for signature in signatures:
        if not (signature.intact and signature.whole_file):
            state = "the signed bytes were changed" if not signature.intact else "the file was changed after signing"
            problems.append(Problem.at(where, "signature-broken", f"{signature.signer}: {state}"))
        elif trust and not signature.trusted:
            problems.append(Problem.at(where, "signature-untrusted",
                                       f"{signature.signer} is not vouched for by any certificate given with --trust"))
    if trust and not signatures:
        problems.append(Problem.at(where, "signature-missing", "the PDF is not signed, and --trust asks for a signature"))
    return signatures, problems


def _read_attachment(pdf: Path, data: bytes) -> tuple[bytes, str | None]:
    """Return the attached records' bytes, inflated at most to MAX_RECORDS_BYTES, and the metadata's hash."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        printed = (reader.metadata or {}).get("/citebriefcontent")
        stream = _embedded_stream(reader, RECORDS_ATTACHMENT)
        raw = _inflate(stream, pdf) if stream is not None else None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise CitebriefError(f"{pdf}: cannot read the PDF: {str(exc)[:200]}") from None
    if raw is None:
        raise CitebriefError(f"{pdf}: the PDF carries no {RECORDS_ATTACHMENT}; was it built by citebrief?")
    return raw, str(printed) if printed is not None else None


def _embedded_stream(reader, name: str):
    """Find the named embedded file's stream in the catalogue's flat /EmbeddedFiles list, as citebrief writes it."""
    names = reader.trailer["/Root"].get_object()
    for key in ("/Names", "/EmbeddedFiles", "/Names"):
        names = names.get(key) if hasattr(names, "get") else None
        names = names.get_object() if names is not None else None
    if not isinstance(names, list):
        return None
    for index in range(0, min(len(names), 200) - 1, 2):
        if str(names[index].get_object()) == name:
            return names[index + 1].get_object()["/EF"]["/F"].get_object()
    return None


def _inflate(stream, pdf: Path) -> bytes:
    """Decode the stream's bytes (uncompressed or Flate, as WeasyPrint writes them), refusing to inflate past the cap."""
    filters = stream.get("/Filter")
    filters = [filters] if not isinstance(filters, list) else list(filters)
    encoded = stream._data  # the raw bytes: pypdf's own decoding would inflate before any cap of ours applies
    if filters in ([None], []):
        data = encoded
    elif [str(f) for f in filters] == ["/FlateDecode"] and "/DecodeParms" not in stream:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(encoded, MAX_RECORDS_BYTES + 1)
        except zlib.error as exc:
            raise CitebriefError(f"{pdf}: the attached records cannot be decompressed: {exc}") from None
    else:
        raise CitebriefError(f"{pdf}: the attached records use a compression citebrief does not write: {filters}")
    if len(data) > MAX_RECORDS_BYTES:
        raise CitebriefError(f"{pdf}: the attached records inflate past {MAX_RECORDS_BYTES // 2**20} MB; "
                             "no brief's records are that large")
    return data


def _parse_records(pdf: Path, raw: bytes) -> tuple[dict, str | None]:
    """Parse the records' JSON after bounding how many values it holds; return them and the hash they carry."""
    values = raw.count(b"{") + raw.count(b"[")
    if values > MAX_RECORDS_VALUES:
        raise CitebriefError(f"{pdf}: the attached records hold over {MAX_RECORDS_VALUES:,} objects and arrays; "
                             "no brief's records hold that many")
    try:
        data = json.loads(raw)
    except RecursionError:
        raise CitebriefError(f"{pdf}: the attached records are nested too deeply to be citebrief records") from None
    except ValueError as exc:
        raise CitebriefError(f"{pdf}: the attached records are not valid JSON: {str(exc)[:200]}") from None
    if not isinstance(data, dict):
        raise CitebriefError(f"{pdf}: the attached records are not a JSON object")
    claimed = data.pop("content", None)
    return data, claimed if isinstance(claimed, str) else None
