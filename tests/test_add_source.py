"""citebrief add-source: the document is copied into seeds/ and registered, every other line left as it was."""

import shutil
import subprocess
import sys

import pytest

from citebrief.build import check
from citebrief.cli import main
from citebrief.load import load_sources
from conftest import CASES

ARTICLE = CASES / "articles" / "article_with_attributed_quotes.txt"


@pytest.fixture
def commented(project):
    """The base project with a sources file full of comments, blank lines and a folded note."""
    root = project()
    shutil.copy(CASES / "sources_files" / "sources_with_comments.yaml", root / "facts" / "sources.yaml")
    (root / "seeds" / "memo.txt").write_text("A memo.\n")
    return root


def _add(root, *options: str) -> int:
    return main(["add-source", str(ARTICLE), "--project", str(root), "--quiet", *options])


def test_add_source_keeps_every_line_comment_and_the_order(commented):
    before = (commented / "facts" / "sources.yaml").read_text()
    assert _add(commented, "--title", "Council Weighs New Flood Barrier", "--publisher", "Riverside Post",
                "--published", "2025-03-03", "--kind", "original") == 0
    after = (commented / "facts" / "sources.yaml").read_text()
    entry = (
        "\n"
        "  - id: riverside-post-2025-03-03\n"
        "    file: article_with_attributed_quotes.txt\n"
        "    title: Council Weighs New Flood Barrier\n"
        "    publisher: Riverside Post\n"
        "    published: 2025-03-03\n"
        "    kind: original\n"
    )
    # inserted after the last record, before the closing comment, nothing else touched
    assert entry in after and after.replace(entry, "", 1) == before
    assert after.index(entry) < after.index("# end of the sources")
    sources, problems = load_sources(commented)
    assert [s.id for s in sources] == ["gazette", "memo", "riverside-post-2025-03-03"] and problems == []
    assert sources[1].note == "A folded note that runs over two lines.\n"
    assert (commented / "seeds" / ARTICLE.name).read_bytes() == ARTICLE.read_bytes()


def test_added_source_checks_clean(project):
    root = project("quote_verbatim.yaml")
    assert _add(root, "--id", "riverside", "--published", "2025-03-03") == 0
    checked, problems = check(root)
    assert checked is not None and problems == []
    assert checked.texts["riverside"].rel == f"seeds/{ARTICLE.name}"


def test_add_source_starts_an_empty_flow_list(project):
    root = project()
    shutil.copy(CASES / "sources_files" / "sources_empty_flow_list.yaml", root / "facts" / "sources.yaml")
    assert _add(root, "--id", "riverside") == 0
    assert (root / "facts" / "sources.yaml").read_text() == (
        "# No sources yet.\n"
        "sources:   # add-source fills this in\n"
        "  - id: riverside\n"
        "    file: article_with_attributed_quotes.txt\n"
        "    title: null\n"
        "    publisher: null\n"
        "    published: null\n"
    )


def test_add_source_names_the_source_from_its_title_or_file(project):
    root = project()
    assert _add(root, "--title", "Council Weighs New Flood Barrier") == 0
    assert [s.id for s in load_sources(root)[0]][-1] == "council-weighs-new-flood-barrier"


def test_a_document_already_in_seeds_is_registered_not_copied(project, capsys):
    root = project()
    shutil.copy(ARTICLE, root / "seeds" / "flood.txt")
    assert main(["add-source", str(root / "seeds" / "flood.txt"), "--project", str(root)]) == 0
    assert "added source 'flood' (already in seeds/flood.txt)" in capsys.readouterr().out
    assert sorted(p.name for p in (root / "seeds").iterdir()) == ["flood.txt", "gazette.txt"]


@pytest.mark.parametrize(
    "options, message",
    [
        (["--id", "gazette"], "citebrief: error: source id 'gazette' is already used in facts/sources.yaml; "
                              "choose another with --id\n"),
        (["--id", "Not A Slug"], "citebrief: error: source id 'Not A Slug' is not a slug; "
                                 "use lower-case letters, digits and hyphens\n"),
    ],
)
def test_a_bad_id_changes_nothing(project, capsys, options, message):
    root = project()
    before = (root / "facts" / "sources.yaml").read_text()
    assert _add(root, *options) == 1
    assert capsys.readouterr().err == message
    assert (root / "facts" / "sources.yaml").read_text() == before
    assert not (root / "seeds" / ARTICLE.name).exists()


def test_a_registered_document_is_not_added_twice(project, capsys):
    root = project()
    assert _add(root) == 0
    assert _add(root, "--id", "again") == 1
    assert capsys.readouterr().err == (
        f"citebrief: error: seeds/{ARTICLE.name} is already registered as source 'article-with-attributed-quotes'\n")


def test_a_different_file_of_the_same_name_is_refused(project, tmp_path, capsys):
    root = project()
    (root / "seeds" / "notes.txt").write_text("Notes kept beside the seeds, not a source.\n")
    other = tmp_path / "notes.txt"
    other.write_text("Another paper's article.\n")
    assert main(["add-source", str(other), "--project", str(root), "--id", "other"]) == 1
    assert capsys.readouterr().err == (
        f"citebrief: error: seeds/notes.txt already exists with other content; rename {other} and try again\n")
    assert (root / "seeds" / "notes.txt").read_text() == "Notes kept beside the seeds, not a source.\n"


def test_a_document_that_is_not_utf8_is_a_located_error(project, tmp_path):
    root = project()
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(b"Caf\xe9 society\n")
    run = subprocess.run([sys.executable, "-m", "citebrief", "add-source", str(latin1), "--project", str(root)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.splitlines()[0] == (
        f"{latin1}:1:4: error[not-utf8] file is not valid UTF-8 (byte 0xe9 at offset 3)")
    assert "Traceback" not in run.stderr
    assert not (root / "seeds" / "latin1.txt").exists()


def test_a_bad_date_is_a_usage_error(project, capsys):
    with pytest.raises(SystemExit) as exit_:
        _add(project(), "--published", "4 March")
    assert exit_.value.code == 2
    assert "argument --published: '4 March' is not a date; write it as YYYY-MM-DD" in capsys.readouterr().err


def test_a_project_without_a_sources_file_gets_one(tmp_path):
    assert main(["add-source", str(ARTICLE), "--project", str(tmp_path), "--id", "riverside", "--quiet"]) == 0
    assert (tmp_path / "facts" / "sources.yaml").read_text() == (
        "sources:\n"
        "  - id: riverside\n"
        "    file: article_with_attributed_quotes.txt\n"
        "    title: null\n"
        "    publisher: null\n"
        "    published: null\n"
    )
    assert (tmp_path / "seeds" / ARTICLE.name).is_file()


def test_a_dangling_link_in_seeds_is_refused_and_nothing_written_outside(project, tmp_path, capsys):
    root = project()
    outside = tmp_path / "outside" / "planted.txt"
    outside.parent.mkdir()
    (root / "seeds" / ARTICLE.name).symlink_to(outside)  # git can store a link whose target is missing
    before = (root / "facts" / "sources.yaml").read_text()
    assert _add(root) == 1
    assert capsys.readouterr().err == (
        f"citebrief: error: seeds/{ARTICLE.name} is a link (to {outside}); citebrief does not write through links — "
        "remove it, or add the document under another name\n")
    assert not outside.exists()
    assert (root / "facts" / "sources.yaml").read_text() == before


def test_a_link_in_seeds_to_the_document_itself_is_refused_without_a_traceback(project, tmp_path, capsys):
    root = project()
    document = tmp_path / "article.txt"
    shutil.copy(ARTICLE, document)
    (root / "seeds" / "article.txt").symlink_to(document)
    assert main(["add-source", str(document), "--project", str(root), "--quiet"]) == 1
    assert capsys.readouterr().err == (
        f"citebrief: error: seeds/article.txt is a link (to {document}); citebrief does not write through links — "
        "remove it, or add the document under another name\n")
    assert document.read_text() == ARTICLE.read_text()
