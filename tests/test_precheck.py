"""The textual pre-check only skips work: with and without it, every fixture gives the same facts."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import FIXTURE_FILES, FIXTURES

from rosterguard.config import settings_for_file
from rosterguard.engine import check_tree
from rosterguard.project.index import cross_file_view


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_precheck_changes_nothing(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    settings = settings_for_file(str(path))
    cross = cross_file_view(str(path), settings)
    checked = [check_tree(ast.parse(source), source, settings, cross, complete=True, precheck=precheck) for precheck in (True, False)]
    assert checked[0] == checked[1]


def test_precheck_skips_modules_without_framework_words() -> None:
    source = "import json\n\ndef dump(rows):\n    return json.dumps([r.name for r in rows])\n"
    settings = settings_for_file(str(FIXTURES / "plain.py"))
    assert check_tree(ast.parse(source), source, settings) == check_tree(ast.parse(source), source, settings, precheck=False)
