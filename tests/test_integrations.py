"""The pre-commit hooks, the documented CI workflow and the README's samples run as written;
the documents send readers only to files of this repository."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
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


def console_samples(markdown: str) -> list[tuple[str, str]]:
    """Each ```console block: the ``$ command`` on its first line and the output below it."""
    return re.findall(r"^```console\n\$ ([^\n]+)\n(.*?)^```$", markdown, re.MULTILINE | re.DOTALL)


def test_readme_samples_are_the_real_output() -> None:
    samples = console_samples((ROOT / "README.md").read_text(encoding="utf-8"))
    assert [command.split()[0] for command, _ in samples] == ["flake8", "rosterguard"]
    for command, output in samples:
        result = _run(command)
        assert result.stderr == "" and result.stdout == output, f"README sample of `{command}` is out of date"


DOCUMENTS = [ROOT / "README.md", ROOT / "benchmarks" / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_documents_point_only_inside_the_repository(document: Path) -> None:
    """Users and contributors have this repository and nothing beside it."""
    text = document.read_text(encoding="utf-8")
    assert "../shared" not in text and "shared/corpus" not in text
    for target in re.findall(r"\]\(([^)#\s]+)", text):
        if "://" not in target and not target.startswith("mailto:"):
            path = (document.parent / target).resolve()
            assert path.is_relative_to(ROOT) and path.exists(), (
                f"{document.name} links to {target}, outside the repository"
            )


def install_specs() -> dict[str, set[str]]:
    """Where each document tells users to install from (PyPI names are not an option: unpublished)."""
    texts = {
        name: (ROOT / name).read_text(encoding="utf-8") for name in ("README.md", "docs/integrations.md")
    }
    specs = {path: set(re.findall(r'pip install (".+?"|\S+)', text)) for path, text in texts.items()}
    workflow = yaml.safe_load((ROOT / "docs" / "examples" / "github-code-scanning.yml").read_text())
    specs["docs/examples/github-code-scanning.yml"] = {workflow["env"]["ROSTERGUARD"]}
    return specs


def test_every_document_installs_from_a_clone_or_a_git_url() -> None:
    specs = install_specs()
    git_urls = {spec.strip('"') for found in specs.values() for spec in found if "git+" in spec}
    assert git_urls == {"flake8-rosterguard @ git+<repository URL>@<tag or commit>"}, git_urls
    assert all(git_urls & {spec.strip('"') for spec in found} for found in specs.values()), specs
    assert not any(spec == "flake8-rosterguard" for found in specs.values() for spec in found)
