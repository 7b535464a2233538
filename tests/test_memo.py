"""The check's memo: results remembered between runs, by their inputs and the code, outside the project."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from citebrief.build import check
from citebrief.memo import CACHE_ENV, Memo

CASES = Path(__file__).parent / "cases"
DRIFTS = ("statement_drops_hedge.yaml", "quote_with_ellipsis.yaml", "quote_outside_body.yaml", "quote_whole_paragraph.yaml")


def run_check(root: Path, env: dict[str, str], *options: str) -> subprocess.CompletedProcess:
    """Run `citebrief check` on a project as a user does, in its own process."""
    return subprocess.run([sys.executable, "-m", "citebrief", "check", "--project", str(root), "--format", "json",
                           *options], capture_output=True, text=True, env=env)


def user_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a user whose home is under tmp_path, with no memo folder set."""
    env = {k: v for k, v in os.environ.items() if k not in (CACHE_ENV, "XDG_CACHE_HOME")}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {**env, "HOME": str(home), **extra}


@pytest.fixture
def drifting(project) -> Path:
    """A project whose statements draw findings (a dropped hedge, an ellipsis, a quote outside the body), and a
    quote that is its whole sentence."""
    return project(*DRIFTS)


def test_second_check_takes_every_result_from_the_memo_and_reports_the_same(drifting, tmp_path, monkeypatch):
    env = user_env(tmp_path, **{CACHE_ENV: str(tmp_path / "memo")})
    first = run_check(drifting, env)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "memo"))
    memo = Memo.for_project(drifting)
    _, problems = check(drifting, memo=memo)
    # every result the first run computed is found: read back from the memo, a quote's sentence is another
    # string than the quote it equals, and is remembered by the same digest
    assert memo.misses == 0 and memo.hits >= 4
    assert sorted(map(str, problems)) == sorted(map(str, check(drifting)[1]))
    second = run_check(drifting, env)
    assert first.returncode == second.returncode == 1
    assert json.loads(first.stdout) == json.loads(second.stdout)
    assert "certainty-raised" in first.stdout and "quote-outside-body" in first.stdout


def test_edited_source_sentence_is_read_again(project, tmp_path):
    root = project()
    (root / "facts" / "facts.yaml").write_text(
        "- id: output-share\n  section: dependencies\n"
        "  statement: Output would rise to 40% of national demand by 2030.\n"
        "  citations:\n    - source: gazette\n      quote: \"Output would rise to 40% of national demand by 2030\"\n")
    env = user_env(tmp_path, **{CACHE_ENV: str(tmp_path / "memo")})
    assert run_check(root, env).returncode == 0
    seed = root / "seeds" / "gazette.txt"
    seed.write_text(seed.read_text().replace("by 2030 — the ministry’s estimate.", "by 2030, officials said."))
    after = run_check(root, env)
    assert "attribution-dropped" in after.stdout  # the quote stands as before; its sentence now attributes it


def test_memo_written_by_other_code_is_not_read(drifting, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "memo"))
    check(drifting, memo=Memo.for_project(drifting))
    path = Memo.for_project(drifting).path
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "code": "0.0.1 (3, 11, 0) another"}))
    memo = Memo.for_project(drifting)
    check(drifting, memo=memo)
    assert memo.hits == 0 and memo.misses >= 3


@pytest.mark.parametrize("spoil", ["not json", "values", "truncated"])
def test_broken_memo_is_computed_afresh(drifting, tmp_path, spoil):
    env = user_env(tmp_path, **{CACHE_ENV: str(tmp_path / "memo")})
    first = run_check(drifting, env)
    [path] = (tmp_path / "memo").glob("*.json")
    if spoil == "not json":
        path.write_bytes(b"\xff{{ not json")
    elif spoil == "values":  # every remembered result replaced by something this code never writes
        data = json.loads(path.read_text())
        data["results"] = {kind: {key: "garbage" for key in entries} for kind, entries in data["results"].items()}
        path.write_text(json.dumps(data))
    else:
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    again = run_check(drifting, env)
    assert again.returncode == first.returncode and "Traceback" not in again.stderr
    assert json.loads(again.stdout) == json.loads(first.stdout)


def test_memo_lives_in_the_user_cache_not_the_project(drifting, tmp_path):
    before = sorted(p.relative_to(drifting) for p in drifting.rglob("*"))
    env = user_env(tmp_path)
    assert run_check(drifting, env).returncode == 1
    assert sorted(p.relative_to(drifting) for p in drifting.rglob("*")) == before
    assert list((tmp_path / "home" / ".cache" / "citebrief").glob("check-*.json"))


def test_no_cache_neither_reads_nor_writes_a_memo(drifting, tmp_path):
    env = user_env(tmp_path, **{CACHE_ENV: str(tmp_path / "memo")})
    run = run_check(drifting, env, "--no-cache")
    assert run.returncode == 1 and "certainty-raised" in run.stdout
    assert not (tmp_path / "memo").exists()


def test_unwritable_memo_folder_leaves_the_check_as_it_is(drifting, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    run = run_check(drifting, user_env(tmp_path, **{CACHE_ENV: str(blocked / "memo")}))
    reference = run_check(drifting, user_env(tmp_path), "--no-cache")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert json.loads(run.stdout) == json.loads(reference.stdout)


def test_memo_keeps_results_of_records_left_out_of_one_run(project, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "memo"))
    root = project(*DRIFTS)
    check(root, memo=Memo.for_project(root))
    moved = tmp_path / "aside.yaml"
    shutil.move(root / "facts" / DRIFTS[0], moved)  # one file away, as a broken edit leaves it unread
    check(root, memo=Memo.for_project(root))
    shutil.move(moved, root / "facts" / DRIFTS[0])
    memo = Memo.for_project(root)
    check(root, memo=memo)
    assert memo.misses == 0
