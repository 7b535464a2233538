"""The citebrief command: check a brief project, or build it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import CitebriefError, Problem, ProjectError, format_json, format_text, sort_problems
from .lock import LockTimeout, build_lock
from .manifest import up_to_date
from .options import PDF_VARIANTS


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
    except LockTimeout as exc:
        print(f"citebrief: {exc}", file=sys.stderr)
        return EXIT_LOCKED
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


EXIT_NO_NEW_EDITION = 3
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later


def _build(args: argparse.Namespace, root: Path) -> int:
    out = Path(args.out) if args.out else root / "output"
    with build_lock(out, args.wait):
        # The no-op path reads hashes only: the rendering stack is not imported.
        variant = None if args.pdf_variant is None else "" if args.pdf_variant == "none" else args.pdf_variant
        if not args.force and up_to_date(root, out, {"pdf-variant": variant or ""}):
            print(f"{out}: up to date")
            return EXIT_NO_NEW_EDITION if args.exit_code else 0
        from .build import build

        result = build(root, out, args.strict, args.force, variant)
    for path in result.written:
        print(f"wrote {path}")
    if result.up_to_date:
        print(f"{out}: up to date")
    elif result.new_edition:
        print(f"edition {result.edition}")
    else:
        print(f"edition {result.edition} (no fact or source changed)")
    return EXIT_NO_NEW_EDITION if args.exit_code and not result.new_edition else 0


def _verify(args: argparse.Namespace, root: Path) -> int:
    from .audit import audit_pdf

    pdf = Path(args.pdf)
    if not pdf.is_file():
        print(f"citebrief verify: error: {args.pdf}: no such file", file=sys.stderr)
        return 2
    audit = audit_pdf(pdf, Path(args.sources) if args.sources else root / "seeds")
    _report(audit.problems, args.format)
    if audit.holds:
        if args.format == "text":
            print(f"{pdf}: the brief holds — {audit.quotes} quotes verified against {audit.sources} sources")
        return 0
    if args.format == "text":
        print(f"{pdf}: the brief does not hold", file=sys.stderr)
    return 1


def _settings(root: Path):
    from .load import load_settings

    settings, problems = load_settings(root)
    if problems:
        raise ProjectError(problems)
    return settings


def _publish(args: argparse.Namespace, root: Path) -> int:
    from .publish import publish

    out = Path(args.out) if args.out else root / "output"
    result = publish(out, Path(args.to), _settings(root).title, base_url=args.base_url)
    for path in result.written:
        print(f"wrote {path}")
    if not result.written:
        print(f"edition {result.edition} is already published in {args.to}")
    return 0


def _send(args: argparse.Namespace, root: Path) -> int:
    from .send import send

    out = Path(args.out) if args.out else root / "output"
    result = send(out, _settings(root), dry_run=args.dry_run)
    if result.dry_run is not None:
        print(result.dry_run)
        return 0
    for recipient in result.sent:
        print(f"sent edition {result.edition} to {recipient}")
    if result.skipped:
        print(f"already sent edition {result.edition} to {', '.join(result.skipped)}")
    return 0


def _watch(args: argparse.Namespace, root: Path) -> int:
    from .watch import watch

    return watch(root, Path(args.out) if args.out else root / "output", args.debounce, args.strict)


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

    build = commands.add_parser(
        "build",
        help="check, then write output/brief.md, .html and .pdf; only what changed is rendered again",
        description="Exit status: 0 built or up to date; 1 the project has errors (nothing written); 2 usage; "
        f"{EXIT_NO_NEW_EDITION} with --exit-code, no new edition was made; "
        f"{EXIT_LOCKED} another build held the output folder for longer than --wait.",
    )
    build.set_defaults(run=_build)
    build.add_argument("--force", action="store_true", help="render and write every output again")
    build.add_argument("--exit-code", action="store_true",
                       help=f"exit {EXIT_NO_NEW_EDITION} when no new edition was made (for schedulers)")
    build.add_argument("--pdf-variant", metavar="VARIANT", choices=[v or "none" for v in PDF_VARIANTS],
                       help="the PDF standard: pdf/a-3u (default), pdf/a-3b, pdf/a-3a, pdf/ua-1, pdf/ua-2, … "
                       "or none for a plain PDF")
    build.add_argument("--wait", type=float, default=120, metavar="SECONDS",
                       help="how long to wait for another build of the same output folder (default 120)")

    verify = commands.add_parser(
        "verify", help="re-check a citebrief PDF: its attached records, and every quote against the source files"
    )
    verify.set_defaults(run=_verify)
    verify.add_argument("pdf", metavar="PDF", help="a PDF built by citebrief")
    verify.add_argument("--sources", metavar="DIR", help="the folder holding the source files (default: the project's seeds/)")
    verify.add_argument("--format", choices=("text", "json"), default="text", help="diagnostics format")
    verify.add_argument("--project", metavar="DIR", default=".", help="the brief project (default: .)")

    publish = commands.add_parser(
        "publish", help="copy the built edition's PDF to a folder with its checksum, latest.pdf and an Atom feed"
    )
    publish.set_defaults(run=_publish)
    publish.add_argument("--to", metavar="DIR", required=True, help="the folder to publish into")
    publish.add_argument("--base-url", default="", metavar="URL",
                         help="the address the folder is served at, for absolute links in the feed")

    send = commands.add_parser("send", help="mail the built edition's PDF to the recipients in citebrief.toml [send]")
    send.set_defaults(run=_send)
    send.add_argument("--dry-run", action="store_true", help="print the messages instead of sending them")

    for command in (publish, send):
        command.add_argument("--project", metavar="DIR", default=".", help="the brief project (default: .)")
        command.add_argument("--out", metavar="DIR", help="where the built outputs are (default: the project's output/)")

    watch = commands.add_parser("watch", help="build, then build again whenever an input changes; Ctrl-C ends")
    watch.set_defaults(run=_watch)
    watch.add_argument("--debounce", type=int, default=300, metavar="MS",
                       help="wait this long for edits to settle before building (default 300 ms)")

    for command in (build, watch):
        command.add_argument("--out", metavar="DIR", help="where outputs go (default: the project's output/)")
        command.add_argument("--format", choices=("text", "json"), default="text", help="diagnostics format")

    for command in (check, build, watch):
        command.add_argument("--project", metavar="DIR", default=".", help="the brief project (default: .)")
        command.add_argument("--strict", action="store_true",
                             help="treat warnings (an undated source, a single-source judgment, …) as errors")
    return parser


if __name__ == "__main__":
    sys.exit(main())
