"""Small real brief projects built in tmp_path from the named cases under tests/cases/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).parent.parent
# The shipped brief's project: what a user's own project holds (its templates are the shipped ones).
SHIPPED_PROJECT = ("citebrief.toml", "facts", "seeds")


@pytest.fixture(scope="session", autouse=True)
def memo_folder(tmp_path_factory) -> Path:
    """Keep the check's memo of every test project in the session's temporary folder, not the user's cache."""
    folder = tmp_path_factory.mktemp("memo")
    os.environ["CITEBRIEF_CACHE_DIR"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def shipped(tmp_path_factory) -> Path:
    """Build a copy of the shipped brief once per session, with the CLI as users run it; return its output folder."""
    root = tmp_path_factory.mktemp("shipped") / "brief"
    root.mkdir()
    for name in SHIPPED_PROJECT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    run = subprocess.run([sys.executable, "-m", "citebrief", "build", "--project", str(root), "--quiet"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return root / "output"


@pytest.fixture
def project(tmp_path: Path):
    """Return a function that makes a copy of the base project holding the named fact files."""

    def make(
        *case_files: str,
        name: str = "brief",
        more_sources: bool = False,
        judgments: str | None = None,
        disagreements: str | None = None,
    ) -> Path:
        root = tmp_path / name
        shutil.copytree(CASES / "base", root)
        for case in case_files:
            shutil.copy(CASES / "facts" / case, root / "facts" / case)
        if more_sources:
            # a rewrite of the gazette (wire, undated) and an independent report (herald)
            extra = CASES / "more_sources"
            with (root / "facts" / "sources.yaml").open("a") as sources:
                sources.write((extra / "sources.yaml").read_text())
            for seed in ("wire.txt", "herald.txt"):
                shutil.copy(extra / seed, root / "seeds" / seed)
        if judgments:
            shutil.copy(CASES / "judgments" / judgments, root / "facts" / "judgments.yaml")
        if disagreements:
            shutil.copy(CASES / "disagreements" / disagreements, root / "facts" / "disagreements.yaml")
        return root

    return make


def diagnostics(root: Path) -> list[tuple[str, str, int, str | None]]:
    """Check a project and return its problems as (code, file, line, fact)."""
    from citebrief.build import check

    _, problems = check(root)
    return sorted((p.code, p.file, p.line, p.fact) for p in problems)
