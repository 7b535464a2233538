"""Change-driven builds: no-op builds, per-output re-rendering, editions and what changed."""

import json
import subprocess
import sys

import pytest

from citebrief.cli import main

OUTPUTS = ("brief.md", "brief.html", "brief.pdf", "editions.json")


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1741219200")  # 6 March 2025


def _state(root):
    out = root / "output"
    return {name: ((out / name).read_bytes(), (out / name).stat().st_mtime_ns) for name in OUTPUTS}


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_second_build_with_nothing_changed_writes_nothing(project, capsys):
    root = project("quote_verbatim.yaml", "quote_with_ellipsis.yaml")
    assert main(["build", "--project", str(root)]) == 0
    before = _state(root)
    capsys.readouterr()
    assert main(["build", "--project", str(root)]) == 0
    assert capsys.readouterr().out.strip().endswith("up to date")
    assert _state(root) == before


def test_no_op_build_does_not_import_the_rendering_stack(project):
    root = project("quote_verbatim.yaml")
    assert main(["build", "--project", str(root)]) == 0
    probe = (
        "import sys; from citebrief.cli import main; status = main(['build', '--project', sys.argv[1]]); "
        "heavy = [m for m in ('weasyprint', 'jinja2', 'markdown_it', 'pydantic', 'yaml') if m in sys.modules]; "
        "print(status, heavy)"
    )
    run = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True)
    assert run.stdout.strip().splitlines()[-1] == "0 []"


def test_first_edition_says_it_is_the_first(project):
    root = project("quote_verbatim.yaml")
    main(["build", "--project", str(root)])
    markdown = (root / "output" / "brief.md").read_text()
    assert "Edition 1, 6 March 2025" in markdown
    assert "## Changes since" not in markdown  # shown only when it has something to say


def test_changing_one_fact_makes_edition_2_listing_exactly_that_fact(project):
    root = project("quote_verbatim.yaml", "quote_with_ellipsis.yaml")
    main(["build", "--project", str(root)])
    _edit(root / "facts" / "quote_verbatim.yaml", "Ministers agreed to study", "Ministers have agreed to study")
    assert main(["build", "--project", str(root), "--exit-code"]) == 0
    markdown = (root / "output" / "brief.md").read_text()
    section = markdown.split("## Changes since edition 1\n\n", 1)[1].split("\n## ", 1)[0]
    assert section.strip() == (
        "- *Changed:* Ministers have agreed to study a joint refinery. *Was:* Ministers agreed to study a joint refinery."
    )
    editions = json.loads((root / "output" / "editions.json").read_text())["editions"]
    assert [e["number"] for e in editions] == [1, 2]
    assert editions[0]["facts"]["output-share"] == editions[1]["facts"]["output-share"]


def test_added_removed_facts_and_new_sources_are_listed(project):
    root = project("quote_verbatim.yaml", "quote_with_ellipsis.yaml")
    main(["build", "--project", str(root)])
    (root / "facts" / "quote_with_ellipsis.yaml").unlink()
    (root / "facts" / "herald.yaml").write_text(
        "- id: herald-study\n  section: proposals\n  statement: The Herald reports the study.\n"
        "  citations:\n    - source: herald\n      quote: \"they would study a joint refinery\"\n")
    sources = root / "facts" / "sources.yaml"
    sources.write_text(sources.read_text() + "  - id: herald\n    file: herald.txt\n    publisher: The Herald\n"
                       "    published: 2025-03-05\n    title: Refinery Plan Moves Ahead\n")
    (root / "seeds" / "herald.txt").write_text("The ministers said on Tuesday that they would study a joint refinery.\n")
    main(["build", "--project", str(root)])
    markdown = (root / "output" / "brief.md").read_text()
    section = markdown.split("## Changes since edition 1\n\n", 1)[1].split("\n## ", 1)[0]
    assert section.strip().splitlines() == [
        "- *Added:* The Herald reports the study.",
        "",
        "- *Removed:* Output would rise to 40% of national demand by 2030.",
        "",
        "- *New source:* The Herald, “Refinery Plan Moves Ahead”",
    ]


def test_changing_only_the_stylesheet_leaves_brief_md_untouched(project, capsys):
    root = project("quote_verbatim.yaml")
    main(["build", "--project", str(root)])
    before = _state(root)
    (root / "templates").mkdir()
    (root / "templates" / "brief.css").write_text("body { color: rebeccapurple; }\n")
    capsys.readouterr()
    assert main(["build", "--project", str(root), "--exit-code"]) == 3
    after = _state(root)
    assert after["brief.md"] == before["brief.md"]
    assert after["editions.json"] == before["editions.json"]
    assert after["brief.html"] != before["brief.html"] and b"rebeccapurple" in after["brief.html"][0]
    assert "edition 1 (no fact or source changed)" in capsys.readouterr().out


def test_an_output_deleted_or_edited_by_hand_is_rebuilt(project):
    root = project("quote_verbatim.yaml")
    main(["build", "--project", str(root)])
    before = _state(root)
    (root / "output" / "brief.pdf").unlink()
    (root / "output" / "brief.html").write_text("edited by hand")
    main(["build", "--project", str(root)])
    after = _state(root)
    assert after["brief.pdf"][0] == before["brief.pdf"][0]
    assert after["brief.html"][0] == before["brief.html"][0]
    assert after["brief.md"] == before["brief.md"]


def test_force_rebuilds_everything_without_a_new_edition(project):
    root = project("quote_verbatim.yaml")
    main(["build", "--project", str(root)])
    before = _state(root)
    assert main(["build", "--project", str(root), "--force", "--exit-code"]) == 3
    after = _state(root)
    assert all(after[name][1] != before[name][1] for name in ("brief.md", "brief.html", "brief.pdf"))
    assert after["editions.json"][0] == before["editions.json"][0]


def test_exit_code_reports_whether_a_new_edition_was_made(project):
    root = project("quote_verbatim.yaml")
    assert main(["build", "--project", str(root), "--exit-code"]) == 0
    assert main(["build", "--project", str(root), "--exit-code"]) == 3
    assert main(["build", "--project", str(root)]) == 0
