"""docs/fixes.md: each example diff is what ``rosterguard fix --unsafe`` prints today for the
fixture project named above it, so the page cannot drift from the tool."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from rosterguard.cli import main

_EXAMPLE = re.compile(r"<!-- fixture: (\w+) -->\n```diff\n(.*?)```", re.DOTALL)
EXAMPLES = _EXAMPLE.findall((ROOT / "docs" / "fixes.md").read_text(encoding="utf-8"))


def _file_diffs(diff: str) -> dict[str, str]:
    """A multi-file diff as one diff per file, keyed by its ``--- a/`` path."""
    parts = re.split(r"(?m)^(?=--- a/)", diff)
    return {part.split("\n", 1)[0].removeprefix("--- a/"): part for part in parts if part}


def test_every_kind_of_fix_has_an_example() -> None:
    cases = {case for case, _ in EXAMPLES}
    assert {"misplaced_guards", "flask_blueprints", "drf_views", "fastapi_service", "django_views"} <= cases
    assert {"flask_no_roles", "drf_no_roles", "settings_without_default", "settings_installed_apps"} <= cases


@pytest.mark.parametrize(
    ("case", "example"), EXAMPLES, ids=[f"{case}-{n}" for n, (case, _) in enumerate(EXAMPLES)]
)
def test_the_example_is_what_fix_prints(
    case: str,
    example: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(shutil.copytree(FIXTURES / "fixes" / case, tmp_path / case))
    main(["fix", "--unsafe", "."])
    printed = _file_diffs(capsys.readouterr().out)
    (path,) = _file_diffs(example)
    assert printed[path] == example
