"""The flake8 adapter: options in, findings out; the only module that imports flake8."""

from __future__ import annotations

import argparse
import ast
import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from flake8.exceptions import ExecutionError

from rosterguard import __version__
from rosterguard.config import (
    OPTIONS,
    ConfigError,
    check_flake8_config_keys,
    parse_boolean,
    settings_for_file,
    validate,
)
from rosterguard.engine import check_tree
from rosterguard.project import cache
from rosterguard.project.index import ALONE, Run, cross_file_view, prepare_index, run_over
from rosterguard.rules import ANALYSIS_FAILURE


class RosterguardConfigError(ExecutionError):  # type: ignore[misc]
    """Stops the flake8 run with one line naming the file and key."""


class Plugin:
    name = "flake8-rosterguard"
    version = __version__
    overrides: ClassVar[dict[str, object]] = {}
    run_scope: ClassVar[Run] = ALONE

    def __init__(self, tree: ast.AST, lines: Sequence[str], filename: str) -> None:
        self.tree = tree
        self.lines = lines
        self.filename = filename

    @classmethod
    def add_options(cls, manager: Any) -> None:
        for option in OPTIONS:
            if option.kind is bool:
                # A string flag validated here: flake8 would crash on ``= maybe`` in a config file.
                manager.add_option(
                    option.flag,
                    nargs="?",
                    const="true",
                    default=None,
                    parse_from_config=True,
                    help=option.help,
                )
            else:
                manager.add_option(
                    option.flag,
                    default=None,
                    parse_from_config=True,
                    comma_separated_list=option.kind is list,
                    help=option.help,
                )
        # Where this run keeps its project caches: a property of the run, not of a project.
        variable = cache.ENVIRONMENT_VARIABLE
        cache_help = f"Keep rosterguard's project caches under DIR (default: ${variable}, else per project)."
        manager.add_option("--rosterguard-cache-dir", default=None, metavar="DIR", help=cache_help)
        no_cache_help = "Keep rosterguard's project caches in memory only."
        manager.add_option("--rosterguard-no-cache", action="store_true", help=no_cache_help)

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        """Validate configuration up front, in the main process: a bad value in the configuration
        of a checked path stops the run; one that governs only part of it (a sub-project's
        table) gives its files an RG900 each, and the rest is checked."""
        try:
            cls.overrides = validate(_option_table(options), "flake8 options")
            check_flake8_config_keys(os.getcwd())
            paths = _checked_paths(options)
            no_cache = options.rosterguard_no_cache
            location = cache.location(options.rosterguard_cache_dir, not no_cache, os.environ)
            cls.run_scope = run_over(paths, location)
            # Only the projects of the checked paths are indexed, here, before flake8 forks its
            # workers, so that every worker inherits the index instead of reading the cache again.
            notices: dict[str, None] = {}
            for path in sorted(set(paths)):
                filename = os.path.join(path, "__init__.py") if os.path.isdir(path) else path
                notice = prepare_index(filename, settings_for_file(filename, cls.overrides), cls.run_scope)
                if notice:
                    notices.setdefault(notice)
        except ConfigError as error:
            raise RosterguardConfigError(str(error)) from None
        if multiprocessing.parent_process() is None:  # workers that parse options again stay quiet
            for notice in notices:
                print(f"rosterguard: {notice}", file=sys.stderr)

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        try:
            settings = settings_for_file(self.filename, self.overrides)
        except ConfigError as error:
            settings = None
            finding = ANALYSIS_FAILURE.failure(f"bad configuration: {error}")
            yield finding.line, finding.column, f"{finding.code} {finding.message}", type(self)
        if settings is None or not isinstance(self.tree, ast.Module):
            return
        cross = cross_file_view(self.filename, settings, self.run_scope)
        report = check_tree(self.tree, "".join(self.lines), settings, cross)
        for finding in report.findings:
            yield finding.line, finding.column, f"{finding.code} {finding.message}", type(self)


def _option_table(options: argparse.Namespace) -> dict[str, object]:
    """The ``--rosterguard-*`` values given, as a ``[tool.rosterguard]`` table to validate."""
    table: dict[str, object] = {}
    for option in OPTIONS:
        value = getattr(options, f"rosterguard_{option.attribute}", None)
        if option.kind is bool and value is not None:
            value = parse_boolean(value, "flake8 options", option.key)
        if value not in (None, [], False):
            table[option.key] = list(value) if option.kind is list else value
    return table


def _checked_paths(options: argparse.Namespace) -> list[str]:
    """The paths flake8 checks; a buffer on standard input is its display name (an editor's
    ``--stdin-display-name=app/views.py``), never the working directory, which may be a home
    directory above unrelated projects. Without a display name it is ``stdin``: no project."""
    display_name = str(getattr(options, "stdin_display_name", None) or "stdin")
    return [display_name if path == "-" else path for path in getattr(options, "filenames", None) or ["."]]
