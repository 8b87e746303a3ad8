"""Shared paths and one real flake8 run over every fixture."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
FIXTURE_FILES = sorted(FIXTURES.rglob("*.py"))
_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>RG\d{3}) (?P<message>.*)$")


def run_flake8(
    *arguments: str, cwd: Path = ROOT, stdin: str | None = None, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Real flake8 in a subprocess, only rosterguard's codes, no user configuration."""
    command = [sys.executable, "-m", "flake8", "--select=RG", *arguments]
    env = {**os.environ, **(environment or {})}
    return subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, text=True, check=False, env=env)


def parse_flake8(output: str) -> dict[str, set[tuple[int, str]]]:
    found: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for line in output.splitlines():
        match = _LINE.match(line)
        if match is None:
            raise AssertionError(f"unexpected flake8 output line: {line!r}")
        found[str(Path(match["path"]).resolve())].add((int(match["line"]), match["code"]))
    return found


@pytest.fixture(scope="session")
def fixture_findings() -> dict[str, set[tuple[int, str]]]:
    result = run_flake8(str(FIXTURES))
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return parse_flake8(result.stdout)

# Each framework's load test configures its framework process-wide (Django settings, event
# loops); tests/test_framework_fixtures.py runs every one of them in a process of its own.
collect_ignore = ["frameworks"]
