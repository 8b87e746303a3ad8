"""The documented installs work as a new user runs them, from a clone of this repository: pip
from the git URL (README, integrations guide, workflow example), pre-commit from the repository
(its ``.pre-commit-hooks.yaml``) and from a ``repo: local`` hook.

Slow: a fresh virtual environment, and pip and pre-commit fetch flake8 and setuptools from the
package index. The clone is this working tree (edits under test included) committed to a
repository of its own; the documents' ``<repository URL>`` and ``<tag or commit>`` placeholders
are replaced by its path and commit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT
from test_integrations import console_samples, install_specs

pytest.importorskip("pre_commit")
pytestmark = pytest.mark.slow

_TIMEOUT = 900
# The tests run rosterguard from the working tree through PYTHONPATH; the installed copies must not.
_ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}


def _run(command: list[str], cwd: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=_TIMEOUT,
        env={**_ENVIRONMENT, **environment},
    )


def _git(*arguments: str, cwd: Path) -> str:
    identity = [
        "-c",
        "user.name=rosterguard tests",
        "-c",
        "user.email=tests@localhost",
        "-c",
        "commit.gpgsign=false",
    ]
    result = _run(["git", *identity, *arguments], cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A repository holding this working tree's files, and its commit."""
    target = tmp_path_factory.mktemp("clone") / "rosterguard"
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    _git("init", "--quiet", cwd=target)
    _git("add", "--all", cwd=target)
    _git("commit", "--quiet", "--message", "clone under test", cwd=target)
    return target, _git("rev-parse", "HEAD", cwd=target)


def _filled(text: str, url: str, commit: str) -> str:
    return text.replace("<repository URL>", url).replace("<tag or commit>", commit)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, clone: tuple[Path, str]) -> Path:
    """A fresh virtual environment with rosterguard installed as the documents say; its ``bin``."""
    repository, commit = clone
    (spec,) = {s.strip('"') for found in install_specs().values() for s in found if "git+" in s}
    environment = tmp_path_factory.mktemp("venv") / "env"
    assert _run([sys.executable, "-m", "venv", str(environment)], cwd=repository).returncode == 0
    # ``file://localhost/...``: older pips refuse a ``file:`` URL without a host in ``name @ URL``.
    url = f"file://localhost{repository.as_posix()}"
    result = _run(
        [str(environment / "bin" / "python"), "-m", "pip", "install", "--quiet", _filled(spec, url, commit)],
        cwd=repository,
    )
    assert result.returncode == 0, result.stderr
    return environment / "bin"


def test_installed_from_the_git_url_gives_the_readme_samples(
    installed: Path, clone: tuple[Path, str]
) -> None:
    repository, _ = clone
    for command, output in console_samples((repository / "README.md").read_text(encoding="utf-8")):
        program, *arguments = command.split()
        result = _run([str(installed / program), *arguments], cwd=repository)
        assert (result.stdout, result.stderr) == (output, "")


def _user_project(tmp_path: Path, configuration: str) -> Path:
    """A user's repository: the demo application and a ``.pre-commit-config.yaml``."""
    project = tmp_path / "shop"
    shutil.copytree(
        FIXTURES / "demo_app", project, ignore=shutil.ignore_patterns("__pycache__", ".rosterguard_cache")
    )
    (project / ".pre-commit-config.yaml").write_text(configuration)
    _git("init", "--quiet", cwd=project)
    _git("add", "--all", cwd=project)
    return project


def _findings(output: str) -> set[str]:
    return {line for line in output.splitlines() if re.match(r"^\w+\.py:\d+:\d+: RG\d{3} ", line)}


def _expected() -> set[str]:
    """The README's flake8 sample, for files named as pre-commit passes them."""
    (_, output), *_ = console_samples((ROOT / "README.md").read_text(encoding="utf-8"))
    return {line.replace("fixtures/demo_app/", "") for line in output.splitlines()}


def _pre_commit_blocks() -> list[str]:
    return re.findall(
        r"^```yaml\n(.*?)^```$",
        (ROOT / "docs" / "integrations.md").read_text(encoding="utf-8"),
        re.MULTILINE | re.DOTALL,
    )


def test_pre_commit_installs_the_hook_from_a_clone(tmp_path: Path, clone: tuple[Path, str]) -> None:
    repository, commit = clone
    configuration = next(block for block in _pre_commit_blocks() if "<repository URL>" in block)
    project = _user_project(tmp_path, _filled(configuration, str(repository), commit))
    result = _run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=project,
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert _findings(result.stdout) == _expected(), result.stdout


def test_pre_commit_local_hook_uses_the_installed_rosterguard(tmp_path: Path, installed: Path) -> None:
    configuration = next(block for block in _pre_commit_blocks() if "repo: local" in block)
    assert yaml.safe_load(configuration)["repos"][0]["hooks"][0]["language"] == "system"
    project = _user_project(tmp_path, configuration)
    path = f"{installed}{os.pathsep}{os.environ.get('PATH', '')}"
    result = _run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=project,
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        PATH=path,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert _findings(result.stdout) == _expected(), result.stdout
