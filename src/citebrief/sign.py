"""Sign an edition's PDF (PAdES baseline B-B, with pyHanko) and read back the signatures a PDF carries."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import CitebriefError
from .models import Settings

SIGNING_KEY_ENV = "CITEBRIEF_SIGNING_KEY"
PASSPHRASE_ENV = "CITEBRIEF_SIGNING_PASSPHRASE"
SIGNATURE_FIELD = "citebrief"


class SigningError(CitebriefError):
    """The signing key cannot be read or used."""


@dataclass(frozen=True)
class Signature:
    """A signature read back from a PDF, and what validating it found."""

    signer: str
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes are unchanged and the cryptography holds
    whole_file: bool  # nothing was added after signing
    trusted: bool  # the signer's certificate chains to one of the given roots

    def describe(self) -> str:
        """Say in a line who signed, when, and whether it holds."""
        state = "intact" if self.intact and self.whole_file else "NOT intact"
        if self.signed_at is None:
            return f"carries {self.signer}: {state}"
        trust = "trusted" if self.trusted else "not trusted (no --trust root vouches for the signer)"
        return f"signed by {self.signer} on {self.signed_at.isoformat(timespec='seconds')}: {state}, {trust}"


def signing_key(root: Path, settings: Settings) -> Path | None:
    """Find the PKCS#12 file to sign with: CITEBRIEF_SIGNING_KEY, else [publish] signing_key, else none."""
    named = os.environ.get(SIGNING_KEY_ENV)
    if named:
        return Path(named)
    configured = settings.publish.signing_key if settings.publish else None
    return root / configured if configured else None


def sign_pdf(data: bytes, key: Path) -> bytes:
    """Sign the PDF as an incremental update, so that its unsigned bytes, XMP and attachments stay as built."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    passphrase = os.environ.get(PASSPHRASE_ENV)
    try:
        blob = key.read_bytes()
    except OSError as exc:
        raise SigningError(f"cannot read the signing key {key}: {exc.strerror}") from None
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(blob, [], passphrase.encode() if passphrase else None)
    except (ValueError, TypeError) as exc:
        hint = "" if passphrase else f" (is {PASSPHRASE_ENV} set?)"
        raise SigningError(f"cannot open the signing key {key}: {exc}{hint}") from None
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    _name_one_producer(writer)
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
    )
    out = signers.sign_pdf(writer, metadata, signer=signer, new_field_spec=fields.SigFieldSpec(SIGNATURE_FIELD))
    return out.getvalue()


def _name_one_producer(writer) -> None:
    """Name pyHanko alone as the producer, as the XMP it rewrites will, so that both agree as PDF/A requires.

    pyHanko appends itself to the document information's /Producer but writes only itself into the XMP's
    pdf:Producer; PDF/A wants the two equal.
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata.model import VENDOR

    info = writer.trailer["/Info"]
    info["/Producer"] = generic.TextStringObject(VENDOR)
    writer.update_container(info)


def signer_name(key: Path) -> str:
    """Name the holder of a signing key's certificate."""
    from pyhanko.sign import signers

    passphrase = os.environ.get(PASSPHRASE_ENV)
    signer = signers.SimpleSigner.load_pkcs12_data(key.read_bytes(), [], passphrase.encode() if passphrase else None)
    return signer.signing_cert.subject.human_friendly


def read_signatures(data: bytes, roots: list[Path] = ()) -> list[Signature]:
    """Validate every signature in the PDF; trust only the given root certificates, fetch nothing."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.general import load_certs_from_pemder
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    trust = list(load_certs_from_pemder([str(root) for root in roots])) if roots else []
    signatures = []
    for embedded in PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures:
        context = ValidationContext(trust_roots=trust, allow_fetching=False, revocation_mode="soft-fail")
        try:
            with _quiet_logger("pyhanko"), _quiet_logger("pyhanko_certvalidator"):
                status = validate_pdf_signature(embedded, context)
        except (ValueError, KeyError, TypeError) as exc:  # a signature too damaged to validate
            signatures.append(Signature(f"a signature that cannot be validated ({str(exc)[:200]})", None, False, False, False))
            continue
        signatures.append(Signature(
            signer=status.signing_cert.subject.human_friendly,
            signed_at=status.signer_reported_dt,
            intact=bool(status.intact and status.valid),
            whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
            trusted=bool(status.trusted) if trust else False,
        ))
    return signatures


class _quiet_logger:
    """Silence a library's loggers while it validates: citebrief reports the outcome itself."""

    def __init__(self, name: str):
        self.logger = logging.getLogger(name)

    def __enter__(self):
        self.level = self.logger.level
        self.logger.setLevel(logging.CRITICAL + 1)

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)
