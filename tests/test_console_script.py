"""The ``rosterguard`` console script: same findings as flake8, noqa honoured, clean errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, run_flake8

DEMO = FIXTURES / "demo_app"


def _rosterguard(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rosterguard.cli", *arguments], capture_output=True, text=True, check=False, cwd=cwd)


def test_check_matches_flake8_on_every_fixture() -> None:
    by_script = _rosterguard("check", str(FIXTURES))
    by_flake8 = run_flake8(str(FIXTURES))
    assert by_script.returncode == 1
    assert sorted(by_script.stdout.splitlines()) == sorted(by_flake8.stdout.splitlines())


def test_check_reports_unparsable_file_as_rg900(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("def broken(:\n    pass\n")
    result = _rosterguard("check", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.count("RG900 rosterguard could not analyse this file: syntax error at line 1") == 1


def test_bad_config_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.rosterguard]\ncaller-names = 'g.account'\n")
    (tmp_path / "app.py").write_text("x = 1\n")
    result = _rosterguard("check", str(tmp_path / "app.py"))
    assert result.returncode == 2
    assert result.stderr == f"rosterguard: {tmp_path / 'pyproject.toml'}: caller-names: must be an array of strings\n"


def test_rule_command_prints_the_doc() -> None:
    result = _rosterguard("rule", "rg101")
    assert result.returncode == 0
    assert result.stdout.startswith("# RG101 · public-customer-list")
    assert "## Use instead" in result.stdout


def test_unreadable_file_is_one_rg900_and_the_run_goes_on(tmp_path: Path) -> None:
    """A dangling link named like a module (flake8 says E902 there) does not stop the other files."""
    (tmp_path / "gone.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "views.py").write_text(
        "from flask import Flask, jsonify\nfrom shop.models import Customer\napp = Flask(__name__)\n\n\n"
        "@app.get('/customers')\ndef customers():\n"
        "    return jsonify([c.email for c in Customer.query.all()])\n"
    )
    result = _rosterguard("check", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert [line.split(": ", 2)[:2] for line in result.stdout.splitlines()] == [
        ["./gone.py:1:1", "RG900 rosterguard could not analyse this file"],
        [
            "./views.py:7:1",
            (
                "RG101 public endpoint 'customers' (GET /customers) exposes a list of Customer records "
                "(line 8; no access check found); require authorization or scope the query to the caller"
            ),
        ],
    ]


@pytest.mark.parametrize("value", ["0", "-3", "two", "1.5"])
@pytest.mark.parametrize("command", ["check", "inventory"])
def test_jobs_must_be_auto_or_a_positive_integer(command: str, value: str) -> None:
    """As flake8 validates ``--jobs``: a usage error naming the value, not a silent serial run."""
    result = _rosterguard(command, str(DEMO), "--jobs", value)
    assert (result.returncode, result.stdout) == (2, "")
    usage_error = (
        f"rosterguard {command}: error: argument --jobs/-j: {value!r} must be 'auto' or a positive integer"
    )
    assert result.stderr.splitlines()[-1] == usage_error


def test_jobs_auto_uses_every_core() -> None:
    by_default = _rosterguard("check", str(DEMO))
    assert (
        by_default.returncode == 1
        and _rosterguard("check", str(DEMO), "--jobs", "auto").stdout == by_default.stdout
    )


def test_options_that_contradict_each_other_are_refused(tmp_path: Path) -> None:
    both = _rosterguard(
        "check", str(DEMO), "--baseline", "a.json", "--write-baseline", "b.json", cwd=tmp_path
    )
    assert both.returncode == 2 and "not allowed with argument" in both.stderr.splitlines()[-1]
    caching = _rosterguard("inventory", str(DEMO), "--cache-dir", "c", "--no-cache", cwd=tmp_path)
    assert caching.returncode == 2 and "not allowed with argument" in caching.stderr.splitlines()[-1]
    assert list(tmp_path.iterdir()) == []


def test_report_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.txt"
    result = _rosterguard("check", str(DEMO), "--output", str(target))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"rosterguard: {target}: cannot write: No such file or directory\n"
