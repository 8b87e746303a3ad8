"""The pre-commit hooks and the documented CI workflow run as written."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import FIXTURES, ROOT

DEMO_FILE = FIXTURES / "demo_app" / "flask_portal.py"


def _run(command: str, *files: str) -> subprocess.CompletedProcess[str]:
    program, *arguments = shlex.split(command)
    module = {"rosterguard": "rosterguard.cli", "flake8": "flake8"}[program]
    return subprocess.run([sys.executable, "-m", module, *arguments, *files], cwd=ROOT, capture_output=True, text=True, check=False)


def test_pre_commit_hooks_run_on_the_files_pre_commit_passes() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {hook["id"] for hook in hooks} == {"rosterguard", "rosterguard-flake8"}
    outputs = []
    for hook in hooks:
        assert hook["language"] == "python" and hook["types"] == ["python"]
        result = _run(hook["entry"], str(DEMO_FILE.relative_to(ROOT)))
        assert result.returncode == 1, result.stderr
        outputs.append(sorted(line.split(" ", 2)[:2] for line in result.stdout.splitlines()))
    assert outputs[0] == outputs[1] and len(outputs[0]) == 3


def test_documented_workflow_commands_run(tmp_path: Path) -> None:
    workflow = yaml.safe_load((ROOT / "docs" / "examples" / "github-code-scanning.yml").read_text())
    commands = [step["run"] for step in workflow["jobs"]["rosterguard"]["steps"] if str(step.get("run", "")).startswith("rosterguard")]
    assert len(commands) == 2
    sarif = _run(commands[0].replace("rosterguard.sarif", str(tmp_path / "out.sarif")).replace(" . ", " fixtures/demo_app "))
    assert sarif.returncode == 1 and (tmp_path / "out.sarif").read_text().startswith("{")
    lock = _run(commands[1].replace("access.lock", str(tmp_path / "access.lock")).replace(" . ", " fixtures/demo_app "))
    assert lock.returncode == 2 and "access.lock: cannot read" in lock.stderr
