"""The ``rosterguard`` console script: the flake8 findings without flake8 (and for ruff users)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence

from rosterguard import __version__
from rosterguard.config import ConfigError, settings_for_file
from rosterguard.engine import check_source
from rosterguard.project.index import cross_file_view
from rosterguard.project.layout import SKIPPED_DIRECTORIES
from rosterguard.rules import RULES


def python_files(paths: Sequence[str]) -> Iterator[str]:
    for path in paths:
        if os.path.isdir(path):
            for root, directories, files in os.walk(path):
                directories[:] = sorted(d for d in directories if d not in SKIPPED_DIRECTORIES and not d.endswith(".egg-info"))
                yield from (os.path.join(root, f) for f in sorted(files) if f.endswith(".py"))
        else:
            yield path


def _noqa_codes(line: str) -> set[str] | None:
    """Codes silenced on a line, as flake8 reads them (empty set: all codes)."""
    marker = line.lower().find("# noqa")
    if marker < 0:
        return None
    rest = line[marker + len("# noqa") :]
    if not rest.startswith(":"):
        return set()
    return {code.strip().upper() for code in rest[1:].replace(",", " ").split() if code.strip()[:1].isalpha()}


def _suppressed(code: str, line_text: str) -> bool:
    codes = _noqa_codes(line_text)
    return codes is not None and (not codes or any(code.startswith(c) for c in codes))


def check(paths: Sequence[str], stream: object = sys.stdout) -> int:
    found = 0
    for filename in python_files(paths):
        with open(filename, "rb") as handle:
            source = handle.read().decode("utf-8", errors="replace")
        settings = settings_for_file(filename)
        report = check_source(source, settings, cross_file_view(filename, settings))
        lines = source.splitlines()
        for finding in report.findings:
            text = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
            if not _suppressed(finding.code, text):
                found += 1
                print(f"{filename}:{finding.line}:{finding.column + 1}: {finding.code} {finding.message}", file=stream)  # type: ignore[call-overload]
    return 1 if found else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rosterguard", description="Find endpoints that leak customer lists and usage counts.")
    parser.add_argument("--version", action="version", version=f"rosterguard {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="report findings, like flake8 --select=RG")
    check_parser.add_argument("paths", nargs="+")
    rule_parser = commands.add_parser("rule", help="print a rule's documentation")
    rule_parser.add_argument("code")
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "rule":
            rule = next((r for r in RULES if r.code == arguments.code.upper()), None)
            if rule is None:
                print(f"rosterguard: unknown rule {arguments.code}", file=sys.stderr)
                return 2
            print(rule.doc())
            return 0
        return check(arguments.paths)
    except ConfigError as error:
        print(f"rosterguard: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
