"""The ``rosterguard`` console script: findings without flake8 (and for ruff users), the
endpoint inventory, baselines and access lock files, and fixes.

``rosterguard.fix`` (and with it libcst) is imported only by the commands that use it."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rosterguard import __version__
from rosterguard.baseline import BaselineError, lock_violations, unaccepted, write_baseline, write_lock
from rosterguard.config import ConfigError
from rosterguard.inventory import display_path, inventory
from rosterguard.project import cache
from rosterguard.project.index import forget_indexes
from rosterguard.report import findings as finding_formats
from rosterguard.report import tables
from rosterguard.rules import RULES
from rosterguard.scan import FileResult, MissingPath, Scan, check_files, terminal_progress


def _located(results: Sequence[FileResult]) -> list[finding_formats.Located]:
    """Findings with their file as given or found (as flake8 prints it)."""
    return [(r.path, f) for r in results for f in r.visible_findings()]


def _relative(findings: Sequence[finding_formats.Located], root: str) -> list[finding_formats.Located]:
    """Paths relative to ``root`` with ``/``: the project root for baseline keys, the working
    directory for SARIF (GitHub resolves its paths against the checkout the run started in)."""
    return [(display_path(path, root), finding) for path, finding in findings]


def _sarif(findings: Sequence[finding_formats.Located], results: Sequence[FileResult]) -> str:
    from rosterguard.fix.command import sarif_fixes
    from rosterguard.fix.plan import plan
    from rosterguard.report.sarif import as_sarif

    fixes = sarif_fixes(plan(results), _here)
    return as_sarif(_relative(findings, os.getcwd()), [type(rule) for rule in RULES], __version__, fixes)


def _html(entries: Sequence[dict[str, object]], results: Sequence[FileResult]) -> str:
    from rosterguard.fix.command import proposed_guards
    from rosterguard.fix.plan import plan
    from rosterguard.report.html import as_html

    proposed = proposed_guards(plan(results), _here)
    records = [{**e, "proposed_guard": proposed.get((str(e["file"]), str(e["name"])))} for e in entries]
    return as_html(records, "rosterguard endpoint inventory")


Formatter = Callable[[Sequence[finding_formats.Located], Sequence[FileResult]], str]
FINDING_FORMATS: dict[str, Formatter] = {
    "text": lambda findings, _: finding_formats.as_text(findings),
    "json": lambda findings, _: finding_formats.as_json(findings),
    "sarif": _sarif,
    "github": lambda findings, _: finding_formats.as_github(findings),
}


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _here(path: str) -> str:
    return display_path(path, os.getcwd())


def _scan(arguments: argparse.Namespace, complete: bool = False) -> Scan:
    location = cache.location(arguments.cache_dir, not arguments.no_cache, os.environ)
    return check_files(
        arguments.paths, complete=complete, jobs=arguments.jobs, progress=terminal_progress, location=location
    )


def _left_out(scan: Scan, record: str | None) -> int:
    """Say each notice once; name each unusable configuration once (its files were left out of
    the run): exit status 2, and no baseline or lock file from such a partial run (its next
    check would call those files new)."""
    for line in (*scan.notices, *scan.unusable):
        print(f"rosterguard: {line}", file=sys.stderr)
    if scan.unusable and record:
        print(f"rosterguard: {record} not written: files were left out of this run", file=sys.stderr)
    return 2 if scan.unusable else 0


def run_check(arguments: argparse.Namespace) -> int:
    scan = _scan(arguments)
    left_out = _left_out(scan, arguments.write_baseline)
    found = _located(scan.results)
    if arguments.write_baseline:
        if not left_out:
            write_baseline(Path(arguments.write_baseline), _relative(found, scan.base))
            print(f"rosterguard: wrote {len(found)} findings to {arguments.write_baseline}", file=sys.stderr)
        return left_out
    if arguments.baseline:
        verdicts = unaccepted(Path(arguments.baseline), _relative(found, scan.base))
        found = [located for located, is_new in zip(found, verdicts, strict=True) if is_new]
    if arguments.add_noqa:
        return left_out or _add_noqa(found)
    _emit(FINDING_FORMATS[arguments.format](found, scan.results), arguments.output)
    return left_out or (1 if found else 0)


def _add_noqa(found: Sequence[finding_formats.Located]) -> int:
    from rosterguard.fix.command import noqa_comments, write

    outcome = noqa_comments(found, _here)
    write(outcome)
    for note in outcome.notes:
        print(note, file=sys.stderr)
    files = _count(len(outcome.files), "file")
    print(f"rosterguard: # noqa added for {_count(len(found), 'finding')} in {files}", file=sys.stderr)
    return 0


def run_fix(arguments: argparse.Namespace) -> int:
    from rosterguard.fix.command import fixes, write
    from rosterguard.fix.plan import plan

    scan = _scan(arguments)
    left_out = _left_out(scan, None)
    outcome = fixes(plan(scan.results), arguments.unsafe, _here)
    sys.stdout.write(outcome.diff)
    for note in outcome.notes:
        print(note, file=sys.stderr)
    if arguments.apply:
        write(outcome)
        forget_indexes()
        scan = _scan(arguments)
    verb = "made" if arguments.apply else "proposed"
    more = f"; {outcome.withheld} more with --unsafe (they change who may call)" if outcome.withheld else ""
    print(f"rosterguard: fixes {verb} in {_count(len(outcome.files), 'file')}{more}", file=sys.stderr)
    return left_out or (1 if _located(scan.results) else 0)


def run_inventory(arguments: argparse.Namespace) -> int:
    scan = _scan(arguments, complete=True)
    left_out = _left_out(scan, arguments.lock)
    entries = inventory(scan.results, scan.base)
    if arguments.lock:
        if not left_out:
            write_lock(Path(arguments.lock), entries)
            print(f"rosterguard: recorded {len(entries)} endpoints in {arguments.lock}", file=sys.stderr)
        return left_out
    if arguments.check_lock:
        problems = lock_violations(Path(arguments.check_lock), entries)
        for problem in problems:
            print(problem)
        print(
            f"rosterguard: {len(problems)} access changes against {arguments.check_lock}"
            if problems
            else f"rosterguard: {len(entries)} endpoints match {arguments.check_lock}",
            file=sys.stderr,
        )
        return left_out or (1 if problems else 0)
    records = [e.as_dict() for e in entries]
    text = {
        "table": lambda: tables.as_table(entries, arguments.wide),
        "markdown": lambda: tables.as_markdown(entries, arguments.wide),
        "json": lambda: json.dumps(records, indent=2) + "\n",
        "html": lambda: _html(records, scan.results),
    }[arguments.format]()
    _emit(text, arguments.output)
    return left_out


def run_rule(arguments: argparse.Namespace) -> int:
    rule = next((r for r in RULES if r.code == arguments.code.upper()), None)
    if rule is None:
        print(f"rosterguard: unknown rule {arguments.code}", file=sys.stderr)
        return 2
    print(rule.doc())
    return 0


_CACHE_DIR_HELP = f"keep project caches under DIR (default: ${cache.ENVIRONMENT_VARIABLE}, else per project)"


def _jobs(value: str) -> int | None:
    """``--jobs`` as flake8 takes it: ``auto`` (every core) or a positive number of processes."""
    if value == "auto":
        return None
    if value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    raise argparse.ArgumentTypeError(f"{value!r} must be 'auto' or a positive integer")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="rosterguard", description="Find endpoints that leak customer lists and usage counts."
    )
    top.add_argument("--version", action="version", version=f"rosterguard {__version__}")
    commands = top.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="report findings, like flake8 --select=RG")
    check.add_argument("paths", nargs="+")
    check.add_argument("--format", choices=sorted(FINDING_FORMATS), default="text")
    accepting = check.add_mutually_exclusive_group()
    accepting.add_argument("--baseline", metavar="FILE", help="report only findings not accepted in FILE")
    accepting.add_argument("--write-baseline", metavar="FILE", help="accept every current finding into FILE")
    check.add_argument(
        "--add-noqa", action="store_true", help="end every reported line with '# noqa: <its codes>'"
    )
    check.set_defaults(run=run_check)

    fix = commands.add_parser("fix", help="print a diff of the fixes; --apply writes them")
    fix.add_argument("paths", nargs="+")
    fix.add_argument(
        "--apply", action="store_true", help="write the fixes (to a temporary name, then renamed)"
    )
    fix.add_argument(
        "--unsafe",
        action="store_true",
        help="also the fixes that change who may call: guards, the DRF default",
    )
    fix.set_defaults(run=run_fix)

    listing = commands.add_parser("inventory", help="every endpoint with its access level and exposure")
    listing.add_argument("paths", nargs="+")
    listing.add_argument("--format", choices=("table", "json", "markdown", "html"), default="table")
    wide_help = "table and markdown: add framework, location and the layers that set the access"
    listing.add_argument("--wide", action="store_true", help=wide_help)
    exclusive = listing.add_mutually_exclusive_group()
    exclusive.add_argument("--lock", metavar="FILE", help="record the access map in FILE")
    exclusive.add_argument(
        "--check-lock",
        metavar="FILE",
        help="fail when an endpoint is newly public, weaker or exposes more than FILE records",
    )
    listing.set_defaults(run=run_inventory)

    for command in (check, listing):
        command.add_argument(
            "--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output"
        )
    for command in (check, listing, fix):
        command.add_argument("--jobs", "-j", type=_jobs, default=None, help="processes, or 'auto': all cores")
        caching = command.add_mutually_exclusive_group()
        caching.add_argument("--cache-dir", metavar="DIR", help=_CACHE_DIR_HELP)
        caching.add_argument("--no-cache", action="store_true", help="keep project caches in memory only")

    rule = commands.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("code")
    rule.set_defaults(run=run_rule)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        result: int = arguments.run(arguments)
        return result
    except (ConfigError, BaselineError, MissingPath) as error:
        print(f"rosterguard: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # sources and caches never raise it: a report, baseline, lock or fixed file
        where = f"{error.filename}: cannot write: {error.strerror}" if error.filename else str(error)
        print(f"rosterguard: {where}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
