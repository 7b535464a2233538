"""Faults while writing: a full disk, a failed rename, a build killed half-way through the PDF or between renames.

Whatever happens, the last good outputs stay as they were — the whole set of them — and the next build succeeds.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from citebrief.cli import main
from citebrief.manifest import MANIFEST, file_hash

WRAPPER = '''
import os, sys, time

real_write = os.write

def write(fd, data):
    """Write half of the PDF's first chunk, say so, and wait to be killed."""
    try:
        target = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        target = ""
    if "/.sets/" in target and target.endswith("/brief.pdf"):
        real_write(fd, bytes(data[: len(data) // 2]))
        with open(sys.argv[1], "w") as marker:
            marker.write(target)
        time.sleep(3600)
    return real_write(fd, data)

os.write = write
from citebrief.cli import main
from citebrief.manifest import MANIFEST, file_hash
sys.exit(main(sys.argv[2:]))
'''


# Pause the build for good right after its first rename inside the output folder, and say so.
PAUSE_AFTER_RENAME = '''
import os, sys, time

real_replace = os.replace

def replace(source, target, *args, **kwargs):
    result = real_replace(source, target, *args, **kwargs)
    if os.path.dirname(os.path.abspath(target)) == sys.argv[2]:
        with open(sys.argv[1], "w") as marker:
            marker.write(str(target))
        time.sleep(3600)
    return result

os.replace = replace
from citebrief.cli import main
sys.exit(main(sys.argv[3:]))
'''


def _outputs(root: Path) -> dict[str, bytes]:
    out = root / "output"
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != ".citebrief.lock"}


def _one_set(root: Path) -> None:
    """Check that every output is the one the manifest lists: all from one build, none from another."""
    out = root / "output"
    manifest = json.loads((out / MANIFEST).read_text())
    assert {name: file_hash(out / name) for name in manifest["outputs"]} == manifest["outputs"]


def _staged_pdf(fd: int) -> bool:
    target = os.readlink(f"/proc/self/fd/{fd}")
    return "/.sets/" in target and target.endswith("/brief.pdf")


def _built_then_edited(project) -> tuple[Path, dict[str, bytes]]:
    """A project built once, then edited so that the next build must write every output again."""
    root = project("quote_verbatim.yaml")
    assert main(["build", "--project", str(root), "--quiet"]) == 0
    before = _outputs(root)
    fact = root / "facts" / "quote_verbatim.yaml"
    fact.write_text(fact.read_text().replace("study a joint refinery", "study a shared refinery"))
    return root, before


def _fail_on_pdf(function):
    """Wrap os.write or os.fsync to fail as a full disk does, for the PDF's temporary file only."""
    def failing(fd, *args):
        if _staged_pdf(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return function(fd, *args)
    return failing


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to tell which file is written")
@pytest.mark.parametrize("call", ["write", "fsync"])
def test_full_disk_is_reported_and_the_previous_outputs_kept(project, monkeypatch, capsys, call):
    root, before = _built_then_edited(project)
    capsys.readouterr()
    monkeypatch.setattr(os, call, _fail_on_pdf(getattr(os, call)))

    assert main(["build", "--project", str(root), "--quiet"]) == 1

    out = root / "output"
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"citebrief: error: cannot write to {out}: No space left on device; the previous outputs are kept"
    )
    assert _outputs(root) == before
    assert len(list((out / ".sets").iterdir())) == 1  # the half-written set is gone
    monkeypatch.undo()
    assert main(["build", "--project", str(root), "--quiet"]) == 0
    assert "study a shared refinery" in (out / "brief.md").read_text()


def test_a_failed_switch_keeps_the_previous_set_and_the_next_build_succeeds(project, monkeypatch, capsys):
    root, before = _built_then_edited(project)
    capsys.readouterr()
    real_replace = os.replace

    def fail_on_switch(source, target):
        if Path(target).name == ".current":
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", fail_on_switch)
    assert main(["build", "--project", str(root), "--quiet"]) == 1
    out = root / "output"
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"citebrief: error: cannot write to {out}: Input/output error; the previous outputs are kept"
    )
    assert _outputs(root) == before
    monkeypatch.undo()
    assert main(["build", "--project", str(root), "--quiet"]) == 0
    _one_set(root)
    assert "study a shared refinery" in (out / "brief.html").read_text()


@pytest.mark.parametrize("layout", ["output sets", "files from before output sets"])
def test_a_build_killed_after_its_first_rename_leaves_one_whole_set(project, tmp_path, layout):
    root, before = _built_then_edited(project)
    out = root / "output"
    if layout == "files from before output sets":  # as an older citebrief left them: plain files
        for name, data in before.items():
            (out / name).unlink()
            (out / name).write_bytes(data)
    wrapper = tmp_path / "pause_after_rename.py"
    wrapper.write_text(PAUSE_AFTER_RENAME)
    marker = tmp_path / "renamed"
    build = subprocess.Popen([sys.executable, str(wrapper), str(marker), str(out), "build", "--project", str(root),
                              "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120  # a bound, so that a broken build cannot hang the suite
        while not marker.exists() and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), build.stderr.read().decode() if build.poll() is not None else "never renamed"
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()

    _one_set(root)
    markdown, html = (out / "brief.md").read_text(), (out / "brief.html").read_text()
    assert ("shared refinery" in markdown) == ("shared refinery" in html)
    rebuilt = subprocess.run([sys.executable, "-m", "citebrief", "build", "--project", str(root), "--quiet"],
                             capture_output=True, text=True, timeout=300)
    assert rebuilt.returncode == 0, rebuilt.stderr
    _one_set(root)
    assert "study a shared refinery" in (out / "brief.md").read_text()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to tell which file is written")
def test_a_build_killed_while_writing_the_pdf_leaves_the_previous_outputs(project, tmp_path):
    root, before = _built_then_edited(project)
    wrapper = tmp_path / "pause_in_pdf.py"
    wrapper.write_text(WRAPPER)
    marker = tmp_path / "writing-the-pdf"
    build = subprocess.Popen([sys.executable, str(wrapper), str(marker), "build", "--project", str(root), "--quiet"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120  # not a measure: a bound, so that a broken build cannot hang the suite
        while not marker.exists() and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), build.stderr.read().decode() if build.poll() is not None else "never wrote the PDF"
        half_written = Path(marker.read_text())
        assert half_written.parent.parent == root / "output" / ".sets" and half_written.stat().st_size > 0
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()

    assert build.returncode == -signal.SIGKILL
    assert {name: data for name, data in _outputs(root).items() if not name.endswith(".tmp")} == before

    rebuilt = subprocess.run([sys.executable, "-m", "citebrief", "build", "--project", str(root), "--quiet"],
                             capture_output=True, text=True, timeout=300)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "study a shared refinery" in (root / "output" / "brief.md").read_text()
    assert not half_written.parent.exists()  # the killed build's set is cleared away
    assert sorted(_outputs(root)) == sorted(before)
