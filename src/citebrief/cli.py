"""The citebrief command: check a brief project, or build it."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .errors import CitebriefError, Problem, ProjectError, did_you_mean, format_json, format_text, sort_problems
from .layout import FACTS_DIR, SEEDS_DIR, output_dir
from .lock import LockTimeout, build_lock
from .memo import Memo
from .options import (
    EXPORT_FORMATS, PDF_VARIANT_ARGUMENTS, PLAIN_PDF_ARGUMENT, SCHEMA_KINDS, SOURCE_KINDS, pdf_variant,
)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 clean, 1 project errors, 2 usage)."""
    status = _run(argv)
    if argv is None:
        # The process ends with the command: spare the collector its last passes over all the command
        # made (0.8 s after checking 10,000 facts); memory is freed as the process exits all the same.
        gc.freeze()
    return status


def _run(argv: list[str] | None) -> int:
    """Parse the command line and run the command."""
    parser = _parser()
    args = parser.parse_args(argv)
    root = Path(getattr(args, "project", "."))
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

    if args.explain:
        return _explain(root, args.explain)
    acknowledged: list[Problem] = []
    checked, problems = check(root, args.strict, acknowledged=acknowledged, memo=_memo(args, root))
    _report(sort_problems(problems), args.format, quiet_when_clean=args.quiet)
    if args.verbose and acknowledged and args.format == "text":
        print(f"acknowledged ({len(acknowledged)}):")
        print("\n".join(str(p).replace("warning[", "acknowledged[", 1) for p in sort_problems(acknowledged)))
    return 0 if checked else 1


def _memo(args: argparse.Namespace, root: Path) -> Memo | None:
    """The results earlier checks of the project computed, unless --no-cache."""
    return None if args.no_cache else Memo.for_project(root)


def _explain(root: Path, record_id: str) -> int:
    """Print a record's statements beside their quotes; exit 2 for an unknown id, 1 if the project cannot be read."""
    from .build import CHECKS, Checking
    from .verify import explain_support

    state = Checking(root)
    for stage in CHECKS:
        stage.run(state)
    if state.project is None:
        raise ProjectError(state.problems)
    shown = explain_support(state.project, state.texts, state.evidence, record_id)
    if shown is None:
        ids = [f.id for f in state.project.facts] + [j.id for j in state.project.judgments]
        ids += [d.id for d in state.project.disagreements]
        hint = did_you_mean(record_id, ids, "; give the id of a fact, judgment or disagreement")
        print(f"citebrief check: error: no fact, judgment or disagreement '{record_id}'{hint}", file=sys.stderr)
        return 2
    print(shown)
    return 0


EXIT_NOTHING_NEW = 3  # with --exit-code: the brief is the last edition, nothing new to publish
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later


def _build(args: argparse.Namespace, root: Path) -> int:
    from .incremental import Tracker

    out = output_dir(root, args.out)
    say = _say(args.quiet)
    with build_lock(out, args.wait):
        tracker = Tracker(root, out, pdf_variant(args.pdf_variant), args.force, args.edition)
        if tracker.up_to_date:  # the no-op path reads hashes only: the rendering stack is not imported
            result = tracker.unchanged(args.strict)
        else:
            from .build import build
            from .progress import stages

            with stages(args.quiet) as progress:
                result = build(root, out, args.strict, progress=progress, tracker=tracker, memo=_memo(args, root))
    for path in result.written:
        say(f"wrote {path}")
    if result.up_to_date:
        say(f"{out}: up to date")
    say(result.describe())
    _report_warnings(result.warnings, args.quiet)
    return EXIT_NOTHING_NEW if args.exit_code and not result.new_content else 0


def _report_warnings(warnings: list[Problem], quiet: bool) -> None:
    """Print a build's warnings and their count, or with --quiet the count alone (when there are any)."""
    if not quiet:
        print(format_text(sort_problems(warnings)) if warnings else "no warnings", file=sys.stderr)
    elif warnings:
        print(f"{len(warnings)} warning(s)", file=sys.stderr)


def _verify(args: argparse.Namespace, root: Path) -> int:
    from .audit import audit_pdf

    pdf = Path(args.pdf)
    if not pdf.is_file():
        print(f"citebrief verify: error: {args.pdf}: no such file", file=sys.stderr)
        return 2
    audit = audit_pdf(pdf, Path(args.sources) if args.sources else root / SEEDS_DIR, [Path(c) for c in args.trust])
    _report(audit.problems, args.format)
    if args.format == "text":
        for signature in audit.signatures or [None]:
            print(f"{pdf}: {signature.describe() if signature else 'not signed'}")
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
    from .build import build
    from .publish import publish

    from .sign import PASSPHRASE_ENV, SIGNING_KEY_ENV, signing_key

    out = output_dir(root, args.out)
    settings = _settings(root)
    key = signing_key(root, settings)
    with build_lock(out, args.wait):  # the one place besides build --edition where an edition is made
        made = build(root, out, strict=args.strict, edition=True, memo=_memo(args, root))
    say = _say(args.quiet)
    if made.new_edition:
        say(f"made edition {made.edition}")
    _report_warnings(made.warnings, args.quiet)
    result = publish(root, out, Path(args.to), settings.title, base_url=args.base_url, author=settings.author, key=key)
    for path in result.written:
        say(f"wrote {path}")
    if not result.written:
        say(f"edition {result.edition} is already published in {args.to}")
    elif result.signed_by:
        say(f"signed edition {result.edition} as {result.signed_by}: sha256 {result.sha256} "
            f"(unsigned build output: {result.unsigned_sha256})")
    elif key is None:
        say(f"edition {result.edition} is not signed: no signing key ([publish] signing_key in citebrief.toml, "
            f"or {SIGNING_KEY_ENV}; its passphrase in {PASSPHRASE_ENV})")
    return 0


def _send(args: argparse.Namespace, root: Path) -> int:
    from .send import send

    result = send(output_dir(root, args.out), _settings(root), dry_run=args.dry_run)
    if result.dry_run is not None:
        print(result.dry_run)
        return 0
    for recipient in result.sent:
        print(f"sent edition {result.edition} to {recipient}")
    if result.skipped:
        print(f"already sent edition {result.edition} to {', '.join(result.skipped)}")
    return 0


def _new(args: argparse.Namespace, root: Path) -> int:
    from .scaffold import new_project

    written = new_project(Path(args.dir), args.title)
    _say(args.quiet)(f"created a brief project in {args.dir} ({len(written)} files); build it with:\n"
                     f"  cd {args.dir} && citebrief build")
    return 0


def _add_source(args: argparse.Namespace, root: Path) -> int:
    from .add_source import add_source, re_extract, report
    from .fetch import is_url

    if args.re_extract or not args.file:
        if args.file or not args.re_extract:
            raise CitebriefError("add-source takes either a FILE or URL, or --re-extract SOURCE-ID")
        say = _say(args.quiet)
        say(f"extracted the text of '{args.re_extract}' again into {re_extract(root, args.re_extract)}")
        return 0
    document = args.file if is_url(args.file) else Path(args.file)
    added = add_source(root, document, args.id, args.title, args.publisher, args.published, args.kind)
    for line in report(added):
        _say(args.quiet)(line)
    return 0


def _suggest(args: argparse.Namespace, root: Path) -> int:
    from .schema import schema_reference
    from .suggest import suggest, suggestions_yaml, unread_note, write_suggestions

    drafts = suggest(root, args.source)
    if note := unread_note(drafts):
        print(note, file=sys.stderr)
    if drafts.stopped_at is not None:
        print(f"note: stopped after {len(drafts.suggestions)} drafts, at line {drafts.stopped_at} of the source; "
              "review these, then run suggest again to draft the rest", file=sys.stderr)
    if args.output is None:
        print(suggestions_yaml(drafts, schema_reference(root, root / FACTS_DIR)), end="")
    elif drafts.suggestions:
        write_suggestions(drafts, root, Path(args.output), args.append)
        print(f"wrote {len(drafts.suggestions)} suggestion(s) to {args.output}", file=sys.stderr)
    else:
        print(f"no suggestions for {args.source}: every candidate sentence is already quoted; "
              f"{args.output} not written", file=sys.stderr)
    return 0


def _schema(args: argparse.Namespace, root: Path) -> int:
    from .schema import schema_text, write_schema

    if args.output is None:
        print(schema_text(args.kind or "facts"), end="")
        return 0
    for path in write_schema(args.output, args.kind):
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace, root: Path) -> int:
    from .export import export
    from .write import write_file

    text = export(root, args.export_format)
    if args.output is None:
        print(text, end="")
        return 0
    write_file(Path(args.output), text.encode())
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _say(quiet: bool) -> Callable[[str], None]:
    """Print progress messages to standard output, or nothing with --quiet."""
    return (lambda message: None) if quiet else print


def _date(text: str) -> dt.date:
    """Read a date written as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def _watch(args: argparse.Namespace, root: Path) -> int:
    from .watch import watch

    return watch(root, output_dir(root, args.out), args.debounce, args.strict, _memo(args, root))


def _serve(args: argparse.Namespace, root: Path) -> int:
    from .serve import serve

    return serve(root, output_dir(root, args.out), args.host, args.port, args.debounce, args.strict, _memo(args, root))


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

    # Options shared by several commands, each written once and given to a command through parents=.
    project = _options("--project", metavar="DIR", default=".", help="the brief project (default: .)")
    strict = _options("--strict", action="store_true",
                      help="treat warnings (an undated source, a single-source judgment, …) as errors")
    diagnostics = _options("--format", choices=("text", "json"), default="text", help="diagnostics format")
    quiet = _options("-q", "--quiet", action="store_true", help="print nothing but problems (for schedulers)")
    built = _options("--out", metavar="DIR", help="where the built outputs are (default: the project's output/)")
    outputs = _options("--out", metavar="DIR", help="where outputs go (default: the project's output/)")
    remembered = _options("--no-cache", action="store_true",
                          help="read every quote and statement afresh, not reusing what earlier checks of the "
                          "same inputs found (kept in the user's cache folder)")
    wait = _options("--wait", type=float, default=120, metavar="SECONDS",
                    help="how long to wait for another build of the same output folder (default 120)")

    check = commands.add_parser("check", help="check every record and quote; write nothing",
                                parents=[diagnostics, project, strict, quiet, remembered])
    check.set_defaults(run=_check)
    check.add_argument("--explain", metavar="ID",
                       help="print the statement of a fact, judgment or disagreement beside its quotes, "
                       "with what the support check matched and what it did not")
    check.add_argument("--verbose", action="store_true",
                       help="also list the warnings records acknowledge, each with its reason")

    build = commands.add_parser(
        "build",
        help="check, then write output/brief.md, .html and .pdf; only what changed is rendered again",
        description="Exit status: 0 built or up to date; 1 the project has errors (nothing written); 2 usage; "
        f"{EXIT_NOTHING_NEW} with --exit-code, the brief is the last edition (nothing new to publish); "
        f"{EXIT_LOCKED} another build held the output folder for longer than --wait.",
        parents=[outputs, diagnostics, project, strict, quiet, wait, remembered],
    )
    build.set_defaults(run=_build)
    build.add_argument("--force", action="store_true", help="render and write every output again")
    build.add_argument("--edition", action="store_true",
                       help="make the brief the next edition if its content changed since the last one "
                       "(recorded in editions/; publish does this too); without it a build is a draft")
    build.add_argument("--exit-code", action="store_true",
                       help=f"exit {EXIT_NOTHING_NEW} when the brief is the last edition, nothing new to publish")
    build.add_argument("--pdf-variant", metavar="VARIANT", choices=PDF_VARIANT_ARGUMENTS,
                       help="the PDF standard: pdf/a-3u (default), pdf/a-3b, pdf/a-3a, pdf/ua-1, pdf/ua-2, … "
                       f"or {PLAIN_PDF_ARGUMENT} for a plain PDF")

    verify = commands.add_parser(
        "verify", help="re-check a citebrief PDF: its attached records, and every quote against the source files",
        parents=[diagnostics, project],
    )
    verify.set_defaults(run=_verify)
    verify.add_argument("pdf", metavar="PDF", help="a PDF built by citebrief")
    verify.add_argument("--sources", metavar="DIR", help="the folder holding the source files (default: the project's seeds/)")
    verify.add_argument("--trust", metavar="CERT", action="append", default=[],
                        help="a root certificate (PEM or DER) to trust; then the PDF must carry a signature it vouches for")

    publish = commands.add_parser(
        "publish", help="copy the built edition's PDF to a folder with its checksum, latest.pdf and an Atom feed",
        parents=[project, built, strict, quiet, wait, remembered],
        description="Makes the built brief the next edition if its content changed since the last one (recorded "
        "in editions/), then publishes it. Exit status: 0 published or already published; 1 errors, or the "
        f"edition number is already published with other content; {EXIT_LOCKED} another build held the output folder.",
    )
    publish.set_defaults(run=_publish)
    publish.add_argument("--to", metavar="DIR", required=True, help="the folder to publish into")
    publish.add_argument("--base-url", default="", metavar="URL",
                         help="the address the folder is served at, for absolute links in the feed")

    send = commands.add_parser("send", help="mail the built edition's PDF to the recipients in citebrief.toml [send]",
                               parents=[project, built])
    send.set_defaults(run=_send)
    send.add_argument("--dry-run", action="store_true", help="print the messages instead of sending them")

    new = commands.add_parser("new", help="create a brief project, with a sample source and fact file, that builds",
                              parents=[quiet])
    new.set_defaults(run=_new)
    new.add_argument("dir", metavar="DIR", help="a new or empty folder")
    new.add_argument("--title", help="the brief's title (default: from the folder's name)")

    add = commands.add_parser("add-source", help="copy a document into seeds/ and register it in facts/sources.yaml",
                              parents=[project, quiet])
    add.set_defaults(run=_add_source)
    add.add_argument("file", metavar="FILE", nargs="?",
                     help="the document: UTF-8 text, a saved web page (.html), a PDF, or an http(s) URL to fetch")
    add.add_argument("--re-extract", metavar="SOURCE-ID", help="extract a page's or PDF's text again, from the file as retrieved")
    add.add_argument("--id", help="the source's id (default: publisher and date, else the title or file name)")
    add.add_argument("--title", help="the document's title")
    add.add_argument("--publisher", help="who published it")
    add.add_argument("--published", type=_date, metavar="YYYY-MM-DD", help="when it was published")
    add.add_argument("--kind", choices=SOURCE_KINDS, help="what kind of source it is")

    suggest = commands.add_parser(
        "suggest", help="draft fact records from a source's figures, quoted speakers and proposals, as YAML",
        parents=[project],
    )
    suggest.set_defaults(run=_suggest)
    suggest.add_argument("source", metavar="SOURCE-ID", help="the id of a source in facts/sources.yaml")
    suggest.add_argument("-o", "--output", metavar="FILE", help="write to a new file instead of standard output")
    suggest.add_argument("--append", action="store_true", help="with -o, add to the end of an existing file")

    schema = commands.add_parser("schema", help="print the JSON Schema of a project file, for editors")
    schema.set_defaults(run=_schema)
    schema.add_argument("kind", metavar="KIND", nargs="?", choices=SCHEMA_KINDS,
                        help=f"{SCHEMA_KINDS[0]} (default), {', '.join(SCHEMA_KINDS[1:-1])} or {SCHEMA_KINDS[-1]}")
    schema.add_argument("-o", "--output", metavar="PATH",
                        help="write to a file; to a folder (existing, or ending in /) without KIND, every kind's schema")

    export = commands.add_parser("export", help="export the sources as CSL-JSON or BibTeX, or the checked records as JSON",
                                 parents=[project])
    export.set_defaults(run=_export)
    export.add_argument("--format", dest="export_format", required=True, choices=EXPORT_FORMATS,
                        help="csl-json or bibtex: the sources, for Zotero and pandoc; json: the verified records")
    export.add_argument("-o", "--output", metavar="FILE", help="write to a file instead of standard output")

    debounce = _options("--debounce", type=int, default=300, metavar="MS",
                        help="the longest to wait for a batch of edits to settle before building (default 300 ms)")
    watch = commands.add_parser("watch", help="build, then build again whenever an input changes; Ctrl-C ends",
                                parents=[outputs, project, strict, debounce, remembered])
    watch.set_defaults(run=_watch)

    serve = commands.add_parser(
        "serve", help="build, serve the HTML brief on this machine, and reload it in the browser after every rebuild",
        description="Builds drafts, never editions. A broken edit shows its diagnostics over the last good brief "
        "in the page; the PDF follows the HTML, at /brief.pdf.",
        parents=[outputs, project, strict, debounce, remembered],
    )
    serve.set_defaults(run=_serve)
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default 127.0.0.1, this machine only; any other is warned about)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default 8000; 0 picks a free one)")
    return parser


def _options(*flags: str, **settings) -> argparse.ArgumentParser:
    """Make a parent parser holding one option, for the commands that share it."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(*flags, **settings)
    return parent


if __name__ == "__main__":
    sys.exit(main())
