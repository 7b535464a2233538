"""Time the statement-support check: 10,000 statements against their quotes, in one run.

Run: python benchmarks/support_check.py [--count N]
Statements are the corpus cases of tests/cases/support/, each made distinct (a varying figure-free
suffix), so no statement is read twice; the quotes repeat, as quotes of one project's sources do.
"""

from __future__ import annotations

import argparse
import time
import timeit
from pathlib import Path

import yaml

from citebrief.support import Evidence, check_statement

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases" / "support"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    count = parser.parse_args().count
    cases = load_cases()
    work = []
    for i in range(count):
        statement, evidence, keywords = cases[i % len(cases)]
        suffix = f" ({WORDS[i % 8]} {WORDS[i // 8 % 8]} {WORDS[i // 64 % 8]} {WORDS[i // 512 % 8]} {chr(97 + i // 4096)})"
        work.append((statement.rstrip(".") + suffix + ".", evidence, keywords))
    # The machines are shared: time a fixed loop too, so runs on a loaded machine can be scaled.
    reference = min(timeit.repeat("sum(range(1000))", number=1000, repeat=5)) / 1000
    start = time.perf_counter()
    findings = sum(len(check_statement(s, e, **k)) for s, e, k in work)
    elapsed = time.perf_counter() - start
    print(f"{count} statements ({len(cases)} distinct quote sets): {elapsed:.2f} s, "
          f"{elapsed / count * 1e6:.0f} µs each, {findings} findings; "
          f"reference loop sum(range(1000)) {reference * 1e6:.1f} µs (about 10 µs on an idle machine)")


if __name__ == "__main__":
    main()
