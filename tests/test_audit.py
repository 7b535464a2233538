"""The PDF carries its evidence: attachments read back, `citebrief verify` passes on it and fails on tampering."""

import json
import shutil

import pytest
from pypdf import PdfReader, PdfWriter

from citebrief.build import build
from citebrief.cli import main
from conftest import REPO


@pytest.fixture
def shipped(shipped):
    """The shipped brief's PDF, built once per session (conftest.py)."""
    return shipped / "brief.pdf"


def _records(pdf):
    return json.loads(PdfReader(pdf).attachments["citebrief-records.json"][0])


def test_shipped_pdf_carries_records_and_csl(shipped):
    reader = PdfReader(shipped)
    assert sorted(reader.attachments) == ["citebrief-records.json", "sources.csl.json"]
    records = _records(shipped)
    assert {s["id"] for s in records["sources"]} == {
        "yomiuri-2025-05-30", "rewrite-25-minute-call", "rewrite-yomiuri-partnership", "japan-times-2025-06-16", "reex-view"}
    import hashlib

    for source in records["sources"]:
        assert source["sha256"] == hashlib.sha256((REPO / "seeds" / source["file"]).read_bytes()).hexdigest()
    assert len(records["facts"]) > 50 and records["judgments"] and records["disagreements"]
    csl = json.loads(reader.attachments["sources.csl.json"][0])
    yomiuri = next(item for item in csl if item["id"] == "yomiuri-2025-05-30")
    assert yomiuri["container-title"] == "The Yomiuri Shimbun"
    assert yomiuri["issued"] == {"date-parts": [[2025, 5, 30]]}
    assert reader.metadata["/citebriefcontent"] == records["content"]


def test_shipped_pdf_is_pdf_a_3a_and_tagged(shipped):
    # The shipped project sets what a ministry should distribute: archival, accessible, carrying its evidence.
    reader = PdfReader(shipped)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"


def test_verify_passes_on_the_shipped_pdf(shipped, capsys):
    assert main(["verify", str(shipped), "--sources", str(REPO / "seeds")]) == 0
    assert "the brief holds" in capsys.readouterr().out


def _with_records(pdf, target, edit):
    """Write a copy of the PDF whose attached records were edited."""
    records = _records(pdf)
    edit(records)
    writer = PdfWriter(clone_from=pdf)
    _replace_attachment(writer, "citebrief-records.json", json.dumps(records).encode())
    writer.write(target)
    return target


def _replace_attachment(writer, name, data):
    """Point the named embedded file at new bytes."""
    from pypdf.generic import NameObject, StreamObject

    names = writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    for i in range(0, len(names), 2):
        if names[i] == name:
            spec = names[i + 1].get_object()
            stream = StreamObject()
            stream.set_data(data)
            stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
            spec["/EF"][NameObject("/F")] = writer._add_object(stream)
            return
    raise AssertionError(f"{name} not attached")


def test_verify_fails_on_edited_attached_facts(shipped, tmp_path, capsys):
    def edit(records):
        records["facts"][0]["statement"] = "Japan has signed a binding treaty."

    copy = _with_records(shipped, tmp_path / "edited.pdf", edit)
    assert main(["verify", str(copy), "--sources", str(REPO / "seeds")]) == 1
    assert "error[records-altered]" in capsys.readouterr().err


def test_verify_fails_when_a_quote_was_edited_even_with_a_recomputed_hash(shipped, tmp_path, capsys):
    from citebrief.content import content_hash

    def edit(records):
        fact = records["facts"][0]
        fact["citations"][0]["quote"] = fact["citations"][0]["quote"].replace("e", "a", 1)
        records.pop("content")
        records["content"] = content_hash(records)

    copy = _with_records(shipped, tmp_path / "requoted.pdf", edit)
    assert main(["verify", str(copy), "--sources", str(REPO / "seeds")]) == 1
    err = capsys.readouterr().err
    assert "error[quote-not-found]" in err and "error[records-altered]" in err  # the metadata hash no longer matches


def test_verify_fails_when_the_sources_no_longer_contain_the_quotes(shipped, tmp_path, capsys):
    sources = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", sources)
    yomiuri = sources / "000_d01245c8d934c35a.txt"
    yomiuri.write_text(yomiuri.read_text().replace("70% share", "60% share"))
    assert main(["verify", str(shipped), "--sources", str(sources)]) == 1
    err = capsys.readouterr().err
    assert "warning[seed-changed] yomiuri-2025-05-30" in err
    assert "error[quote-not-found]" in err


def test_verify_a_pdf_without_records(tmp_path, capsys):
    plain = tmp_path / "plain.pdf"
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.write(plain)
    assert main(["verify", str(plain)]) == 1
    assert "carries no citebrief-records.json" in capsys.readouterr().err


def test_two_builds_from_the_same_inputs_give_identical_pdf_bytes(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1741219200")
    root = project("quote_verbatim.yaml", "quote_with_ellipsis.yaml")
    build(root, tmp_path / "one")
    build(root, tmp_path / "two")
    assert (tmp_path / "one" / "brief.pdf").read_bytes() == (tmp_path / "two" / "brief.pdf").read_bytes()


def test_pdf_variant_can_be_chosen(project, tmp_path):
    root = project("quote_verbatim.yaml")
    assert main(["build", "--project", str(root), "--pdf-variant", "pdf/ua-1", "--out", str(tmp_path / "ua")]) == 0
    xmp = PdfReader(tmp_path / "ua" / "brief.pdf").trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


@pytest.mark.parametrize(("variant", "conformance", "tagged"), [
    (None, 'pdfaid:conformance="U"', False),  # the default, PDF/A-3u: archival, no structure tree to pay for
    ("pdf/a-3a", 'pdfaid:conformance="A"', True),
    ("pdf/ua-1", 'pdfuaid:part="1"', True),
    ("none", None, False),
])
def test_the_pdf_is_tagged_exactly_when_its_variant_requires_it(project, tmp_path, variant, conformance, tagged):
    root = project("quote_verbatim.yaml")
    assert main(["build", "--project", str(root), "--out", str(tmp_path / "out"),
                 *(["--pdf-variant", variant] if variant else [])]) == 0
    catalog = PdfReader(tmp_path / "out" / "brief.pdf").trailer["/Root"]
    metadata = catalog["/Metadata"].get_object().get_data().decode() if "/Metadata" in catalog else ""
    assert (conformance in metadata) if conformance else "pdfaid" not in metadata
    assert ("/StructTreeRoot" in catalog) is tagged
    assert catalog["/Lang"] == "en"  # the language is set whatever the variant


# Untrusted PDFs (issue #16): bounded memory and time, a diagnostic and never a traceback.

import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import zlib  # noqa: E402

MEMORY_LIMIT = 1536 * 1024 * 1024


def _deflated(*pieces: tuple[bytes, int]) -> bytes:
    """Deflate each piece repeated so many times, without ever holding the inflated bytes."""
    deflater = zlib.compressobj(9)
    parts = [deflater.compress(piece) for piece, times in pieces for _ in range(times)]
    return b"".join(parts) + deflater.flush()


def _pdf_carrying(path, deflated: bytes):
    """Write a one-page PDF whose citebrief-records.json is the given Flate stream."""
    from pypdf.generic import EncodedStreamObject, NameObject

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_attachment("citebrief-records.json", b"{}")
    names = writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    stream = EncodedStreamObject()
    stream._data = deflated
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    names[1].get_object()["/EF"][NameObject("/F")] = writer._add_object(stream)
    writer.write(path)
    return path


def _verify_bounded(pdf) -> subprocess.CompletedProcess:
    """Run citebrief verify in a process limited to 1.5 GB of memory."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run([sys.executable, "-m", "citebrief", "verify", str(pdf), "--sources", str(pdf.parent)],
                          capture_output=True, text=True, timeout=60, preexec_fn=limit)


def test_records_that_inflate_to_200_mb_are_refused(tmp_path):
    pdf = _pdf_carrying(tmp_path / "bomb.pdf", _deflated((b'{"facts": "', 1), (b"a" * 2**20, 200), (b'"}', 1)))
    assert pdf.stat().st_size < 400_000
    result = _verify_bounded(pdf)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == f"citebrief: error: {pdf}: the attached records inflate past 16 MB; no brief's records are that large\n"


def test_records_of_21_million_objects_are_refused_quickly(tmp_path):
    pdf = _pdf_carrying(tmp_path / "objects.pdf", _deflated((b"[", 1), (b"{}," * 350_000, 60), (b"{}]", 1)))
    started = time.monotonic()
    result = _verify_bounded(pdf)
    assert time.monotonic() - started < 20
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the attached records inflate past 16 MB" in result.stderr


def test_records_of_a_million_objects_within_the_size_cap_are_refused_before_parsing(tmp_path):
    pdf = _pdf_carrying(tmp_path / "objects.pdf", _deflated((b"[", 1), (b"{}," * 100_000, 10), (b"{}]", 1)))
    result = _verify_bounded(pdf)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the attached records hold over 200,000 objects and arrays" in result.stderr


def test_records_nested_100000_deep_are_refused(tmp_path):
    pdf = _pdf_carrying(tmp_path / "deep.pdf", _deflated((b'{"facts": ', 1), (b"[", 100_000), (b"]", 100_000), (b"}", 1)))
    result = _verify_bounded(pdf)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == f"citebrief: error: {pdf}: the attached records are nested too deeply to be citebrief records\n"


def test_records_of_the_wrong_shape_are_refused_with_where(tmp_path):
    records = {"format": "citebrief-records/1", "settings": {}, "sources": [1, "a", None], "facts": []}
    pdf = _pdf_carrying(tmp_path / "shape.pdf", zlib.compress(json.dumps(records).encode()))
    result = _verify_bounded(pdf)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"citebrief: error: {pdf}: the attached records are not citebrief records: sources.0: ")
    assert "(and 2 more problems)" in result.stderr


def test_quotes_of_altered_records_are_not_checked_again(shipped, tmp_path, capsys):
    def edit(records):
        for fact in records["facts"]:
            fact["citations"][0]["quote"] = "words no source holds " * 20

    copy = _with_records(shipped, tmp_path / "edited.pdf", edit)
    assert main(["verify", str(copy), "--sources", str(REPO / "seeds")]) == 1
    err = capsys.readouterr().err
    assert "error[records-altered]" in err and "their quotes are not checked" in err
    assert "quote-not-found" not in err
