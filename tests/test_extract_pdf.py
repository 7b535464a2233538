"""PDF reports: text page by page, each quote with its page index and printed label, scans refused."""

import io
import json
import re
import time

import pytest

from citebrief.cli import main
from citebrief.errors import CitebriefError
from citebrief.extract_pdf import extract_pdf, page_lines, pdf_text_file


def report_pdf(pages: list[str], labels: list[tuple[int, int, str, int]] = ()) -> bytes:
    """Print one paragraph a page with WeasyPrint; set page labels (first, last, style, start) with pypdf."""
    import weasyprint
    from pypdf import PdfReader, PdfWriter

    html = "<style>@page { size: A5; margin: 2cm } p { break-after: page }</style>" + "".join(
        f"<p>{text}</p>" for text in pages)
    pdf = weasyprint.HTML(string=html).write_pdf()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for first, last, style, start in labels:
        writer.set_page_label(first, last, style, start=start)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


FRONT_MATTER = [
    "Foreword. This report sets out the harbour board's cost estimates.",
    "Methods. The auditors reviewed every traffic forecast since 2010.",
    "The expansion will cost an estimated 1.2 billion euros over six years.",
    "Traffic forecasts assume a doubling of container volumes by 2035.",
]


def test_pages_keep_their_index_and_the_label_the_pdf_prints():
    text = extract_pdf(report_pdf(FRONT_MATTER, [(0, 1, "/r", 1), (2, 3, "/D", 1)]), "r.pdf")
    assert [(p.index, p.label) for p in text.pages] == [(1, "i"), (2, "ii"), (3, "1"), (4, "2")]
    assert " ".join(text.pages[2].lines) == "The expansion will cost an estimated 1.2 billion euros over six years."
    lines = pdf_text_file(text).splitlines()
    assert lines[0] == "=== page 1: i ===" and lines[1].startswith("Foreword.")
    assert [line for line in lines if line.startswith("===")] == [
        "=== page 1: i ===", "=== page 2: ii ===", "=== page 3: 1 ===", "=== page 4: 2 ==="]


def test_pdf_without_page_labels_has_none():
    text = extract_pdf(report_pdf(FRONT_MATTER[:2]), "r.pdf")
    assert [(p.index, p.label) for p in text.pages] == [(1, None), (2, None)]
    assert pdf_text_file(text).startswith("=== page 1 ===\n")


def test_a_word_broken_at_a_soft_hyphen_is_joined_and_a_real_hyphen_is_not():
    assert page_lines("the trans\u00ad\nportation ministry\nthe well-\nknown port") == [
        "the transportation ministry", "the well-", "known port"]


def test_scanned_pdf_without_text_is_refused_naming_ocrmypdf():
    with pytest.raises(CitebriefError, match=r"scan.pdf has no text layer.*OCRmyPDF"):
        extract_pdf(report_pdf(["&nbsp;", "&nbsp;"]), "scan.pdf")


def test_too_many_pages_is_refused():
    with pytest.raises(CitebriefError, match="r.pdf has 4 pages, more than the 3 citebrief reads"):
        extract_pdf(report_pdf(FRONT_MATTER), "r.pdf", max_pages=3)


def test_not_a_pdf_is_refused():
    with pytest.raises(CitebriefError, match="broken.pdf is not a readable PDF"):
        extract_pdf(b"%PDF-1.7\nnonsense", "broken.pdf")


def test_a_hundred_page_pdf_is_extracted_in_a_few_seconds():
    data = report_pdf([f"Page {n}. " + "The board reviewed the forecasts again. " * 12 for n in range(100)])
    started = time.perf_counter()
    text = extract_pdf(data, "long.pdf")
    assert len(text.pages) == 100 and time.perf_counter() - started < 5


def test_quote_from_a_pdf_carries_its_page_into_the_note_and_the_export(project, tmp_path, capsys):
    root = project()
    report = tmp_path / "harbour-report.pdf"
    report.write_bytes(report_pdf(FRONT_MATTER, [(0, 1, "/r", 1), (2, 3, "/D", 1)]))
    assert main(["add-source", str(report), "--project", str(root), "--id", "report", "--quiet"]) == 0
    assert (root / "seeds" / "harbour-report.pdf").read_bytes() == report.read_bytes()
    (root / "facts" / "port.yaml").write_text(
        "- id: port-cost\n  section: dependencies\n  statement: The expansion will cost an estimated 1.2 billion euros.\n"
        "  citations:\n    - source: report\n      quote: \"will cost an estimated 1.2 billion euros\"\n"
        "    - source: gazette\n      quote: \"The ministers said on Tuesday that a joint refinery\"\n")
    capsys.readouterr()
    assert main(["export", "--project", str(root), "--format", "json"]) == 0
    cited = json.loads(capsys.readouterr().out)["facts"][0]["citations"]
    lines = (root / "seeds" / "harbour-report.txt").read_text().splitlines()
    assert lines[cited[0]["line"] - 2] == "=== page 3: 1 ===" and "will cost" in lines[cited[0]["line"] - 1]
    assert [(c["page"], c["page_label"]) for c in cited] == [(3, "1"), (None, None)]
    assert main(["build", "--project", str(root), "--quiet"]) == 0
    brief = (root / "output" / "brief.md").read_text()
    assert ", p. 1: “will cost an estimated 1.2 billion euros”" in brief


def test_a_quote_on_a_page_mark_is_not_found(project, tmp_path, capsys):
    root = project()
    report = tmp_path / "r.pdf"
    report.write_bytes(report_pdf(FRONT_MATTER))
    assert main(["add-source", str(report), "--project", str(root), "--id", "report", "--quiet"]) == 0
    (root / "facts" / "port.yaml").write_text(
        "- id: port-cost\n  section: context\n  statement: A page.\n"
        "  citations:\n    - source: report\n      quote: \"cost estimates. === page 2 === Methods.\"\n")
    assert main(["check", "--project", str(root)]) == 1
    assert "facts/port.yaml:6:7: error[quote-not-found] port-cost: " in capsys.readouterr().err


def test_suggest_on_a_pdf_gives_each_draft_its_pin_cite(project, tmp_path, capsys):
    root = project()
    report = tmp_path / "r.pdf"
    report.write_bytes(report_pdf(FRONT_MATTER, [(0, 1, "/r", 1), (2, 3, "/D", 1)]))
    assert main(["add-source", str(report), "--project", str(root), "--id", "report", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["suggest", "report", "--project", str(root)]) == 0
    drafts = capsys.readouterr().out
    assert re.search(r"^# line \d+ \(p\. 1\): .*\n(?:#.*\n)*- id: .*\n(?:  .*\n)*.*will cost an estimated 1\.2 billion",
                     drafts, re.M), drafts


def hand_made_pdf(content: bytes) -> bytes:
    """A one-page PDF with a content stream written by hand, in Helvetica."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_hyphen_at_a_line_end_is_kept_as_printed_never_joining_two_words():
    # pdfium reports both line-end hyphens as U+0002, the one /ActualText marks as a soft hyphen included:
    # the hyphen stays, so "well-known" is right and no two words run together.
    data = hand_made_pdf(b"BT /F1 12 Tf 72 700 Td (The trans) Tj /Span <</ActualText <FEFF00AD>>> BDC (-) Tj EMC "
                         b"0 -14 Td (portation board and the well-) Tj 0 -14 Td (known port agreed.) Tj ET")
    text = " ".join(extract_pdf(data, "h.pdf").pages[0].lines)
    assert text == "The trans-portation board and the well-known port agreed."
