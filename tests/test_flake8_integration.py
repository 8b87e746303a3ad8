"""Real flake8 in a subprocess: entry point, noqa, stdin, --jobs, configuration errors."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, ROOT, parse_flake8, run_flake8

DEMO = FIXTURES / "demo_app"
LEAK = '''from flask import Flask, jsonify
from shop.models import Customer

app = Flask(__name__)


@app.get("/customers")
def customers():{noqa}
    return jsonify([c.email for c in Customer.query.all()])
'''


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_plugin_is_registered_and_reports_demo_app() -> None:
    result = run_flake8(str(DEMO))
    assert result.returncode == 1, result.stderr
    assert {code for found in parse_flake8(result.stdout).values() for _, code in found} >= {"RG101", "RG102", "RG201", "RG302"}


def test_noqa_silences_one_code(tmp_path: Path) -> None:
    _write(tmp_path, "silenced.py", LEAK.format(noqa="  # noqa: RG101"))
    _write(tmp_path, "other_code.py", LEAK.format(noqa="  # noqa: RG201"))
    found = parse_flake8(run_flake8(str(tmp_path), cwd=tmp_path).stdout)
    assert found == {str((tmp_path / "other_code.py").resolve()): {(8, "RG101")}}


def test_stdin_gives_the_same_findings_as_the_path(tmp_path: Path) -> None:
    path = _write(tmp_path, "views.py", LEAK.format(noqa=""))
    by_path = run_flake8(str(path), cwd=tmp_path).stdout
    by_stdin = run_flake8(f"--stdin-display-name={path}", "-", cwd=tmp_path, stdin=path.read_text()).stdout
    assert by_path == by_stdin
    assert "RG101 public endpoint 'customers' (GET /customers)" in by_stdin


def test_jobs_do_not_change_the_output() -> None:
    single = run_flake8("--jobs=1", str(FIXTURES))
    parallel = run_flake8("--jobs=2", str(FIXTURES))
    assert single.stdout == parallel.stdout
    assert single.stdout.count("\n") > 50


def test_unknown_config_key_stops_flake8_with_one_line(tmp_path: Path) -> None:
    _write(tmp_path, "pyproject.toml", "[tool.rosterguard]\ncustomer-entitys = ['patient']\n")
    _write(tmp_path, "views.py", LEAK.format(noqa=""))
    result = run_flake8("views.py", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"{tmp_path / 'pyproject.toml'}: customer-entitys: unknown key" in result.stdout + result.stderr


def test_wrong_type_in_flake8_option_names_the_key(tmp_path: Path) -> None:
    _write(tmp_path, "pyproject.toml", "[tool.rosterguard]\nreplace-defaults = 'yes'\n")
    result = run_flake8(".", cwd=tmp_path)
    assert result.returncode != 0
    assert "replace-defaults: must be a boolean" in result.stdout + result.stderr


def test_configured_entity_changes_findings(tmp_path: Path) -> None:
    source = LEAK.replace("Customer", "Patient")
    _write(tmp_path, "views.py", source.format(noqa=""))
    assert run_flake8("views.py", cwd=tmp_path).stdout == ""
    _write(tmp_path, "pyproject.toml", "[tool.rosterguard]\ncustomer-entities = ['patient']\n")
    assert "RG101 public endpoint 'customers'" in run_flake8("views.py", cwd=tmp_path).stdout


def test_flake8_option_extends_entities(tmp_path: Path) -> None:
    _write(tmp_path, "views.py", LEAK.replace("Customer", "Patient").format(noqa=""))
    result = run_flake8("--rosterguard-customer-entities=patient,donor", "views.py", cwd=tmp_path)
    assert "RG101" in result.stdout


def test_self_clean() -> None:
    """rosterguard's own source defines no endpoints: nothing to report, nothing crashes."""
    result = run_flake8(str(ROOT / "src"))
    assert result.returncode == 0, result.stdout + result.stderr
