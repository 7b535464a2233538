"""The PDF stage loads nothing but data: URLs and the project's own template files."""

import json

import pytest

from citebrief.build import build
from citebrief.errors import ProjectError


def _page_with(root, extra: str) -> None:
    from citebrief.templates import shipped_templates

    page = (shipped_templates() / "page.html.j2").read_text()
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "page.html.j2").write_text(page.replace("<main", extra + "\n<main", 1))


@pytest.mark.parametrize(
    "resource",
    [
        '<img src="file:///etc/hostname">',
        '<img src="http://127.0.0.1:9/tracker.png">',
        '<link rel="stylesheet" href="https://example.com/evil.css">',
        '<img src="../../outside.png">',
    ],
)
def test_resources_outside_the_templates_are_refused(project, resource):
    root = project("quote_verbatim.yaml")
    _page_with(root, resource)
    with pytest.raises(ProjectError) as failure:
        build(root)
    assert [p.code for p in failure.value.problems] == ["resource-refused"]
    assert not (root / "output").exists()


def test_data_urls_and_template_files_are_allowed(project):
    root = project("quote_verbatim.yaml")
    pixel = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    _page_with(root, f'<img src="{pixel}"><img src="fonts/LICENSE-Inter.txt" alt="">')
    assert [p.name for p in build(root).written] == ["brief.md", "brief.html", "brief.pdf"]


# Reproducibility and what the PDF carries (issue #15), checked by reading the PDF back.

import datetime as dt  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from fontTools.ttLib import TTFont  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from citebrief.errors import CitebriefError  # noqa: E402
from citebrief.templates import shipped_templates  # noqa: E402
from citebrief.pdf import CSL_ATTACHMENT, RECORDS_ATTACHMENT, PdfAttachment, check_pdf, embedded_fonts  # noqa: E402

AS_OF = dt.date(2025, 3, 5)  # tests/cases/base/citebrief.toml
ATTACHMENTS = [PdfAttachment(RECORDS_ATTACHMENT, b"", "", "Source"), PdfAttachment(CSL_ATTACHMENT, b"", "", "Data")]
DELIVERY = """
[send]
to = ["secret-recipient@list.example", "second-reader@list.example"]
from = "desk-sender@mail.example"
smtp_host = "smtp.private-host.example"
smtp_port = 4651

[publish]
signing_key = "keys/private-signing-key.p12"
"""
DELIVERY_VALUES = ["secret-recipient", "second-reader", "desk-sender", "private-host", "4651", "private-signing-key"]


def _cli_build(root, out, env=None) -> subprocess.CompletedProcess:
    """Build with the command line in a process of its own, without SOURCE_DATE_EPOCH."""
    env = {k: v for k, v in (env or os.environ).items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run([sys.executable, "-m", "citebrief", "build", "--quiet", "--project", str(root), "--out", str(out)],
                          env=env, capture_output=True, text=True, timeout=300)


def _everything_in(pdf: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated, so that a search sees attachments and metadata."""
    reader = PdfReader(io.BytesIO(pdf))
    parts = [pdf]
    for number in range(1, len(reader.xref_objStm) + 2000):
        try:
            obj = reader.get_object(number)
        except Exception:  # noqa: BLE001 - probing object numbers
            continue
        if hasattr(obj, "get_data"):
            parts.append(obj.get_data())
    return b"\n".join(parts)


def test_no_delivery_setting_reaches_any_output_and_send_changes_no_byte(project, tmp_path):
    root = project("quote_verbatim.yaml")
    settings = root / "citebrief.toml"
    settings.write_text(settings.read_text() + DELIVERY)
    build(root, tmp_path / "one")
    outputs = {name: (tmp_path / "one" / name).read_bytes() for name in ("brief.md", "brief.html", "brief.pdf")}
    searchable = outputs["brief.md"] + outputs["brief.html"] + _everything_in(outputs["brief.pdf"])
    assert RECORDS_ATTACHMENT.encode() in searchable and b"Refinery Brief" in searchable
    assert [value for value in DELIVERY_VALUES if value.encode() in searchable] == []
    records = json.loads(PdfReader(tmp_path / "one" / "brief.pdf").attachments[RECORDS_ATTACHMENT][0])
    assert sorted(records["settings"]) == ["as_of", "author", "keywords", "language", "subject", "subtitle", "title"]

    settings.write_text(settings.read_text().replace("secret-recipient", "someone-else").replace("4651", "465"))
    build(root, tmp_path / "two")
    for name, data in outputs.items():
        assert (tmp_path / "two" / name).read_bytes() == data, name


def _font_stamps(pdf: bytes) -> set[int]:
    """The head.modified of every font the first page embeds."""
    stamps = set()
    for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        program = next(descriptor[k] for k in ("/FontFile2", "/FontFile3") if k in descriptor).get_object().get_data()
        stamps.add(TTFont(io.BytesIO(program))["head"].modified)
    return stamps


def test_two_builds_in_separate_processes_a_second_apart_give_identical_bytes(project, tmp_path):
    root = project("quote_verbatim.yaml", "quote_with_ellipsis.yaml")
    first = _cli_build(root, tmp_path / "one")
    assert first.returncode == 0, first.stderr
    time.sleep(1.1)
    second = _cli_build(root, tmp_path / "two")
    assert second.returncode == 0, second.stderr
    one, two = (tmp_path / "one" / "brief.pdf").read_bytes(), (tmp_path / "two" / "brief.pdf").read_bytes()
    assert one == two
    # fontTools stamps each subset font with the clock unless told otherwise: the stamp must be the brief's date
    # (fontTools) or the shipped font's own (HarfBuzz keeps it), never the time of the build.
    stamps = _font_stamps(one)
    epoch_1904 = dt.datetime(1904, 1, 1, tzinfo=dt.timezone.utc)
    shipped = {TTFont(path)["head"].modified for path in (shipped_templates() / "fonts").glob("*.[ot]tf")}
    assert stamps and stamps <= shipped | {int((dt.datetime(2025, 3, 5, tzinfo=dt.timezone.utc) - epoch_1904).total_seconds())}


def test_pdf_reads_back_as_the_archival_file_meant(project, tmp_path):
    root = project("quote_verbatim.yaml")
    build(root, tmp_path / "out")
    pdf = (tmp_path / "out" / "brief.pdf").read_bytes()
    assert check_pdf(pdf, AS_OF, ATTACHMENTS) == []
    assert [f.family for f in embedded_fonts(pdf)] == ["Charis-SIL", "Inter", "Inter-Bold"]
    listed = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/AF"]
    assert len(listed) == 2  # WeasyPrint lists each attachment twice (Kozea/WeasyPrint#2917)


def test_check_pdf_catches_other_dates_and_a_missing_attachment(project, tmp_path):
    root = project("quote_verbatim.yaml")
    build(root, tmp_path / "out")
    pdf = (tmp_path / "out" / "brief.pdf").read_bytes()
    assert check_pdf(pdf, dt.date(2025, 3, 6), ATTACHMENTS) == [
        "citebrief-records.json is dated D:20250305000000Z, not D:20250306000000Z",
        "sources.csl.json is dated D:20250305000000Z, not D:20250306000000Z",
        "the document information gives D:20250305 as the creation date, not D:20250306",
        "the document information gives D:20250305 as the modification date, not D:20250306",
        "the XMP gives 2025-03-05 as the creation date, not 2025-03-06",
        "the XMP gives 2025-03-05 as the modification date, not 2025-03-06",
    ]
    assert check_pdf(pdf, AS_OF, ATTACHMENTS[:1]) == [
        "/AF lists ['citebrief-records.json', 'sources.csl.json'], not each of ['citebrief-records.json'] once"]


def test_notes_back_links_stay_off_paper_and_every_glyph_is_shipped(project, tmp_path):
    # "↩" (U+21A9), the back-link of a note cited by several statements, is not in Charis SIL; it used to be
    # drawn from the system's DejaVu Serif. Back-links are for the screen: on paper they are not printed.
    root = project("quote_verbatim.yaml")
    facts = root / "facts" / "quote_verbatim.yaml"
    text = facts.read_text()
    facts.write_text(text + text.replace("refinery-study", "refinery-study-again").replace("Ministers agreed", "They agreed"))
    build(root, tmp_path / "out")
    pdf = (tmp_path / "out" / "brief.pdf").read_bytes()
    fonts = embedded_fonts(pdf)
    assert not any("↩" in f.characters for f in fonts)
    assert all(f.family.startswith(("Charis-SIL", "Inter")) and f.embedded for f in fonts)


def test_a_character_the_shipped_fonts_lack_stops_the_build_naming_it(project, tmp_path):
    root = project("quote_verbatim.yaml")
    facts = root / "facts" / "quote_verbatim.yaml"
    facts.write_text(facts.read_text().replace("joint refinery.", "joint refinery \u2603."))
    with pytest.raises(ProjectError) as failure:
        build(root, tmp_path / "out")
    assert [str(p) for p in failure.value.problems] == [
        "facts/quote_verbatim.yaml:3:3: error[glyph-missing] refinery-study: "
        "the shipped fonts have no glyph for '☃' (U+2603 SNOWMAN)"]
    assert not (tmp_path / "out").exists()


def test_a_template_naming_a_font_citebrief_does_not_ship_fails_naming_it(project, tmp_path):
    root = project("quote_verbatim.yaml")
    (root / "templates").mkdir()
    (root / "templates" / "brief.css").write_text('body { font-family: "DejaVu Sans", sans-serif; }\n')
    with pytest.raises(CitebriefError) as failure:
        build(root, tmp_path / "out")
    assert str(failure.value).startswith("the templates ask for fonts citebrief does not ship: the PDF would embed ")
    assert "name \"Charis SIL\" or Inter in font-family" in str(failure.value)
    assert not (tmp_path / "out").exists()


_WITHOUT_HARFBUZZ_SUBSET = """
import sys
from weasyprint.pdf import fonts
fonts.harfbuzz_subset = None  # as on a machine without libharfbuzz-subset0
from citebrief.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_without_harfbuzz_subset_fonttools_subsets_reproducibly_stamped_with_the_brief_date(project, tmp_path):
    root = project("quote_verbatim.yaml")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    outputs = []
    for name in ("one", "two"):
        done = subprocess.run([sys.executable, "-c", _WITHOUT_HARFBUZZ_SUBSET, "build", "--quiet", "--project",
                               str(root), "--out", str(tmp_path / name)], env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        outputs.append((tmp_path / name / "brief.pdf").read_bytes())
        time.sleep(1.1)
    assert outputs[0] == outputs[1]
    stamps = _font_stamps(outputs[0])
    epoch_1904 = dt.datetime(1904, 1, 1, tzinfo=dt.timezone.utc)
    assert stamps == {int((dt.datetime(2025, 3, 5, tzinfo=dt.timezone.utc) - epoch_1904).total_seconds())}
