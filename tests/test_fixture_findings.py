"""Every fixture file: real flake8 reports exactly the (line, code) pairs its comments expect."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_FILES, FIXTURES
from expectations import parse


def _describe(path: Path, pairs: set[tuple[int, str]]) -> str:
    return "\n".join(f"  {path.relative_to(FIXTURES)}:{line}: {code}" for line, code in sorted(pairs))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_findings_match_expectations(path: Path, fixture_findings: dict[str, set[tuple[int, str]]]) -> None:
    expected = parse(path).reported
    actual = fixture_findings.get(str(path.resolve()), set())
    unexpected, missing = actual - expected, expected - actual
    assert not unexpected and not missing, (
        f"\nreported but not expected:\n{_describe(path, unexpected)}\nexpected but not reported:\n{_describe(path, missing)}"
    )


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_compiles(path: Path) -> None:
    compile(path.read_text(encoding="utf-8"), str(path), "exec")
