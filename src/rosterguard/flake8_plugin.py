"""The flake8 adapter: options in, findings out; the only module that imports flake8."""

from __future__ import annotations

import argparse
import ast
import os
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
from rosterguard.project.index import cross_file_view
from rosterguard.rules import ANALYSIS_FAILURE


class RosterguardConfigError(ExecutionError):  # type: ignore[misc]
    """Stops the flake8 run with one line naming the file and key."""


class Plugin:
    name = "flake8-rosterguard"
    version = __version__
    overrides: ClassVar[dict[str, object]] = {}

    def __init__(self, tree: ast.AST, lines: Sequence[str], filename: str) -> None:
        self.tree = tree
        self.lines = lines
        self.filename = filename

    @classmethod
    def add_options(cls, manager: Any) -> None:
        for option in OPTIONS:
            if option.kind is bool:
                # A string flag validated here: flake8 would crash on ``= maybe`` in a config file.
                manager.add_option(option.flag, nargs="?", const="true", default=None, parse_from_config=True, help=option.help)
            else:
                manager.add_option(option.flag, default=None, parse_from_config=True, comma_separated_list=option.kind is list, help=option.help)

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        """Validate configuration up front, in the main process: a bad value in the configuration
        of a checked path stops the run; one that governs only part of it (a sub-project's
        table) gives its files an RG900 each, and the rest is checked."""
        table: dict[str, object] = {}
        try:
            for option in OPTIONS:
                value = getattr(options, f"rosterguard_{option.attribute}", None)
                if option.kind is bool and value is not None:
                    value = parse_boolean(value, "flake8 options", option.key)
                if value not in (None, [], False):
                    table[option.key] = list(value) if option.kind is list else value
            cls.overrides = validate(table, "flake8 options")
            check_flake8_config_keys(os.getcwd())
            # The projects of the checked paths (the working directory's only for stdin or when
            # flake8 checks ``.`` by default): never index a directory that is not checked.
            # Building the project index here, before flake8 forks its workers, lets every
            # worker inherit it instead of reading the cache again.
            paths = list(getattr(options, "filenames", None) or ["."])
            for path in sorted({os.getcwd() if p == "-" else p for p in paths}):
                filename = os.path.join(path, "__init__.py") if os.path.isdir(path) else path
                cross_file_view(filename, settings_for_file(filename, cls.overrides))
        except ConfigError as error:
            raise RosterguardConfigError(str(error)) from None

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        try:
            settings = settings_for_file(self.filename, self.overrides)
        except ConfigError as error:
            settings = None
            finding = ANALYSIS_FAILURE.failure(f"bad configuration: {error}")
            yield finding.line, finding.column, f"{finding.code} {finding.message}", type(self)
        if settings is None or not isinstance(self.tree, ast.Module):
            return
        report = check_tree(self.tree, "".join(self.lines), settings, cross_file_view(self.filename, settings))
        for finding in report.findings:
            yield finding.line, finding.column, f"{finding.code} {finding.message}", type(self)
