"""Writing outputs: whole files only, with the permissions any new file gets, and no temporary file left over."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from citebrief.write import write_outputs


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_outputs_get_the_permissions_the_umask_gives(tmp_path, umask_022):
    written = write_outputs(tmp_path / "output", {"brief.md": b"# Brief\n", "brief.pdf": b"%PDF-1.7\n"})
    assert [stat.S_IMODE(path.stat().st_mode) for path in written] == [0o644, 0o644]
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == ["brief.md", "brief.pdf"]


def test_a_temporary_file_of_a_killed_build_is_removed(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = out / f".brief.pdf.{gone.stdout.strip()}.0123abcd.tmp"
    abandoned.write_bytes(b"%PDF half")
    write_outputs(out, {"brief.md": b"# Brief\n"})
    assert sorted(p.name for p in out.iterdir()) == ["brief.md"]


def test_a_temporary_file_of_a_running_build_is_left_alone(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    running = out / f".brief.pdf.{os.getppid()}.0123abcd.tmp"
    running.write_bytes(b"%PDF being written")
    write_outputs(out, {"brief.md": b"# Brief\n"})
    assert running.read_bytes() == b"%PDF being written"
