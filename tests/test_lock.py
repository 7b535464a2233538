"""Two builds of one output folder never write at the same time; a waiting build gives up cleanly."""

import json
import subprocess
import sys

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
