"""Two builds of one output folder never write at the same time; a waiting build gives up cleanly."""

import json
import subprocess
import sys
import time

from citebrief.lock import build_lock
from citebrief.manifest import MANIFEST, file_hash


def _build(root, *extra):
    return subprocess.Popen([sys.executable, "-m", "citebrief", "build", "--project", str(root), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_concurrent_builds_leave_consistent_outputs(project):
    root = project("quote_verbatim.yaml", "quote_with_ellipsis.yaml")
    first, second = _build(root), _build(root)
    results = [(p.wait(timeout=120), p.stderr.read()) for p in (first, second)]
    assert [status for status, _ in results] == [0, 0], results
    out = root / "output"
    manifest = json.loads((out / MANIFEST).read_text())
    for name, digest in manifest["outputs"].items():
        assert file_hash(out / name) == digest, name
    assert manifest["edition"] is None and manifest["draft_after"] is None  # a draft
    assert list(out.glob(".*.tmp")) == []


def test_a_build_waits_a_bounded_time_then_says_why(project):
    root = project("quote_verbatim.yaml")
    with build_lock(root / "output", wait=1):
        run = _build(root, "--wait", "0.5")
        status = run.wait(timeout=60)
        stderr = run.stderr.read()
    assert status == 75
    assert "another citebrief build is writing to" in stderr and "gave up after waiting 0.5 s" in stderr
    assert "Traceback" not in stderr
    assert not (root / "output" / "brief.md").exists()


def test_a_lock_that_is_a_link_is_refused_and_its_target_never_created(project, tmp_path):
    root = project("quote_verbatim.yaml")
    (root / "output").mkdir()
    target = tmp_path / "elsewhere" / "planted"
    target.parent.mkdir()
    (root / "output" / ".citebrief.lock").symlink_to(target)
    run = _build(root)
    status, stderr = run.wait(timeout=120), run.stderr.read()
    assert status == 1, stderr
    assert stderr.splitlines()[-1] == (
        f"citebrief: error: cannot lock {root / 'output'}: {root / 'output' / '.citebrief.lock'} is a link; "
        "citebrief does not follow it — remove it"
    )
    assert not target.exists()
    assert not (root / "output" / "brief.md").exists()


def test_a_failed_build_in_an_empty_folder_leaves_no_output_folder(tmp_path):
    run = _build(tmp_path)
    status, stderr = run.wait(timeout=120), run.stderr.read()
    assert status == 1 and "error[file-missing]" in stderr, stderr
    assert list(tmp_path.iterdir()) == []


def test_a_build_waiting_on_a_lock_its_holder_removes_takes_the_new_one(tmp_path):
    out = tmp_path / "output"
    with build_lock(out, wait=1):
        waiting = subprocess.Popen(
            [sys.executable, "-c", "import sys, time; from pathlib import Path; from citebrief.lock import build_lock\n"
             "with build_lock(Path(sys.argv[1]), wait=30):\n    Path(sys.argv[1], 'written').write_text('x')",
             str(out)], stderr=subprocess.PIPE, text=True)
        time.sleep(1)  # the other process now waits on the lock file this one removes on leaving
    assert waiting.wait(timeout=60) == 0, waiting.stderr.read()
    assert sorted(p.name for p in out.iterdir()) == [".citebrief.lock", "written"]


def test_every_command_loads_where_there_is_no_fcntl():
    # As on Windows (issue #11): the command line and the lock import without fcntl.
    run = subprocess.run([sys.executable, "-c", "import sys; sys.modules['fcntl'] = None\n"
                          "from citebrief.cli import main\nimport citebrief.lock, citebrief.send, citebrief.build"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
