"""Run citebrief in this process and print, as JSON, how long each stage took.

    python benchmarks/stages.py build PROJECT OUT   # citebrief's build(), every output, forced
    python benchmarks/stages.py html PROJECT OUT    # check, Markdown and HTML only: what pandoc's HTML is compared with

Times are in seconds; `import` is the time to import citebrief's pipeline.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def run_build(root: Path, out: Path) -> dict[str, float]:
    """Build every output with citebrief's own build(), recording when each stage starts."""
    start = time.perf_counter()
    from citebrief.build import build

    marks = [("import", start), ("load", time.perf_counter())]
    first = True

    def progress(stage: str) -> None:
        nonlocal first
        if first and stage == "load":  # already marked, after the import
            first = False
            return
        marks.append((stage, time.perf_counter()))

    build(root, out, force=True, progress=progress)
    marks.append(("end", time.perf_counter()))
    return {name: later - at for (name, at), (_, later) in zip(marks, marks[1:])}


def run_html(root: Path, out: Path) -> dict[str, float]:
    """Check the project and write brief.md and brief.html, as the build would, without the PDF."""
    start = time.perf_counter()
    from citebrief.analyse import analyse
    from citebrief.build import check
    from citebrief.html import render_html
    from citebrief.render import render_markdown
    from citebrief.templates import Templates

    times = {"import": time.perf_counter() - start}
    at = time.perf_counter()
    checked, problems = check(root)
    if checked is None:
        raise SystemExit("\n".join(map(str, problems)))
    times["check"], at = time.perf_counter() - at, time.perf_counter()
    brief = analyse(checked.project, checked.texts, checked.evidence)
    times["analyse"], at = time.perf_counter() - at, time.perf_counter()
    templates = Templates(root)
    markdown = render_markdown(brief, templates)
    times["markdown"], at = time.perf_counter() - at, time.perf_counter()
    html = render_html(markdown, brief, templates)
    times["html"], at = time.perf_counter() - at, time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    (out / "brief.md").write_text(markdown, encoding="utf-8")
    (out / "brief.html").write_text(html, encoding="utf-8")
    times["write"] = time.perf_counter() - at
    return times


if __name__ == "__main__":
    run = {"build": run_build, "html": run_html}[sys.argv[1]]
    print(json.dumps(run(Path(sys.argv[2]), Path(sys.argv[3]))))
