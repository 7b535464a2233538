"""Time the statement-support check, alone or within `citebrief check` of a large project.

    python benchmarks/support_check.py                  # 10,000 corpus statements through check_statement
    python benchmarks/support_check.py --project        # `citebrief check` of 10,000 generated facts, by stage
    python benchmarks/support_check.py --project DIR    # the same for a project of your own

Statements are the corpus cases of tests/cases/support/, each made distinct (a varying figure-free
suffix), so no statement is read twice; the quotes repeat, as quotes of one project's sources do.
With --project, `citebrief check --quiet` runs as a process (wall and CPU time, user and system, from
os.wait4) in rounds of five, on a copy of the project: the check as it was before statement support
(main at BEFORE_SUPPORT, taken from this repository's history), then today's check without the memo
(`--no-cache`), on a first run with an empty memo, again with nothing changed, and after one statement
is edited; then once more in this process, without the memo, stage by stage (CPU time), with how many
statements took the fast path. Both copies of citebrief run from compiled bytecode, as installed
copies do (pip compiles a package as it installs it), however PYTHONDONTWRITEBYTECODE is set. The machines are shared: a fixed loop is timed in the same run, so that runs on a
loaded machine can be scaled.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import timeit
from pathlib import Path

import yaml

from citebrief.support import Evidence, check_statement

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
# main just before the statement-support check came (c06bc08): the check that this one must stay close to.
BEFORE_SUPPORT = "0a08e37"
CASES = HERE.parent / "tests" / "cases" / "support"
WORDS = ("alpha", "bravo", "delta", "echo", "golf", "hotel", "kilo", "lima")


def load_cases() -> list[tuple[str, tuple[Evidence, ...], dict]]:
    """Read every corpus case as (statement, evidence, keywords)."""
    cases = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            evidence = tuple(Evidence(e["quote"], e.get("sentence", e["quote"]), e.get("source", "source"),
                                      e["kind"], e.get("publisher"), e.get("speaker"), e.get("published"))
                             for e in case["evidence"])
            keywords = {"date": case.get("date"), "date_precision": case.get("date_precision", "day"),
                        "view_speaker": case.get("view_speaker"), "context": tuple(case.get("context", ()))}
            cases.append((case["statement"], evidence, keywords))
    return cases


def reference() -> str:
    """A fixed loop timed now: about 10 µs on an idle machine."""
    seconds = min(timeit.repeat("sum(range(1000))", number=1000, repeat=5)) / 1000
    return f"reference loop sum(range(1000)) {seconds * 1e6:.1f} µs (about 10 µs on an idle machine)"


def corpus(count: int) -> None:
    """Check `count` distinct corpus statements in this process."""
    cases = load_cases()
    work = []
    for i in range(count):
        statement, evidence, keywords = cases[i % len(cases)]
        suffix = f" ({WORDS[i % 8]} {WORDS[i // 8 % 8]} {WORDS[i // 64 % 8]} {WORDS[i // 512 % 8]} {chr(97 + i // 4096)})"
        work.append((statement.rstrip(".") + suffix + ".", evidence, keywords))
    start = time.perf_counter()
    findings = sum(len(check_statement(s, e, **k)) for s, e, k in work)
    elapsed = time.perf_counter() - start
    print(f"{count} statements ({len(cases)} distinct quote sets): {elapsed:.2f} s, "
          f"{elapsed / count * 1e6:.0f} µs each, {findings} findings; {reference()}")


def before_support(work: Path) -> Path | None:
    """Take citebrief's source as it was before statement support out of git, compiled; None without that history."""
    archive = subprocess.run(["git", "-C", str(REPOSITORY), "archive", BEFORE_SUPPORT, "src"], capture_output=True)
    if archive.returncode != 0:
        return None
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(work / "before-support", filter="data")
    source = work / "before-support" / "src"
    compileall.compile_dir(source, quiet=1)
    return source


def compiled() -> None:
    """Compile this copy of citebrief, as pip does as it installs a package: every run then reads bytecode."""
    import citebrief

    compileall.compile_dir(Path(citebrief.__file__).parent, quiet=1)


def timed_check(root: Path, memo: Path | None, source: Path | None = None) -> tuple[float, float]:
    """Run `citebrief check --quiet` as a process with this memo folder (None: --no-cache); its wall and CPU seconds.

    `source`: run the citebrief found there (the check before statement support, which has no memo).
    """
    env = {**os.environ, "CITEBRIEF_CACHE_DIR": str(memo or "")}
    command = [sys.executable, "-m", "citebrief", "check", "--project", str(root), "--quiet"]
    if source is not None:
        env["PYTHONPATH"] = str(source)
    elif memo is None:
        command.append("--no-cache")
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"citebrief check failed on {root}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def whole_process(root: Path, runs: int) -> None:
    """Time `citebrief check` as a process: the check before statement support, and today's without the memo,
    on a first run, again unchanged, after one edit.

    Rounds run the five in turn; each round starts from an empty memo and edits another statement.
    """
    cases = (f"before statement support (main at {BEFORE_SUPPORT})", "without the memo (--no-cache)",
             "first run (empty memo)", "again, nothing changed", "after editing one statement")
    times: dict[str, list[tuple[float, float]]] = {case: [] for case in cases}
    compiled()
    print(f"at the start: {reference()}")
    with tempfile.TemporaryDirectory() as work:
        before = before_support(Path(work))
        if before is None:
            print(f"(no git history here: the check before statement support, {BEFORE_SUPPORT}, is not timed)")
            del times[cases[0]]
        copy = Path(work) / "project"
        shutil.copytree(root, copy)
        facts = sorted((copy / "facts").glob("*.yaml"), key=lambda p: p.stat().st_size)[-1]
        for round_ in range(runs):
            memo = Path(work) / f"memo-{round_}"
            if before is not None:
                times[cases[0]].append(timed_check(copy, None, before))
            times[cases[1]].append(timed_check(copy, None))
            times[cases[2]].append(timed_check(copy, memo))
            times[cases[3]].append(timed_check(copy, memo))
            text = facts.read_text(encoding="utf-8")
            facts.write_text(text.replace("  statement: ", f"  statement: In the {WORDS[round_ % 8]} round, ", 1),
                             encoding="utf-8")
            times[cases[4]].append(timed_check(copy, memo))
    print(f"at the end: {reference()}")
    medians = {}
    for case, seen in times.items():
        walls, cpus = sorted(w for w, _ in seen), sorted(c for _, c in seen)
        medians[case] = walls[len(walls) // 2]
        print(f"citebrief check, {case}: {medians[case]:.2f} s wall, {cpus[len(cpus) // 2]:.2f} s CPU "
              f"(median of {len(seen)}; wall {walls[0]:.2f}-{walls[-1]:.2f})")
    if cases[0] in medians:
        print("against the check before statement support: " + ", ".join(
            f"{case} {medians[case] / medians[cases[0]]:.2f}×" for case in cases[1:]))


def stages(root: Path) -> None:
    """Check the project in this process, stage by stage, in CPU seconds; count the statements on the fast path."""
    from citebrief import support, verify
    from citebrief.build import Checking
    from citebrief.collector import paused
    from citebrief.evidence import Lineage
    from citebrief.load import load_project
    from citebrief.seeds import read_seeds

    times: dict[str, float] = {}
    fast = [0, 0]
    plain = support._plain

    def counted(*args) -> bool:
        fast[0] += 1
        taken = plain(*args)
        fast[1] += taken
        return taken

    def timed(name, work, *args):
        start, wall = time.process_time(), time.perf_counter()
        result = work(*args)
        times[name] = time.process_time() - start
        walls[name] = time.perf_counter() - wall
        return result

    walls: dict[str, float] = {}
    state = Checking(root)
    with paused(), serial():  # as build.check does, with the work in this process so that its CPU time is counted
        state.project, _ = timed("load", load_project, root)
        project = state.project
        state.texts, _ = timed("seeds", read_seeds, root, project.sources)
        cited = [(fact.id, fact.citations) for fact in project.facts] + [
            (d.id, p.citations) for d in project.disagreements for p in d.positions]
        _, evidence = timed("quotes", verify.verify_quotes, cited, state.texts)
        support._plain = counted
        try:
            timed("support", verify.check_support, project, state.texts, evidence, Lineage(project.sources))
        finally:
            support._plain = plain
    shown = ", ".join(f"{name} {seconds:.2f}" for name, seconds in times.items())
    print(f"in process, on one core (CPU s): {shown}; {fast[1]} of {fast[0]} statements took the fast path; "
          f"{reference()}")
    with paused():
        for name, work in (("quotes", lambda: verify.verify_quotes(cited, state.texts)),
                           ("support", lambda: verify.check_support(project, state.texts, evidence,
                                                                    Lineage(project.sources)))):
            start = time.perf_counter()
            work()
            walls[f"{name} on every core"] = time.perf_counter() - start
    print("in process, wall (s): " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in walls.items()))


@contextlib.contextmanager
def serial():
    """Keep split_map's work in this process, where process_time counts it."""
    from citebrief import workers

    kept = workers.MIN_ITEMS_PER_WORKER
    workers.MIN_ITEMS_PER_WORKER = 10**9
    try:
        yield
    finally:
        workers.MIN_ITEMS_PER_WORKER = kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="statements to check (corpus mode)")
    parser.add_argument("--project", nargs="?", const="", type=str, default=None,
                        help="time `citebrief check` of this project (none given: 10,000 generated facts)")
    parser.add_argument("--runs", type=int, default=3, help="processes to time (project mode)")
    args = parser.parse_args()
    if args.project is None:
        corpus(args.count)
        return
    with tempfile.TemporaryDirectory() as work:
        root = Path(args.project) if args.project else None
        if root is None:
            sys.path.insert(0, str(HERE))
            from generate import generate

            root = generate(Path(work) / "p10000", 10_000, 100)
        whole_process(root, args.runs)
        stages(root)


if __name__ == "__main__":
    main()
