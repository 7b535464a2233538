"""Each diagnostic about source files and article bodies, with its code, file, line and record."""

import os

from conftest import diagnostics


def _edit_sources(root, old, new):
    path = root / "facts" / "sources.yaml"
    path.write_text(path.read_text().replace(old, new))


def test_missing_seed_file(project):
    root = project("quote_verbatim.yaml")
    _edit_sources(root, "file: gazette.txt", "file: gone.txt")
    assert diagnostics(root) == [("missing-seed", "facts/sources.yaml", 3, "gazette")]


def test_seed_path_with_parent_steps_escapes(project):
    root = project("quote_verbatim.yaml")
    _edit_sources(root, "file: gazette.txt", "file: ../citebrief.toml")
    assert diagnostics(root) == [("seed-outside-project", "facts/sources.yaml", 3, "gazette")]


def test_seed_path_absolute_escapes(project):
    root = project("quote_verbatim.yaml")
    _edit_sources(root, "file: gazette.txt", "file: /etc/hostname")
    assert diagnostics(root) == [("seed-outside-project", "facts/sources.yaml", 3, "gazette")]


def test_seed_symlink_pointing_outside_escapes(project, tmp_path):
    root = project("quote_verbatim.yaml")
    outside = tmp_path / "outside.txt"
    outside.write_text((root / "seeds" / "gazette.txt").read_text())
    (root / "seeds" / "gazette.txt").unlink()
    os.symlink(outside, root / "seeds" / "gazette.txt")
    assert diagnostics(root) == [("seed-outside-project", "facts/sources.yaml", 3, "gazette")]


def test_seed_not_utf8(project):
    root = project("quote_verbatim.yaml")
    seed = root / "seeds" / "gazette.txt"
    seed.write_bytes(seed.read_bytes().replace("’".encode(), b"\x92"))
    assert diagnostics(root) == [("not-utf8", "seeds/gazette.txt", 5, "gazette")]


def test_body_start_not_found(project):
    root = project("quote_verbatim.yaml")
    _edit_sources(root, 'start: "Ministers Agree', 'start: "Ministers Disagree')
    assert diagnostics(root) == [("body-marker-not-found", "facts/sources.yaml", 9, "gazette")]


def test_body_end_ambiguous(project):
    root = project("quote_verbatim.yaml")
    _edit_sources(root, 'end: "call it"', 'end: "Refinery"')
    assert diagnostics(root) == [("body-marker-ambiguous", "facts/sources.yaml", 10, "gazette")]


def test_body_markers_match_typographic_text_typed_plain(project):
    root = project("quote_verbatim.yaml")
    _edit_sources(root, 'end: "call it"', "end: \"call it 'premature'\"")
    assert diagnostics(root) == []


def test_page_marks_of_a_pdf_text_give_each_line_its_page_and_are_not_text(project):
    from citebrief.build import check

    root = project()
    (root / "seeds" / "report.txt").write_text(
        "=== page 1: iv ===\nThe board met in May.\n\n=== page 2: 1 ===\nThe port will cost 1.2 billion euros.\n")
    with (root / "facts" / "sources.yaml").open("a") as sources:
        sources.write("  - id: report\n    file: report.txt\n    published: 2025-05-01\n"
                      "    retrieved: report.pdf\n")
    (root / "seeds" / "report.pdf").write_bytes(b"%PDF-1.7\n")
    checked, problems = check(root)
    text = checked.texts["report"]
    assert [text.page_at(n) for n in (1, 2, 4, 5)] == [(1, "iv"), (1, "iv"), (2, "1"), (2, "1")]
    assert [p.line for p in text.everything.paragraphs] == [2, 5]


def test_page_marks_mean_nothing_in_a_text_source(project):
    from citebrief.build import check

    root = project()
    (root / "seeds" / "notes.txt").write_text("=== page 1 ===\nThe board met in May to discuss the plan.\n")
    with (root / "facts" / "sources.yaml").open("a") as sources:
        sources.write("  - id: notes\n    file: notes.txt\n    published: 2025-05-01\n")
    checked, _ = check(root)
    assert checked.texts["notes"].page_at(2) is None and len(checked.texts["notes"].everything.paragraphs) == 2
