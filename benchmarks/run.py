"""Measure citebrief on synthetic projects: check, full build, and a no-op rebuild (whole process).

    python benchmarks/run.py            # 1,000 and 10,000 facts
    python benchmarks/run.py --quick    # 1,000 facts only, well under a minute
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

CITEBRIEF = [sys.executable, "-m", "citebrief"]


def timed(command: list[str], repeat: int = 1) -> float:
    """Run a command, return the median wall time in seconds; fail loudly if it fails."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(facts: int, sources: int, workdir: Path) -> dict[str, float]:
    """Time check, a full build and a no-op rebuild of one synthetic project."""
    root = generate(workdir / f"p{facts}", facts, sources)
    project = ["--project", str(root)]
    return {
        "check": timed(CITEBRIEF + ["check", *project]),
        "build": timed(CITEBRIEF + ["build", *project]),
        "no-op build": timed(CITEBRIEF + ["build", *project], repeat=5),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000 facts only")
    args = parser.parse_args()
    sizes = [(1000, 20)] if args.quick else [(1000, 20), (10000, 100)]
    print(f"# citebrief benchmarks — {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print("| facts | sources | check (s) | build (s) | no-op build (s) |")
    print("|--:|--:|--:|--:|--:|")
    with tempfile.TemporaryDirectory() as tmp:
        for facts, sources in sizes:
            t = measure(facts, sources, Path(tmp))
            print(f"| {facts:,} | {sources} | {t['check']:.2f} | {t['build']:.2f} | {t['no-op build']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
