"""Every fixture endpoint: the access level the analysis computes is the one its comment states."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from conftest import FIXTURE_FILES, FIXTURES
from expectations import parse

from rosterguard.config import settings_for_file
from rosterguard.engine import check_source
from rosterguard.project.index import cross_file_view


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_access_levels_match(path: Path) -> None:
    markers = parse(path)
    # Where the analysis is known to compute another level, that level is what it must compute.
    expected = {line: markers.wrong_access.get(line, level) for line, level in markers.access.items()}
    settings = settings_for_file(str(path))
    report = check_source(path.read_text(encoding="utf-8"), settings, cross_file_view(str(path), settings))
    actual: dict[int, set[str]] = defaultdict(set)
    for endpoint in report.facts.endpoints:
        actual[endpoint.line].add(endpoint.access.label)
    problems = []
    for line in sorted(set(expected) | set(actual)):
        if expected.get(line) == "none":
            if line in actual:
                problems.append(f"{line}: marked access: none (no endpoint), but found ({', '.join(sorted(actual[line]))})")
        elif expected.get(line) == "undiscovered":
            if line in actual:
                problems.append(f"{line}: marked known-wrong-access: undiscovered, but found ({', '.join(sorted(actual[line]))})")
        elif line not in actual:
            problems.append(f"{line}: marked access: {expected[line]}, but no endpoint found there")
        elif line not in expected:
            problems.append(f"{line}: endpoint found ({', '.join(sorted(actual[line]))}) without an access: marker")
        elif actual[line] != {expected[line], markers.retrieve_access.get(line, expected[line])}:
            problems.append(f"{line}: expected {expected[line]}, computed {', '.join(sorted(actual[line]))}")
    assert not problems, f"\n{path.relative_to(FIXTURES)}:\n  " + "\n  ".join(problems)
