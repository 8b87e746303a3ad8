"""Helpers shared by the ASGI frameworks' load tests; not a test module."""

from __future__ import annotations

import inspect
import re
import tokenize
from pathlib import Path

_ACCESS = re.compile(r"\baccess:\s*(public|authenticated|authorized)\b")


def access_markers(path: Path) -> dict[int, str]:
    """Line → ``access:`` marker of a fixture file."""
    markers = {}
    with path.open(encoding="utf-8") as handle:
        for token in tokenize.generate_tokens(handle.readline):
            if token.type == tokenize.COMMENT and (match := _ACCESS.search(token.string)):
                markers[token.start[0]] = match.group(1)
    return markers


def def_line(function: object) -> int:
    """The line of a handler's ``def`` (through its decorators' wrappers)."""
    function = inspect.unwrap(function)
    lines, start = inspect.getsourcelines(function)
    for offset, text in enumerate(lines):
        if re.match(r"\s*(async\s+)?def\s", text):
            return start + offset
    raise AssertionError(f"no def line for {function!r}")
