"""Signed editions: publish signs with the user's PKCS#12 key; verify and `pyhanko sign validate` check it."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pypdf import PdfReader

from citebrief.cli import main
from citebrief.pdf import CSL_ATTACHMENT, RECORDS_ATTACHMENT, PdfAttachment, check_pdf

PASSPHRASE = "correct horse"
ATTACHMENTS = [PdfAttachment(RECORDS_ATTACHMENT, b"", "", "Source"), PdfAttachment(CSL_ATTACHMENT, b"", "", "Data")]


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Refinery Desk")])


def _usage(**allowed) -> x509.KeyUsage:
    names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
             "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    return x509.KeyUsage(**{name: allowed.get(name, False) for name in names})


def _certificate(subject, issuer, public_key, signing_key, ca: bool):
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    usage = _usage(key_cert_sign=True, crl_sign=True) if ca else _usage(digital_signature=True, content_commitment=True)
    return builder.add_extension(usage, critical=True).sign(signing_key, hashes.SHA256())


def make_signer(folder: Path, common_name: str = "Refinery Brief Desk") -> tuple[Path, Path]:
    """Make a throwaway root CA and a signing key it certifies; return the PKCS#12 file and the root's PEM."""
    folder.mkdir(parents=True, exist_ok=True)
    root_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root = _certificate(_name("Throwaway Root"), _name("Throwaway Root"), root_key.public_key(), root_key, ca=True)
    leaf = _certificate(_name(common_name), root.subject, key.public_key(), root_key, ca=False)
    (folder / "root.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    (folder / "signer.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", key, leaf, [root], serialization.BestAvailableEncryption(PASSPHRASE.encode())))
    return folder / "signer.p12", folder / "root.pem"


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    """Build a tiny brief and publish it signed, once for the module; return the folders and the key's files."""
    from conftest import CASES

    base = tmp_path_factory.mktemp("signed")
    root = base / "brief"
    shutil.copytree(CASES / "base", root)
    shutil.copy(CASES / "facts" / "quote_verbatim.yaml", root / "facts")
    key, trust = make_signer(base / "keys")
    settings = root / "citebrief.toml"
    settings.write_text(settings.read_text() + f'\n[publish]\nsigning_key = "{key}"\n')
    patch = pytest.MonkeyPatch()
    patch.setenv("CITEBRIEF_SIGNING_PASSPHRASE", PASSPHRASE)
    patch.delenv("CITEBRIEF_SIGNING_KEY", raising=False)
    try:
        assert main(["build", "--quiet", "--project", str(root)]) == 0
        assert main(["publish", "--project", str(root), "--to", str(base / "site")]) == 0
    finally:
        patch.undo()
    return root, base / "site", trust


def test_publish_signs_the_edition_and_keeps_the_build_reproducible(signed):
    root, site, _ = signed
    unsigned = (root / "output" / "brief.pdf").read_bytes()
    published = (site / "brief-edition-1.pdf").read_bytes()
    assert published != unsigned and published.startswith(unsigned)  # an incremental update: the build's bytes stay
    assert (site / "latest.pdf").read_bytes() == published
    import hashlib

    assert (site / "brief-edition-1.pdf.sha256").read_text() == (
        f"{hashlib.sha256(published).hexdigest()}  brief-edition-1.pdf\n"
        f"# before signing (citebrief build's brief.pdf): {hashlib.sha256(unsigned).hexdigest()}\n")


def test_signed_pdf_stays_pdf_a_3_with_its_attachments(signed):
    _, site, _ = signed
    published = (site / "brief-edition-1.pdf").read_bytes()
    reader = PdfReader(io.BytesIO(published))
    modified = dt.datetime.strptime(str(reader.metadata["/ModDate"])[2:10], "%Y%m%d").date()
    assert check_pdf(published, dt.date(2025, 3, 5), ATTACHMENTS, signed=True) == []
    assert check_pdf(published, dt.date(2025, 3, 5), ATTACHMENTS)[0].startswith(
        "the document information gives D:")  # signing is a modification, dated when it was made
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="U"' in xmp
    assert f'xmp:ModifyDate="{modified.isoformat()}' in xmp
    assert reader.metadata["/Producer"] in xmp  # PDF/A: the information dictionary agrees with the XMP
    assert sorted(reader.attachments) == [RECORDS_ATTACHMENT, CSL_ATTACHMENT]


def test_verify_reports_who_signed_and_trusts_the_given_root(signed, capsys):
    root, site, trust = signed
    pdf = site / "brief-edition-1.pdf"
    assert main(["verify", str(pdf), "--project", str(root), "--trust", str(trust)]) == 0
    out = capsys.readouterr().out
    assert "signed by Organization: Refinery Desk, Common Name: Refinery Brief Desk on " in out
    assert ": intact, trusted" in out and "the brief holds — 1 quotes verified against 1 sources" in out


def test_verify_without_trust_says_the_signer_is_not_trusted(signed, capsys):
    root, site, _ = signed
    assert main(["verify", str(site / "brief-edition-1.pdf"), "--project", str(root)]) == 0
    assert "intact, not trusted (no --trust root vouches for the signer)" in capsys.readouterr().out


def test_verify_with_another_root_fails(signed, tmp_path, capsys):
    root, site, _ = signed
    _, stranger = make_signer(tmp_path / "stranger")
    assert main(["verify", str(site / "brief-edition-1.pdf"), "--project", str(root), "--trust", str(stranger)]) == 1
    assert "brief-edition-1.pdf:1:1: error[signature-untrusted] Organization: Refinery Desk" in capsys.readouterr().err


def test_verify_with_trust_fails_on_an_unsigned_pdf(signed, capsys):
    root, _, trust = signed
    assert main(["verify", str(root / "output" / "brief.pdf"), "--project", str(root), "--trust", str(trust)]) == 1
    assert "brief.pdf:1:1: error[signature-missing] the PDF is not signed" in capsys.readouterr().err


@pytest.mark.parametrize("where", [0.3, 0.6, 0.999])
def test_changing_one_byte_of_a_signed_pdf_fails(signed, tmp_path, capsys, where):
    root, site, trust = signed
    data = bytearray((site / "brief-edition-1.pdf").read_bytes())
    at = int(len(data) * where)
    data[at] = ord("0") if data[at] != ord("0") else ord("1")
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(bytes(data))
    assert main(["verify", str(forged), "--project", str(root), "--trust", str(trust)]) == 1
    err = capsys.readouterr().err
    assert f"forged.pdf:1:1: error[signature-broken] " in err


def test_pyhanko_validate_accepts_the_signed_pdf(signed):
    _, site, trust = signed
    pyhanko = shutil.which("pyhanko") or str(Path(__import__("sys").executable).parent / "pyhanko")
    if not Path(pyhanko).exists():
        pytest.skip("the pyhanko command is not installed (pip install pyhanko-cli)")
    result = subprocess.run([pyhanko, "sign", "validate", "--trust-replace", "--trust", str(trust),
                             str(site / "brief-edition-1.pdf")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert ":INTACT:TRUSTED,UNTOUCHED" in result.stdout


def test_publish_without_a_key_says_the_edition_is_not_signed(project, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CITEBRIEF_SIGNING_KEY", raising=False)
    root = project("quote_verbatim.yaml")
    assert main(["build", "--quiet", "--project", str(root)]) == 0
    assert main(["publish", "--project", str(root), "--to", str(tmp_path / "site")]) == 0
    assert "edition 1 is not signed: no signing key" in capsys.readouterr().out
    assert (tmp_path / "site" / "brief-edition-1.pdf").read_bytes() == (root / "output" / "brief.pdf").read_bytes()


def test_a_wrong_passphrase_publishes_nothing(project, tmp_path, capsys, monkeypatch):
    key, _ = make_signer(tmp_path / "keys")
    monkeypatch.setenv("CITEBRIEF_SIGNING_KEY", str(key))
    monkeypatch.setenv("CITEBRIEF_SIGNING_PASSPHRASE", "wrong")
    root = project("quote_verbatim.yaml")
    assert main(["build", "--quiet", "--project", str(root)]) == 0
    assert main(["publish", "--project", str(root), "--to", str(tmp_path / "site")]) == 1
    assert f"citebrief: error: cannot open the signing key {key}" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
