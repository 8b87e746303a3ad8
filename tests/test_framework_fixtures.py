"""Every framework fixture directory is real code for its framework's current release.

The load tests in tests/frameworks/ import each fixture module and load it through the
framework's own router (installed with ``pip install -e ".[test,frameworks]"``). Frameworks
configure themselves process-wide (Django settings, event loops), so each file runs in a
process of its own; without the framework installed its tests skip.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

LOAD_TESTS = sorted((ROOT / "tests" / "frameworks").glob("test_*_fixtures_load.py"))


def test_every_framework_fixture_directory_has_a_load_test() -> None:
    covered = {path.name.removeprefix("test_").removesuffix("_fixtures_load.py") for path in LOAD_TESTS}
    new_frameworks = {"aiohttp", "bottle", "data_access", "django_ninja", "falcon", "flask_restful", "graphql", "litestar", "orm", "pyramid", "quart", "sanic", "starlette", "tornado"}
    assert new_frameworks <= covered
    assert all((ROOT / "fixtures" / name).is_dir() for name in covered)


@pytest.mark.parametrize("path", LOAD_TESTS, ids=lambda p: p.name.removeprefix("test_").removesuffix("_fixtures_load.py"))
def test_fixtures_load_in_their_framework(path: Path) -> None:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore::ResourceWarning", str(path)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode == pytest.ExitCode.NO_TESTS_COLLECTED:
        pytest.skip(f"{path.name}: its framework is not installed (pip install -e '.[test,frameworks]')")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
