"""Writing outputs: whole files only, with the permissions any new file gets, and no temporary file left over."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from citebrief.write import write_output_set, write_outputs


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


def test_an_output_set_switches_every_name_at_once_and_keeps_unchanged_files(tmp_path):
    out = tmp_path / "output"
    write_output_set(out, {"brief.md": b"# Old\n", "brief.pdf": b"%PDF old\n"}, {"brief.md", "brief.pdf"})
    kept = (out / "brief.pdf").stat()
    written = write_output_set(out, {"brief.md": b"# New\n", "brief.pdf": b"%PDF old\n"}, {"brief.md"})
    assert written == [out / "brief.md"]
    assert (out / "brief.md").read_bytes() == b"# New\n"
    assert [os.readlink(out / name) for name in ("brief.md", "brief.pdf")] == [".current/brief.md", ".current/brief.pdf"]
    now = (out / "brief.pdf").stat()
    assert (now.st_ino, now.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)  # linked into the new set, not written
    assert [p.name for p in (out / ".sets").iterdir()] == [os.readlink(out / ".current").split("/")[1]]


def test_plain_files_from_before_output_sets_become_a_set(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "brief.md").write_bytes(b"# Old\n")
    (out / "brief.pdf").write_bytes(b"%PDF old\n")
    write_output_set(out, {"brief.md": b"# New\n", "brief.pdf": b"%PDF old\n", "editions.json": b"{}"}, {"brief.md", "editions.json"})
    assert {name: (out / name).read_bytes() for name in ("brief.md", "brief.pdf", "editions.json")} == {
        "brief.md": b"# New\n", "brief.pdf": b"%PDF old\n", "editions.json": b"{}"}
    assert all((out / name).is_symlink() for name in ("brief.md", "brief.pdf", "editions.json"))
    assert len(list((out / ".sets").iterdir())) == 1
