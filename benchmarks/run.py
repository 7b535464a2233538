"""Measure citebrief on synthetic projects, side by side with pandoc and bare WeasyPrint, in one run.

    python benchmarks/run.py            # 1,000 and 10,000 facts, every measure (about twenty minutes on two cores)
    python benchmarks/run.py --quick    # 1,000 facts without the PDF, 100 facts with it: under a minute

Every measure is a whole process, timed by wall clock, with its peak resident memory (its own and its
children's). What is compared:

- citebrief: `check`; Markdown + HTML (check, analyse, render; benchmarks/stages.py html); a full build
  of every output (citebrief's build(), stage by stage; benchmarks/stages.py build); a no-op
  `citebrief build` with nothing changed.
- pandoc (from the pypandoc_binary wheel, `pip install -e '.[bench]'`) with --citeproc, on the same
  statements and quotes written as pandoc Markdown with a CSL-JSON bibliography
  (benchmarks/equivalent.py): to HTML, and to PDF with --pdf-engine=weasyprint.
- bare WeasyPrint printing citebrief's own brief.html with its pdf.css (benchmarks/print_pdf.py):
  with write_pdf()'s defaults, and with the options citebrief asks for (PDF/A-3u, tagged).

It prints a Markdown report: the machine, a table per project size, and the targets met or missed.
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

PYTHON = sys.executable
BIN = Path(sys.executable).parent  # the venv's scripts: citebrief, weasyprint
CITEBRIEF = [PYTHON, "-m", "citebrief"]
GIB = 1024**3

# The targets, for the largest project measured.
CHECK_TARGET = 2.0  # seconds, check of 10,000 facts
NOOP_TARGET = 0.3  # seconds, no-op rebuild
PDF_MARGIN = 1.10  # the PDF stage within 10% of bare WeasyPrint
MEMORY_TARGET = 1 * GIB  # peak of the 10,000-fact build


@dataclass
class Run:
    """One process: its wall time, peak memory and standard output."""

    seconds: float
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
        return Run(seconds, usage.ru_maxrss * 1024, out.read().decode())


def best(command: list[str], repeat: int, env: dict[str, str] | None = None) -> Run:
    """Run a command several times; keep the median time and the largest peak."""
    runs = [run(command, env) for _ in range(repeat)]
    middle = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    return Run(statistics.median(r.seconds for r in runs), max(r.peak for r in runs), middle.stdout)


def pandoc() -> str:
    """The pandoc binary of the pypandoc_binary wheel."""
    try:
        import pypandoc
    except ImportError:
        raise SystemExit("pandoc is needed for the comparison: pip install -e '.[bench]'") from None
    return pypandoc.get_pandoc_path()


def measure(facts: int, sources: int, workdir: Path, with_pdf: bool, repeat: int) -> dict[str, Run | dict]:
    """Take every measure on one synthetic project."""
    root = generate(workdir / f"p{facts}", facts, sources)
    out = root / "output"
    markdown, bibliography = write_equivalent(root, workdir / f"pandoc{facts}")
    pandoc_args = [pandoc(), "--citeproc", "--bibliography", str(bibliography), "-s", str(markdown)]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    project = ["--project", str(root)]
    results: dict[str, Run | dict] = {
        "check": best(CITEBRIEF + ["check", *project], repeat),
        "md+html": best([PYTHON, str(HERE / "stages.py"), "html", str(root), str(workdir / f"html{facts}")], repeat),
        "pandoc html": best(pandoc_args + ["-t", "html5", "-o", str(workdir / f"pandoc{facts}.html")], repeat, env),
    }
    if not with_pdf:
        return results
    build = run([PYTHON, str(HERE / "stages.py"), "build", str(root), str(out)])
    results["build"], results["stages"] = build, json.loads(build.stdout)
    noop = best(CITEBRIEF + ["build", *project, "--out", str(out)], max(repeat, 5))
    if "up to date" not in noop.stdout:
        raise SystemExit(f"the second build was not a no-op:\n{noop.stdout}")
    results["no-op build"] = noop
    page = out / "brief.html"
    for options in ("default", "tagged"):
        printed = run([PYTHON, str(HERE / "print_pdf.py"), options, str(root), str(page), str(workdir / f"{options}.pdf")])
        results[f"weasyprint {options}"] = printed
        results[f"weasyprint {options} print"] = float(printed.stdout)
    results["pandoc pdf"] = run(
        pandoc_args + ["--pdf-engine=weasyprint", "-o", str(workdir / f"pandoc{facts}.pdf")], env
    )
    return results


def machine() -> str:
    """Describe the machine the run is on."""
    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor() or platform.machine())
    memory = next((int(line.split()[1]) * 1024 for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    system = next((line.split("=", 1)[1].strip('"') for line in _lines("/etc/os-release")
                   if line.startswith("PRETTY_NAME=")), platform.system())
    engines = f"WeasyPrint {version('weasyprint')}, pandoc {_pandoc_version()}, citebrief {version('citebrief')}"
    return (f"{cpu}, {os.cpu_count()} cores, {memory / GIB:.0f} GiB RAM; {system}, "
            f"Python {platform.python_version()}; {engines}")


def _pandoc_version() -> str:
    return subprocess.run([pandoc(), "--version"], capture_output=True, text=True).stdout.split("\n")[0].split()[-1]


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def report(facts: int, sources: int, r: dict) -> list[str]:
    """A Markdown table of one project's measures, with the ratios against pandoc and bare WeasyPrint."""
    def row(what: str, run: Run, note: str = "") -> str:
        return f"| {what} | {run.seconds:.2f} | {run.peak / 2**20:,.0f} | {note} |"

    def against(ours: float, theirs: float, name: str) -> str:
        if ours <= theirs:
            return f"{theirs / ours:.1f}× faster than {name}"
        return f"{ours / theirs:.1f}× as long as {name}"

    lines = [f"### {facts:,} facts over {sources} sources", "",
             "| measure (whole process) | time (s) | peak memory (MiB) | compared |", "|---|--:|--:|---|",
             row("citebrief check", r["check"]),
             row("citebrief Markdown + HTML (check included)", r["md+html"],
                 against(r["md+html"].seconds, r["pandoc html"].seconds, "pandoc's HTML")),
             row("pandoc --citeproc → HTML", r["pandoc html"])]
    if "build" in r:
        stages = r["stages"]
        pdf = stages["pdf"]
        lines += [
            row("citebrief build, every output", r["build"],
                against(r["build"].seconds, r["pandoc pdf"].seconds, "pandoc's PDF")),
            row("citebrief no-op build", r["no-op build"]),
            row("pandoc --citeproc --pdf-engine=weasyprint → PDF", r["pandoc pdf"]),
            row("bare WeasyPrint, citebrief's HTML, default options", r["weasyprint default"],
                f"printing {r['weasyprint default print']:.2f} s; citebrief's PDF stage "
                f"{pdf / r['weasyprint default print']:.2f}×"),
            row("bare WeasyPrint, citebrief's HTML, PDF/A-3u tagged", r["weasyprint tagged"],
                f"printing {r['weasyprint tagged print']:.2f} s; citebrief's PDF stage "
                f"{pdf / r['weasyprint tagged print']:.2f}×"),
            "",
            "citebrief build by stage (s): " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in stages.items()),
        ]
    return lines + [""]


def targets(facts: int, r: dict) -> list[str]:
    """Say which of the issue's targets the largest project meets."""
    def line(ok: bool, text: str) -> str:
        return f"- {'met' if ok else 'MISSED'}: {text}"

    found = [
        line(r["check"].seconds < CHECK_TARGET, f"check of {facts:,} facts under {CHECK_TARGET:g} s "
             f"({r['check'].seconds:.2f} s)"),
        line(r["md+html"].seconds < r["pandoc html"].seconds, f"Markdown + HTML of {facts:,} facts faster than "
             f"pandoc's HTML ({r['md+html'].seconds:.2f} s against {r['pandoc html'].seconds:.2f} s)"),
    ]
    if "build" in r:
        pdf = r["stages"]["pdf"]
        for options in ("default", "tagged"):
            bare = r[f"weasyprint {options} print"]
            found.append(line(pdf <= PDF_MARGIN * bare, f"PDF stage within 10% of bare WeasyPrint, {options} options "
                              f"({pdf:.2f} s against {bare:.2f} s, {pdf / bare - 1:+.0%})"))
        found += [
            line(r["no-op build"].seconds < NOOP_TARGET,
                 f"no-op rebuild under {NOOP_TARGET:g} s ({r['no-op build'].seconds:.3f} s)"),
            line(r["build"].peak < MEMORY_TARGET, f"{facts:,}-fact build under 1 GiB peak memory "
                 f"({r['build'].peak / GIB:.2f} GiB; bare WeasyPrint {r['weasyprint tagged'].peak / GIB:.2f} GiB "
                 f"tagged, {r['weasyprint default'].peak / GIB:.2f} GiB default)"),
        ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000 facts without the PDF, 100 with it")
    args = parser.parse_args()
    # (facts, sources, with the PDF, repeats of the quick measures)
    sizes = [(1000, 20, False, 3), (100, 5, True, 3)] if args.quick else [(1000, 20, True, 3), (10000, 100, True, 3)]
    started = time.perf_counter()
    load = os.getloadavg()[0]
    print(f"# citebrief benchmarks{' (quick)' if args.quick else ''}\n")
    print(f"Machine: {machine()}.\n", flush=True)
    measured = []
    with tempfile.TemporaryDirectory() as tmp:
        for facts, sources, with_pdf, repeat in sizes:
            results = measure(facts, sources, Path(tmp), with_pdf, repeat)
            measured.append((facts, results))
            print("\n".join(report(facts, sources, results)), flush=True)
    facts, results = max(measured, key=lambda m: m[0])
    print(f"Targets, on {facts:,} facts:\n")
    print("\n".join(targets(facts, results)))
    print(f"\nLoad average {load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end; "
          f"the run took {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
