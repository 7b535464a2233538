"""Small real brief projects built in tmp_path from the named cases under tests/cases/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).parent.parent


@pytest.fixture
def project(tmp_path: Path):
    """Return a function that makes a copy of the base project holding the named fact files."""

    def make(*case_files: str, name: str = "brief") -> Path:
        root = tmp_path / name
        shutil.copytree(CASES / "base", root)
        for case in case_files:
            shutil.copy(CASES / "facts" / case, root / "facts" / case)
        return root

    return make


def diagnostics(root: Path) -> list[tuple[str, str, int, str | None]]:
    """Check a project and return its problems as (code, file, line, fact)."""
    from citebrief.build import check

    _, problems = check(root)
    return sorted((p.code, p.file, p.line, p.fact) for p in problems)
