"""The citebrief command: check a brief project, or build it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import CitebriefError, Problem, ProjectError, format_json, format_text, sort_problems


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 clean, 1 project errors, 2 usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    root = Path(args.project)
    if not root.is_dir():
        parser.error(f"project folder {args.project!r} does not exist")
    try:
        return args.run(args, root)
    except ProjectError as exc:
        _report(exc.problems, getattr(args, "format", "text"))
        return 1
    except CitebriefError as exc:
        print(f"citebrief: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _check(args: argparse.Namespace, root: Path) -> int:
    from .build import check

    checked, problems = check(root, args.strict)
    _report(sort_problems(problems), args.format, quiet_when_clean=False)
    return 0 if checked else 1


def _build(args: argparse.Namespace, root: Path) -> int:
    from .build import build

    out = Path(args.out) if args.out else None
    written = build(root, out, args.strict)
    for path in written:
        print(f"wrote {path}")
    return 0


def _report(problems: list[Problem], fmt: str, quiet_when_clean: bool = True) -> None:
    if fmt == "json":
        print(format_json(problems))
    elif problems or not quiet_when_clean:
        stream = sys.stderr if any(p.severity == "error" for p in problems) else sys.stdout
        print(format_text(problems) if problems else "no problems found", file=stream)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="citebrief",
        description="Build a policy brief whose every statement is backed by a quote verified against its source.",
    )
    parser.add_argument("--version", action="version", version=f"citebrief {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check every record and quote; write nothing")
    check.set_defaults(run=_check)
    check.add_argument("--format", choices=("text", "json"), default="text", help="diagnostics format")

    build = commands.add_parser("build", help="check, then write output/brief.md, .html and .pdf")
    build.set_defaults(run=_build)
    build.add_argument("--out", metavar="DIR", help="where outputs go (default: the project's output/)")
    build.add_argument("--format", choices=("text", "json"), default="text", help="diagnostics format")

    for command in (check, build):
        command.add_argument("--project", metavar="DIR", default=".", help="the brief project (default: .)")
        command.add_argument("--strict", action="store_true",
                             help="treat warnings (an undated source, a single-source judgment, …) as errors")
    return parser


if __name__ == "__main__":
    sys.exit(main())
