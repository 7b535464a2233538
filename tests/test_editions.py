"""Editions made on purpose: builds make drafts, `build --edition` and `publish` make editions, kept in editions/."""

import json
import shutil
import subprocess
import sys

import pytest

from citebrief.cli import main

OUTPUTS = ("brief.md", "brief.html", "brief.pdf")


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


def _editions(root):
    folder = root / "editions"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _changes(markdown, since):
    return markdown.split(f"## Changes since edition {since}\n\n", 1)[1].split("\n## ", 1)[0].strip()


def test_second_build_with_nothing_changed_writes_nothing(project, capsys):
    root = project("quote_verbatim.yaml", "quote_with_ellipsis.yaml")
    assert main(["build", "--project", str(root)]) == 0
    before = _state(root)
    capsys.readouterr()
    assert main(["build", "--project", str(root)]) == 0
    assert f"{root / 'output'}: up to date" in capsys.readouterr().out
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


def test_a_build_is_a_draft_and_makes_no_edition(project, capsys):
    root = project("quote_verbatim.yaml")
    assert main(["build", "--project", str(root)]) == 0
    assert "draft before the first edition; citebrief publish (or build --edition) makes it edition 1" in (
        capsys.readouterr().out)
    markdown = (root / "output" / "brief.md").read_text()
    assert "Draft, before the first edition · " in markdown
    assert "## Changes since" not in markdown
    assert _editions(root) == []
    html = (root / "output" / "brief.html").read_text()
    assert '<meta name="citebrief-edition" content="draft">' in html


def test_build_edition_makes_the_first_edition_and_records_it_in_the_project(project, capsys):
    root = project("quote_verbatim.yaml")
    assert main(["build", "--project", str(root), "--edition"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "edition 1"
    markdown = (root / "output" / "brief.md").read_text()
    assert "Edition 1, 6 March 2025 · " in markdown
    assert "## Changes since" not in markdown  # shown only when it has something to say
    assert _editions(root) == ["edition-1.json"]
    record = json.loads((root / "editions" / "edition-1.json").read_text())
    assert [record["number"], record["date"], record["summary"]] == [1, "2025-03-06", "The first edition."]
    assert len(record["content"]) == 64 and record["sources"] == ["gazette"]
    assert record["facts"]["refinery-study"]["statement"] == "Ministers agreed to study a joint refinery."
    # a build of the same content is that edition, not a draft, and adds nothing
    assert main(["build", "--project", str(root), "--edition", "--exit-code"]) == 3
    assert main(["build", "--project", str(root), "--exit-code"]) == 3
    assert _editions(root) == ["edition-1.json"]


def test_a_draft_lists_the_changes_since_the_last_edition_until_an_edition_is_made(project, capsys):
    root = project("quote_verbatim.yaml", "quote_with_ellipsis.yaml")
    main(["build", "--project", str(root), "--edition"])
    facts = root / "facts" / "quote_verbatim.yaml"
    _edit(facts, "Ministers agreed to study", "Ministers have agreed to study")
    capsys.readouterr()
    assert main(["build", "--project", str(root), "--exit-code"]) == 0  # new content: something to publish
    assert "draft after edition 1; citebrief publish (or build --edition) makes it edition 2" in capsys.readouterr().out
    markdown = (root / "output" / "brief.md").read_text()
    assert "Draft after edition 1 · " in markdown
    changed = "- *Changed:* Ministers have agreed to study a joint refinery. *Was:* Ministers agreed to study a joint refinery."
    assert _changes(markdown, 1) == changed
    assert _editions(root) == ["edition-1.json"]

    assert main(["build", "--project", str(root), "--edition"]) == 0
    markdown = (root / "output" / "brief.md").read_text()
    assert "Edition 2, 6 March 2025 · " in markdown and _changes(markdown, 1) == changed
    assert _editions(root) == ["edition-1.json", "edition-2.json"]
    second = json.loads((root / "editions" / "edition-2.json").read_text())
    first = json.loads((root / "editions" / "edition-1.json").read_text())
    assert second["summary"] == "Changes since edition 1: 1 facts changed."
    assert first["facts"]["output-share"] == second["facts"]["output-share"]


def test_settings_that_do_not_change_the_brief_never_make_an_edition(project, capsys):
    root = project("quote_verbatim.yaml")
    main(["build", "--project", str(root), "--edition"])
    with (root / "citebrief.toml").open("a") as settings:
        settings.write('pdf_variant = "pdf/a-3b"\n\n[send]\nto = ["desk@example.org"]\nfrom = "briefs@example.org"\n'
                       'smtp_host = "smtp.example.org"\n')
    capsys.readouterr()
    assert main(["build", "--project", str(root), "--edition", "--exit-code"]) == 3
    assert "edition 1 (no fact or source changed)" in capsys.readouterr().out
    assert _editions(root) == ["edition-1.json"]
    assert "Edition 1, 6 March 2025 · " in (root / "output" / "brief.md").read_text()


def test_a_fresh_clone_continues_the_numbering(project, tmp_path):
    root = project("quote_verbatim.yaml")
    main(["build", "--project", str(root), "--edition"])
    clone = tmp_path / "clone"
    shutil.copytree(root, clone, ignore=shutil.ignore_patterns("output"))  # what git clone brings: no output/
    _edit(clone / "facts" / "quote_verbatim.yaml", "Ministers agreed", "Ministers have agreed")
    assert main(["build", "--project", str(clone), "--edition"]) == 0
    assert _editions(clone) == ["edition-1.json", "edition-2.json"]
    markdown = (clone / "output" / "brief.md").read_text()
    assert "Edition 2, 6 March 2025 · " in markdown
    assert _changes(markdown, 1).startswith("- *Changed:* Ministers have agreed to study a joint refinery.")


def test_publish_makes_the_edition_and_refuses_a_different_brief_under_a_published_number(project, tmp_path, capsys):
    root = project("quote_verbatim.yaml")
    site = tmp_path / "site"
    assert main(["build", "--project", str(root)]) == 0
    assert _editions(root) == []
    assert main(["publish", "--project", str(root), "--to", str(site)]) == 0
    assert "made edition 1" in capsys.readouterr().out
    assert _editions(root) == ["edition-1.json"]
    assert (site / "brief-edition-1.pdf").read_bytes() == (root / "output" / "brief.pdf").read_bytes()
    # a colleague's copy that never received editions/ numbers its own, different brief 1
    colleague = tmp_path / "colleague"
    shutil.copytree(root, colleague, ignore=shutil.ignore_patterns("output", "editions"))
    _edit(colleague / "facts" / "quote_verbatim.yaml", "Ministers agreed", "Ministers have agreed")
    published = (site / "brief-edition-1.pdf").read_bytes()
    capsys.readouterr()
    assert main(["publish", "--project", str(colleague), "--to", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"{site / 'brief-edition-1.pdf'} is a different brief already published as edition 1" in err
    assert (site / "brief-edition-1.pdf").read_bytes() == published


def test_send_refuses_a_draft(project, capsys):
    root = project("quote_verbatim.yaml")
    with (root / "citebrief.toml").open("a") as settings:
        settings.write('\n[send]\nto = ["desk@example.org"]\nfrom = "briefs@example.org"\nsmtp_host = "localhost"\n')
    main(["build", "--project", str(root)])
    capsys.readouterr()
    assert main(["send", "--project", str(root), "--dry-run"]) == 1
    assert "holds a draft (before the first edition); make it an edition with citebrief publish" in capsys.readouterr().err


def test_editions_kept_in_output_by_an_older_citebrief_move_into_the_project(project):
    root = project("quote_verbatim.yaml")
    main(["build", "--project", str(root), "--edition"])
    first = json.loads((root / "editions" / "edition-1.json").read_text())
    shutil.rmtree(root / "editions")
    (root / "output" / "editions.json").write_text(json.dumps({"editions": [first]}))
    _edit(root / "facts" / "quote_verbatim.yaml", "Ministers agreed", "Ministers have agreed")
    assert main(["build", "--project", str(root), "--edition"]) == 0
    assert _editions(root) == ["edition-1.json", "edition-2.json"]
    assert json.loads((root / "editions" / "edition-1.json").read_text()) == first


def test_changing_only_the_stylesheet_leaves_brief_md_untouched(project, capsys):
    root = project("quote_verbatim.yaml")
    main(["build", "--project", str(root), "--edition"])
    before = _state(root)
    (root / "templates").mkdir()
    (root / "templates" / "brief.css").write_text("body { color: rebeccapurple; }\n")
    capsys.readouterr()
    assert main(["build", "--project", str(root), "--exit-code"]) == 3
    after = _state(root)
    assert after["brief.md"] == before["brief.md"]
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
    main(["build", "--project", str(root), "--edition"])
    before = _state(root)
    assert main(["build", "--project", str(root), "--force", "--edition", "--exit-code"]) == 3
    after = _state(root)
    assert all(after[name][1] != before[name][1] for name in OUTPUTS)
    assert _editions(root) == ["edition-1.json"]


def test_added_removed_facts_and_new_sources_are_listed(project):
    root = project("quote_verbatim.yaml", "quote_with_ellipsis.yaml")
    main(["build", "--project", str(root), "--edition"])
    (root / "facts" / "quote_with_ellipsis.yaml").unlink()
    (root / "facts" / "herald.yaml").write_text(
        "- id: herald-study\n  section: proposals\n  statement: The Herald reports the study.\n"
        "  citations:\n    - source: herald\n      quote: \"they would study a joint refinery\"\n")
    sources = root / "facts" / "sources.yaml"
    sources.write_text(sources.read_text() + "  - id: herald\n    file: herald.txt\n    publisher: The Herald\n"
                       "    published: 2025-03-05\n    title: Refinery Plan Moves Ahead\n")
    (root / "seeds" / "herald.txt").write_text("The ministers said on Tuesday that they would study a joint refinery.\n")
    main(["build", "--project", str(root)])
    assert _changes((root / "output" / "brief.md").read_text(), 1).splitlines() == [
        "- *Added:* The Herald reports the study.",
        "",
        "- *Removed:* Output would rise to 40% of national demand by 2030.",
        "",
        "- *New source:* The Herald, “Refinery Plan Moves Ahead”",
    ]


def test_five_edits_in_watch_make_no_edition(project):
    import signal
    import time

    root = project("quote_verbatim.yaml")
    main(["build", "--project", str(root), "--edition"])
    facts, brief = root / "facts" / "quote_verbatim.yaml", root / "output" / "brief.md"
    watcher = subprocess.Popen(
        [sys.executable, "-m", "citebrief", "watch", "--project", str(root), "--debounce", "100"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        time.sleep(2)  # the watcher's own first build finds everything up to date
        for n in range(1, 6):
            _edit(facts, "study a joint refinery." if n == 1 else f"study joint refinery {n - 1}.", f"study joint refinery {n}.")
            deadline = time.monotonic() + 90
            while f"joint refinery {n}." not in brief.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert f"Ministers agreed to study joint refinery {n}." in brief.read_text()
    finally:
        watcher.send_signal(signal.SIGINT)
        stdout, _ = watcher.communicate(timeout=30)
    assert _editions(root) == ["edition-1.json"]
    markdown = brief.read_text()
    assert "Draft after edition 1 · " in markdown
    assert _changes(markdown, 1) == ("- *Changed:* Ministers agreed to study joint refinery 5. "
                                     "*Was:* Ministers agreed to study a joint refinery.")
    assert "draft after edition 1; citebrief publish (or build --edition) makes it edition 2: wrote brief.md" in stdout
