"""citebrief new: a project that builds out of the box, and never over an existing one."""

from pypdf import PdfReader

from citebrief.build import check
from citebrief.cli import main
from citebrief.schema import KINDS, schema_file_name


def test_new_project_builds_out_of_the_box(tmp_path, capsys):
    root = tmp_path / "harbour-brief"
    assert main(["new", str(root)]) == 0
    assert f"cd {root} && citebrief build" in capsys.readouterr().out
    checked, problems = check(root)
    assert checked is not None and problems == []
    assert main(["build", "--project", str(root), "--quiet"]) == 0
    text = "".join(page.extract_text() for page in PdfReader(root / "output" / "brief.pdf").pages)
    assert "Harbour brief" in text  # the title, from the folder's name
    assert "Marta Lind" in text


def test_new_project_has_settings_sources_a_sample_and_schemas(tmp_path):
    root = tmp_path / "brief"
    assert main(["new", str(root), "--title", 'The "Harbour" Question', "--quiet"]) == 0
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert names == sorted(
        [".gitignore", "citebrief.toml", "facts/sample.yaml", "facts/sources.yaml",
         "seeds/example-gazette-harbour.txt"] + [f"schemas/{schema_file_name(kind)}" for kind in KINDS]
    )
    assert 'title = "The \\"Harbour\\" Question"' in (root / "citebrief.toml").read_text()
    for rel in ("facts/sample.yaml", "facts/sources.yaml"):
        first = (root / rel).read_text().splitlines()[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        assert target != first and (root / "facts" / target).resolve().is_file()


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine\n")
    assert main(["new", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"citebrief: error: {tmp_path} is not empty; name a new or empty folder for the project\n")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_new_accepts_an_empty_folder(tmp_path):
    assert main(["new", str(tmp_path), "--quiet"]) == 0
    assert (tmp_path / "facts" / "sources.yaml").is_file()


def test_a_title_of_two_lines_is_refused_and_no_project_written(tmp_path, capsys):
    root = tmp_path / "brief"
    assert main(["new", str(root), "--title", "Two\nlines"]) == 1
    assert capsys.readouterr().err == (
        "citebrief: error: cannot use 'Two\\nlines' as the title: a setting is one line; remove the line break\n"
    )
    assert not root.exists()


def test_a_title_toml_must_escape_is_written_so_the_project_builds(tmp_path):
    root = tmp_path / "brief"
    title = 'Back\\slash, "quotes" and a tab\there'
    assert main(["new", str(root), "--title", title, "--quiet"]) == 0
    checked, problems = check(root)
    assert problems == [] and checked.project.settings.title == title
