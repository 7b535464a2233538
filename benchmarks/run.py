"""Measure citebrief's build side by side with pandoc and bare WeasyPrint, in one run; print the ratios first.

    python benchmarks/run.py            # 200 and 1,000 facts timed, 1,000 and 10,000 for memory (about 15 minutes)
    python benchmarks/run.py --quick    # 200 facts timed once, no 10,000-fact project: about a minute

Every measure is a whole process, with its wall time, its CPU time and its peak resident memory, its
own children's included (`os.wait4`). On each synthetic project (benchmarks/generate.py) the four
commands run in turn, round after round, so that whatever else the machine does falls on all of them
alike; each figure is the median over the rounds. What is compared:

- citebrief: a full build of every output with the project's default PDF variant (PDF/A-3u), run
  through citebrief's own build() stage by stage (benchmarks/stages.py build), so that the PDF stage
  can be read apart.
- pandoc (from the pypandoc_binary wheel, `pip install -e '.[bench]'`) with --citeproc and
  --pdf-engine=weasyprint, on the same statements and quotes written as pandoc Markdown with a
  CSL-JSON bibliography (benchmarks/equivalent.py): what an analyst would otherwise run.
- bare WeasyPrint printing citebrief's own brief.html with its pdf.css (benchmarks/print_pdf.py): with
  write_pdf()'s defaults, and with the options citebrief passes (PDF/A-3u, custom metadata).

Memory: the peak of the same build at 1,000 facts, and of one build and one bare WeasyPrint print
(same options) of 10,000 facts, where `citebrief check` is also timed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from equivalent import write_equivalent  # noqa: E402
from generate import generate  # noqa: E402
from support_check import BEFORE_SUPPORT, before_support, compiled  # noqa: E402

PYTHON = sys.executable
BIN = Path(sys.executable).parent  # the venv's scripts: citebrief, weasyprint
CITEBRIEF = [PYTHON, "-m", "citebrief"]
GIB = 1024**3
MIB = 1024**2

# The targets of issue #18, and of #12 for the check.
BUILD_TARGET = 1.0  # the full build against pandoc's PDF
PDF_MARGIN = 1.10  # the PDF stage against bare WeasyPrint with the same options
MEMORY_TARGET = 1.5 * GIB  # peak of the 10,000-fact build
CHECK_TARGET = 2.0  # seconds, check of 10,000 facts


@dataclass
class Run:
    """One process: its wall time, CPU time (user and system, children included), peak memory and output."""

    seconds: float
    cpu: float
    peak: int  # bytes
    stdout: str


def run(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a command to completion; fail loudly if it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        # wait4 gives the child's resource use, its own children's included (pandoc's weasyprint).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err.read().decode()[-2000:]}")
        return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, out.read().decode())


def median(runs: list[Run]) -> Run:
    """The median time and CPU time of several runs, with the largest peak and the middle run's output."""
    middle = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    return Run(statistics.median(r.seconds for r in runs), statistics.median(r.cpu for r in runs),
               max(r.peak for r in runs), middle.stdout)


def pandoc() -> str:
    """The pandoc binary of the pypandoc_binary wheel."""
    try:
        import pypandoc
    except ImportError:
        raise SystemExit("pandoc is needed for the comparison: pip install -e '.[bench]'") from None
    return pypandoc.get_pandoc_path()


def commands(root: Path, workdir: Path, name: str) -> dict[str, tuple[list[str], dict | None]]:
    """The four commands compared on one project, each with its environment."""
    markdown, bibliography = write_equivalent(root, workdir / f"pandoc-{name}")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    page = workdir / f"out-{name}" / "brief.html"
    return {
        "build": ([PYTHON, str(HERE / "stages.py"), "build", str(root), str(workdir / f"out-{name}")], None),
        "pandoc": ([pandoc(), "--citeproc", "--bibliography", str(bibliography), "-s", str(markdown),
                    "--pdf-engine=weasyprint", "-o", str(workdir / f"pandoc-{name}.pdf")], env),
        "weasyprint default": ([PYTHON, str(HERE / "print_pdf.py"), "default", str(root), str(page),
                                str(workdir / f"default-{name}.pdf")], None),
        "weasyprint same": ([PYTHON, str(HERE / "print_pdf.py"), "same", str(root), str(page),
                             str(workdir / f"same-{name}.pdf")], None),
    }


def timed(facts: int, sources: int, workdir: Path, rounds: int) -> dict:
    """Run the four commands in turn, round after round, on a project of so many facts; keep the medians."""
    root = generate(workdir / f"p{facts}", facts, sources)
    compared = commands(root, workdir, str(facts))
    runs: dict[str, list[Run]] = {name: [] for name in compared}
    for _ in range(rounds):
        for name, (command, env) in compared.items():  # the build first: the others print its page
            runs[name].append(run(command, env))
    results = {name: median(found) for name, found in runs.items()}
    stages = [json.loads(r.stdout) for r in runs["build"]]
    results["stages"] = {stage: statistics.median(s[stage] for s in stages) for stage in stages[0]}
    prints = {name: [float(r.stdout) for r in runs[name]] for name in ("weasyprint default", "weasyprint same")}
    results["prints"] = {name: statistics.median(found) for name, found in prints.items()}
    results["pages"] = _pages(workdir / f"out-{facts}" / "brief.pdf"), _pages(workdir / f"pandoc-{facts}.pdf")
    return results


def memory(facts: int, sources: int, workdir: Path) -> dict:
    """Take the peak memory of one build and one bare WeasyPrint print of a large project; time its check."""
    root = generate(workdir / f"p{facts}", facts, sources)
    compared = commands(root, workdir, str(facts))
    check = CITEBRIEF + ["check", "--quiet", "--project", str(root)]
    memo = {**os.environ, "CITEBRIEF_CACHE_DIR": str(workdir / "memo")}
    compiled()  # as installed: both copies of citebrief read bytecode, however PYTHONDONTWRITEBYTECODE is set
    before = before_support(workdir)
    runs: dict[str, list[Run]] = {"check": [], "check before support": []}
    for _ in range(3):  # the check before statement support and today's, in turn
        if before is not None:
            runs["check before support"].append(run(check, {**os.environ, "PYTHONPATH": str(before)}))
        runs["check"].append(run(check + ["--no-cache"]))
    results = {name: median(found) for name, found in runs.items() if found}
    run(check, memo)  # the first check with a memo: it computes everything and keeps it
    results["check again"] = median([run(check, memo) for _ in range(3)])
    for name in ("build", "weasyprint same"):
        command, env = compared[name]
        results[name] = run(command, env)
    results["stages"] = json.loads(results["build"].stdout)
    return results


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def machine() -> str:
    """Describe the machine the run is on."""
    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor() or platform.machine())
    memory_total = next((int(line.split()[1]) * 1024 for line in _lines("/proc/meminfo")
                         if line.startswith("MemTotal")), 0)
    system = next((line.split("=", 1)[1].strip('"') for line in _lines("/etc/os-release")
                   if line.startswith("PRETTY_NAME=")), platform.system())
    from citebrief.pdf import font_subsetter

    engines = (f"WeasyPrint {version('weasyprint')} (fonts subset with {font_subsetter()}), pandoc {_pandoc_version()}, "
               f"citebrief {version('citebrief')}")
    return (f"{cpu}, {os.cpu_count()} cores, {memory_total / GIB:.0f} GiB RAM; {system}, "
            f"Python {platform.python_version()}; {engines}")


def _pandoc_version() -> str:
    return subprocess.run([pandoc(), "--version"], capture_output=True, text=True).stdout.split("\n")[0].split()[-1]


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def ratios(timings: dict[int, dict]) -> list[str]:
    """The ratios, one row per project size: wall time first, CPU time in brackets."""
    lines = ["| facts | build ÷ pandoc's PDF | build ÷ bare WeasyPrint, defaults | "
             "PDF stage ÷ bare WeasyPrint, same options |", "|--:|--:|--:|--:|"]
    for facts, r in timings.items():
        build, theirs, default = r["build"], r["pandoc"], r["weasyprint default"]
        pdf, same = r["stages"]["pdf"], r["prints"]["weasyprint same"]
        lines.append(f"| {facts:,} | {build.seconds / theirs.seconds:.2f} ({build.cpu / theirs.cpu:.2f} CPU) | "
                     f"{build.seconds / default.seconds:.2f} ({build.cpu / default.cpu:.2f} CPU) | {pdf / same:.2f} |")
    return lines


def targets(timings: dict[int, dict], large: dict | None) -> list[str]:
    """Say which of the targets are met."""
    def line(ok: bool, text: str) -> str:
        return f"- {'met' if ok else 'MISSED'}: {text}"

    found = []
    for facts, r in timings.items():
        ratio = r["build"].seconds / r["pandoc"].seconds
        found.append(line(ratio <= BUILD_TARGET, f"build of {facts:,} facts at most {BUILD_TARGET:g}× pandoc's PDF "
                          f"({r['build'].seconds:.2f} s against {r['pandoc'].seconds:.2f} s: {ratio:.2f}×)"))
        pdf, same = r["stages"]["pdf"], r["prints"]["weasyprint same"]
        found.append(line(pdf <= PDF_MARGIN * same, f"PDF stage of {facts:,} facts at most {PDF_MARGIN:g}× bare "
                          f"WeasyPrint with the same options ({pdf:.2f} s against {same:.2f} s: {pdf / same:.2f}×)"))
    if large is not None:
        facts = large["facts"]
        found.append(line(large["build"].peak <= MEMORY_TARGET, f"peak memory of the {facts:,}-fact build at most "
                          f"{MEMORY_TARGET / GIB:g} GiB ({large['build'].peak / GIB:.2f} GiB; bare WeasyPrint "
                          f"{large['weasyprint same'].peak / GIB:.2f} GiB)"))
        found.append(line(large["check"].seconds < CHECK_TARGET, f"check of {facts:,} facts under {CHECK_TARGET:g} s, "
                          f"computing everything ({large['check'].seconds:.2f} s, {large['check'].cpu:.2f} s CPU)"))
        found.append(line(large["check again"].seconds < CHECK_TARGET, f"check of {facts:,} facts under "
                          f"{CHECK_TARGET:g} s, again with its memo ({large['check again'].seconds:.2f} s, "
                          f"{large['check again'].cpu:.2f} s CPU)"))
        if "check before support" in large:
            before = large["check before support"]
            found.append(f"- in the same run, the check as it was before statement support (main at {BEFORE_SUPPORT}) "
                         f"took {before.seconds:.2f} s ({before.cpu:.2f} s CPU): computing everything, today's takes "
                         f"{large['check'].seconds / before.seconds:.2f}× as long; again with its memo, "
                         f"{large['check again'].seconds / before.seconds:.2f}×")
    return found


def details(facts: int, sources: int, r: dict, rounds: int) -> list[str]:
    """A table of one project's measures."""
    def row(what: str, measured: Run, note: str = "") -> str:
        return f"| {what} | {measured.seconds:.2f} | {measured.cpu:.2f} | {measured.peak / MIB:,.0f} | {note} |"

    ours, theirs = r["pages"]
    return [f"### {facts:,} facts over {sources} sources (median of {rounds} rounds)", "",
            "| whole process | wall (s) | CPU (s) | peak memory (MiB) | |", "|---|--:|--:|--:|---|",
            row("citebrief build, every output", r["build"], f"{ours} pages"),
            row("pandoc --citeproc --pdf-engine=weasyprint", r["pandoc"], f"{theirs} pages"),
            row("bare WeasyPrint, citebrief's page, defaults", r["weasyprint default"],
                f"printing {r['prints']['weasyprint default']:.2f} s"),
            row("bare WeasyPrint, citebrief's page, same options", r["weasyprint same"],
                f"printing {r['prints']['weasyprint same']:.2f} s"),
            "", "citebrief build by stage (s): " + ", ".join(f"{k} {v:.2f}" for k, v in r["stages"].items()), ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="200 facts timed once; no 10,000-fact project")
    args = parser.parse_args()
    sizes, rounds = ([(200, 20)], 1) if args.quick else ([(200, 20), (1000, 20)], 3)
    started, load = time.perf_counter(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        timings = {facts: timed(facts, sources, Path(tmp), rounds) for facts, sources in sizes}
        large = None if args.quick else {"facts": 10_000, **memory(10_000, 100, Path(tmp))}
    print(f"# citebrief benchmarks{' (quick)' if args.quick else ''}\n")
    print(f"Machine: {machine()}. Load average {load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end; "
          f"the run took {time.perf_counter() - started:.0f} s.\n")
    print("## Ratios\n")
    print("\n".join(ratios(timings)) + "\n")
    print("\n".join(targets(timings, large)) + "\n")
    print("## Measures\n")
    for (facts, sources) in sizes:
        print("\n".join(details(facts, sources, timings[facts], rounds)))
    if large is not None:
        stages = ", ".join(f"{k} {v:.2f}" for k, v in large["stages"].items())
        print(f"### {large['facts']:,} facts over 100 sources (one run each)\n\n"
              "| whole process | wall (s) | CPU (s) | peak memory (MiB) |\n|---|--:|--:|--:|\n"
              + "\n".join(f"| {name} | {large[key].seconds:.2f} | {large[key].cpu:.2f} | {large[key].peak / MIB:,.0f} |"
                          for name, key in (("citebrief check --no-cache (median of 3)", "check"),
                                            (f"citebrief check before statement support, {BEFORE_SUPPORT} (median of 3)",
                                             "check before support"),
                                            ("citebrief check again, with its memo (median of 3)", "check again"),
                                            ("citebrief build, every output", "build"),
                                            ("bare WeasyPrint, citebrief's page, same options", "weasyprint same"))
                          if key in large)
              + f"\n\ncitebrief build by stage (s): {stages}\n")


if __name__ == "__main__":
    main()
