"""Time the statement-support check, alone or within `citebrief check` of a large project.

    python benchmarks/support_check.py                  # 10,000 corpus statements through check_statement
    python benchmarks/support_check.py --project        # `citebrief check` of 10,000 generated facts, by stage
    python benchmarks/support_check.py --project DIR    # the same for a project of your own

Statements are the corpus cases of tests/cases/support/, each made distinct (a varying figure-free
suffix), so no statement is read twice; the quotes repeat, as quotes of one project's sources do.
With --project, `citebrief check --quiet` runs as a process (wall and CPU time, user and system, from
os.wait4), then once more in this process stage by stage (CPU time), with how many statements took
the fast path. The machines are shared: a fixed loop is timed in the same run, so that runs on a
loaded machine can be scaled.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

import yaml

from citebrief.support import Evidence, check_statement

HERE = Path(__file__).resolve().parent
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


def whole_process(root: Path, runs: int) -> None:
    """Run `citebrief check --quiet` as a process, several times: wall and CPU seconds of each."""
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "citebrief", "check", "--project", str(root), "--quiet"])
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        print(f"citebrief check: {wall:.2f} s wall, {usage.ru_utime + usage.ru_stime:.2f} s CPU "
              f"({usage.ru_utime:.2f} user + {usage.ru_stime:.2f} system), exit {os.waitstatus_to_exitcode(status)}")


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
        start = time.process_time()
        result = work(*args)
        times[name] = time.process_time() - start
        return result

    state = Checking(root)
    with paused():  # as build.check does
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
    print(f"in process (CPU s): {shown}; {fast[1]} of {fast[0]} statements took the fast path; {reference()}")


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
