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
