"""libcst is imported only by ``rosterguard fix``, ``--add-noqa`` and the outputs that show fixes:
a flake8 run, and ``rosterguard check`` in text form, never load it (start-up stays as it was)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import FIXTURES

_FLAKE8 = textwrap.dedent(
    """
    import json, os, sys
    from flake8.main.application import Application

    application = Application()
    application.run(["--select=RG", "--jobs=1", "--output-file", os.devnull, *sys.argv[1:]])
    print(json.dumps({
        "libcst": sorted(name for name in sys.modules if name.partition(".")[0] == "libcst"),
        "plugin": "rosterguard.flake8_plugin" in sys.modules,
        "errors": application.result_count,
    }))
    """
)

_CONSOLE = textwrap.dedent(
    """
    import json, sys
    from rosterguard.cli import main

    status = main(sys.argv[1:])
    print(json.dumps({"libcst": "libcst" in sys.modules, "status": status}))
    """
)


def _probe(script: str, *arguments: str) -> dict[str, object]:
    result = subprocess.run([sys.executable, "-c", script, *arguments], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    return report


def test_a_flake8_run_never_imports_libcst() -> None:
    report = _probe(_FLAKE8, str(FIXTURES / "fixes"), str(FIXTURES / "demo_app"))
    assert report["plugin"] is True and isinstance(report["errors"], int) and report["errors"] > 0
    assert report["libcst"] == []


def test_check_imports_libcst_only_for_outputs_that_carry_fixes(tmp_path: Path) -> None:
    demo = shutil.copytree(FIXTURES / "demo_app", tmp_path / "demo_app")
    assert _probe(_CONSOLE, "check", demo) == {"libcst": False, "status": 1}
    assert _probe(_CONSOLE, "inventory", demo, "--format", "json", "-o", "/dev/null") == {"libcst": False, "status": 0}
    assert _probe(_CONSOLE, "check", demo, "--format", "sarif", "-o", "/dev/null") == {"libcst": True, "status": 1}
