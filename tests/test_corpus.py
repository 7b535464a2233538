"""The bad-input corpus: every case through the real command line, in its own process.

Each folder under tests/corpus/ is one case, named by what it covers. Its files are laid over a copy
of a good project (tests/cases/base with quote_verbatim.yaml) whose outputs were built beforehand;
its case.toml says what else the case needs and what must come of it:

- `facts`: files from tests/cases/facts/ to add, reused as they are;
- `setup`: the name of a function below, for what git cannot hold (links, pipes, huge files);
- `remove`: project files to delete;
- `expected`: the exact diagnostics, in order — the build exits 1, prints no traceback and leaves the
  previous outputs byte for byte as they were;
- or `status = 0` for hostile content that must render harmlessly, with `html_excludes`,
  `html_includes` and `md_includes` saying what the new outputs may and must hold.

A case with `memory_limit` runs with its address space limited, so that a limit, not the machine
running out of memory, is what refuses it.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import CASES

CORPUS = Path(__file__).parent / "corpus"
MEMORY_LIMIT = 512 * 1024 * 1024
SECRET = "TOP SECRET: never in a brief"


def _cases() -> list[str]:
    return sorted(path.name for path in CORPUS.iterdir() if (path / "case.toml").is_file())


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    """A good project, built once: each case starts from a copy of it and its outputs."""
    root = tmp_path_factory.mktemp("good") / "brief"
    shutil.copytree(CASES / "base", root)
    shutil.copy(CASES / "facts" / "quote_verbatim.yaml", root / "facts")
    run = _citebrief(root)
    assert run.returncode == 0, run.stderr
    return root


def _citebrief(root: Path, memory_limit: bool = False) -> subprocess.CompletedProcess:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "citebrief", "build", "--project", str(root)],
        capture_output=True, text=True, timeout=120, preexec_fn=limit if memory_limit else None,
    )


def _outputs(root: Path) -> dict[str, bytes]:
    out = root / "output"
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != ".citebrief.lock"}


def _diagnostics(stderr: str, scratch: Path) -> list[str]:
    """The diagnostic lines of a report (file:line:col: severity[code] …), the scratch folder named {scratch}."""
    lines = stderr.replace(str(scratch), "{scratch}").splitlines()
    return [line for line in lines if "error[" in line or "warning[" in line]


@pytest.mark.parametrize("case", _cases())
def test_corpus(case: str, good: Path, tmp_path: Path):
    spec = tomllib.loads((CORPUS / case / "case.toml").read_text(encoding="utf-8"))
    root = tmp_path / "brief"
    shutil.copytree(good, root, symlinks=True)
    before = _outputs(root)
    for name in spec.get("facts", []):
        shutil.copy(CASES / "facts" / name, root / "facts" / name)
    for name in spec.get("remove", []):
        (root / name).unlink()
    _overlay(CORPUS / case, root)
    if "setup" in spec:
        SETUPS[spec["setup"]](root, tmp_path)

    run = _citebrief(root, spec.get("memory_limit", False))

    assert "Traceback" not in run.stdout + run.stderr
    assert SECRET not in run.stdout + run.stderr
    if spec.get("status", 1) == 1:
        assert run.returncode == 1, run.stdout + run.stderr
        assert _diagnostics(run.stderr, tmp_path) == spec["expected"]
        assert _outputs(root) == before
    else:
        assert run.returncode == 0, run.stderr
        html = (root / "output" / "brief.html").read_text(encoding="utf-8")
        markdown = (root / "output" / "brief.md").read_text(encoding="utf-8")
        for text in spec.get("html_excludes", []) + [SECRET]:
            assert text not in html
        for text in spec.get("html_includes", []):
            assert text in html
        for text in spec.get("md_includes", []):
            assert text in markdown
        elements = _Elements()
        elements.feed(html)
        assert "script" not in elements.tags
        assert [name for name in elements.attributes if name.startswith("on")] == []


class _Elements(HTMLParser):
    """Every tag and attribute name of a page."""

    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def _overlay(case: Path, root: Path) -> None:
    """Lay a case's files over the project; a path in the case replaces whatever the project has there."""
    for source in sorted(case.rglob("*")):
        if source.name in ("case.toml", ".keep") or source.is_dir():
            continue
        target = root / source.relative_to(case)
        for parent in [target, *target.parents]:
            if parent == root:
                break
            if parent.is_file() or parent.is_symlink():  # a file where the case has a folder
                parent.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)


# What git cannot hold, made at test time. Each takes the project and a scratch folder outside it.

def _secret_outside(scratch: Path) -> Path:
    outside = scratch / "outside.txt"
    outside.write_text(f"Ministers Agree to Study Joint Refinery\nThe ministers said on Tuesday that {SECRET}\ncall it\n")
    return outside


def seed_symlink_outside(root: Path, scratch: Path) -> None:
    (root / "seeds" / "gazette.txt").unlink()
    os.symlink(_secret_outside(scratch), root / "seeds" / "gazette.txt")


def seed_is_a_folder(root: Path, scratch: Path) -> None:
    (root / "seeds" / "gazette.txt").unlink()
    (root / "seeds" / "gazette.txt").mkdir()


def fact_file_symlink_outside(root: Path, scratch: Path) -> None:
    outside = scratch / "elsewhere.yaml"
    shutil.copy(CASES / "facts" / "quote_verbatim.yaml", outside)
    os.symlink(outside, root / "facts" / "linked.yaml")


def fact_file_is_a_pipe(root: Path, scratch: Path) -> None:
    os.mkfifo(root / "facts" / "pipe.yaml")  # reading it would wait forever
    # Edit a fact too: with only the pipe added, the inputs would hash as before and the build would be a no-op.
    fact = root / "facts" / "quote_verbatim.yaml"
    fact.write_text(fact.read_text().replace("study a joint refinery", "study a shared refinery"))


def fact_file_too_large(root: Path, scratch: Path) -> None:
    record = (CASES / "facts" / "quote_verbatim.yaml").read_text()
    with (root / "facts" / "huge.yaml").open("w") as huge:
        for n in range(60_000):  # about 13 MB, three times the limit
            huge.write(record.replace("refinery-study", f"refinery-study-{n}"))


def seed_too_large(root: Path, scratch: Path) -> None:
    seed = root / "seeds" / "gazette.txt"
    with seed.open("a") as text:
        text.write(("Filler line of a stored page far larger than any article.\n" * 320_000))  # about 19 MB


def seed_of_a_gigabyte(root: Path, scratch: Path) -> None:
    seed = root / "seeds" / "gazette.txt"
    with seed.open("r+b") as text:
        text.truncate(1024**3)  # sparse: a gigabyte on no disk space


def statement_of_a_megabyte(root: Path, scratch: Path) -> None:
    _fact(root, statement="Ministers agreed " + "very " * 210_000 + "much.")


def quote_of_a_megabyte(root: Path, scratch: Path) -> None:
    _fact(root, quote="The ministers said " * 55_000)


def yaml_nested_too_deep(root: Path, scratch: Path) -> None:
    depth = 100_000  # once a crash in libyaml's composer; refused at 32 levels
    (root / "facts" / "deep.yaml").write_text("- " + "[" * depth + "]" * depth + "\n")


def secret_outside(root: Path, scratch: Path) -> None:
    _secret_outside(scratch)


def template_reads_outside(root: Path, scratch: Path) -> None:
    outside = _secret_outside(scratch)
    for template in (root / "templates").iterdir():
        template.write_text(template.read_text().replace("SECRET_PATH", str(outside)))


def _fact(root: Path, statement: str = "Ministers agreed to study a joint refinery.",
          quote: str = "The ministers said on Tuesday") -> None:
    (root / "facts" / "quote_verbatim.yaml").write_text(
        f'- id: refinery-study\n  section: proposals\n  statement: "{statement}"\n'
        f'  citations:\n    - source: gazette\n      quote: "{quote}"\n'
    )


SETUPS = {
    function.__name__: function
    for function in (
        seed_symlink_outside, seed_is_a_folder, fact_file_symlink_outside, fact_file_is_a_pipe,
        fact_file_too_large, seed_too_large, seed_of_a_gigabyte, statement_of_a_megabyte, quote_of_a_megabyte,
        yaml_nested_too_deep, secret_outside, template_reads_outside,
    )
}
