"""Every way configuration can be wrong, as a user meets it: through flake8 and the console script.

``tests/test_config.py`` checks ``validate()`` in-process and ``test_flake8_integration.py``
two cases through flake8 by substring. Here each wrong ``[tool.rosterguard]`` table, each
broken ``pyproject.toml`` and each wrong ``--rosterguard-*`` option runs the real programs,
and the outcome is exact: one line naming the key and the file, a non-zero exit status,
no traceback, and no findings printed as if nothing were wrong.

What a user sees, exactly:

* flake8 — stdout ``There was a critical error during execution of Flake8:`` and then
  ``<pyproject path>: <key>: <problem>``; exit status 1; nothing on stderr;
* ``rosterguard check`` — stderr ``rosterguard: <pyproject path>: <key>: <problem>``;
  exit status 2; nothing on stdout.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

_SCRIPT = Path(sys.executable).with_name("rosterguard")
CONSOLE = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "rosterguard.cli"]
FLAKE8_PREAMBLE = "There was a critical error during execution of Flake8:\n"
KNOWN_KEYS = (
    "authentication-markers, authorization-markers, caller-names, customer-entities, drf-default-permission, "
    "public-markers, replace-defaults, settings-modules, usage-entities"
)

VIEWS = '''from flask import Flask, jsonify
from shop.models import Customer

app = Flask(__name__)


@app.get("/customers")
def customers():
    return jsonify([c.email for c in Customer.query.all()])
'''


def flake8(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "flake8", "--select=RG", *arguments]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, timeout=60)


def console(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CONSOLE, "check", *arguments], cwd=cwd, capture_output=True, text=True, check=False, timeout=60)


def project(tmp_path: Path, pyproject: str | bytes | None = None, **files: str) -> Path:
    if pyproject is not None:
        target = tmp_path / "pyproject.toml"
        target.write_bytes(pyproject if isinstance(pyproject, bytes) else pyproject.encode())
    (tmp_path / "views.py").write_text(VIEWS)
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def assert_stops(tmp_path: Path, line: str | None = None, *, must_name: tuple[str, ...] = (), flake8_args: tuple[str, ...] = ()) -> None:
    """Both entry points stop with one line; ``line`` is the exact text, else it must name ``must_name``."""
    by_flake8 = flake8(*flake8_args, "views.py", cwd=tmp_path)
    shown = by_flake8.stdout + by_flake8.stderr
    assert "Traceback" not in shown, shown
    assert by_flake8.returncode != 0, shown
    assert "RG101" not in shown, "findings were printed as if the configuration were fine"
    if line is not None:
        assert (by_flake8.stdout, by_flake8.stderr) == (f"{FLAKE8_PREAMBLE}{line}\n", "")
    else:
        assert shown.count("\n") <= 2 and shown.startswith(FLAKE8_PREAMBLE), shown
        assert all(word in shown for word in must_name), shown
    if flake8_args:
        return
    by_console = console("views.py", cwd=tmp_path)
    assert "Traceback" not in by_console.stderr, by_console.stderr
    assert by_console.returncode == 2, by_console.stdout + by_console.stderr
    assert by_console.stdout == ""
    if line is not None:
        assert by_console.stderr == f"rosterguard: {line}\n"
    else:
        assert by_console.stderr.count("\n") == 1 and by_console.stderr.startswith("rosterguard: "), by_console.stderr
        assert all(word in by_console.stderr for word in must_name), by_console.stderr


# -- [tool.rosterguard] values: the exact line ------------------------------------------------------

WRONG_VALUES = {
    "unknown_key": ("customer-entitys = ['patient']", f"customer-entitys: unknown key (known keys: {KNOWN_KEYS})"),
    "snake_case_key": ("customer_entities = ['patient']", f"customer_entities: unknown key (known keys: {KNOWN_KEYS})"),
    "string_for_list": ("customer-entities = 'patient'", "customer-entities: must be an array of strings"),
    "empty_string_for_list": ("usage-entities = ''", "usage-entities: must be an array of strings"),
    "boolean_for_list": ("caller-names = true", "caller-names: must be an array of strings"),
    "table_for_list": ("public-markers = { name = 'AllowAny' }", "public-markers: must be an array of strings"),
    "date_for_list": ("settings-modules = 1979-05-27", "settings-modules: must be an array of strings"),
    "integers_in_list": ("customer-entities = [1, 2]", "customer-entities: must be an array of strings"),
    "mixed_list": ("authentication-markers = ['login', 3]", "authentication-markers: must be an array of strings"),
    "nested_list": ("authorization-markers = [['admin']]", "authorization-markers: must be an array of strings"),
    "empty_string_in_list": ("customer-entities = ['patient', '']", "customer-entities: must not contain empty strings"),
    "blank_string_in_list": ("caller-names = ['   ']", "caller-names: must not contain empty strings"),
    "string_for_boolean": ("replace-defaults = 'true'", "replace-defaults: must be a boolean"),
    "integer_for_boolean": ("replace-defaults = 1", "replace-defaults: must be a boolean"),
    "list_for_string": ("drf-default-permission = ['IsAuthenticated']", "drf-default-permission: must be a string"),
    "integer_for_string": ("drf-default-permission = 3", "drf-default-permission: must be a string"),
}


@pytest.mark.parametrize("case", sorted(WRONG_VALUES))
def test_wrong_value_gives_the_exact_line(case: str, tmp_path: Path) -> None:
    entry, problem = WRONG_VALUES[case]
    project(tmp_path, f"[tool.rosterguard]\n{entry}\n")
    assert_stops(tmp_path, f"{tmp_path / 'pyproject.toml'}: {problem}")


def test_rosterguard_table_that_is_not_a_table(tmp_path: Path) -> None:
    project(tmp_path, "[tool]\nrosterguard = 'on'\n")
    assert_stops(tmp_path, f"{tmp_path / 'pyproject.toml'}: tool.rosterguard: must be a table")


def test_sub_table_where_a_list_belongs(tmp_path: Path) -> None:
    project(tmp_path, "[tool.rosterguard.customer-entities]\nwords = ['patient']\n")
    assert_stops(tmp_path, f"{tmp_path / 'pyproject.toml'}: customer-entities: must be an array of strings")


def test_the_first_wrong_key_is_named_once(tmp_path: Path) -> None:
    """Two wrong keys: still one line (not one per key, not one per file)."""
    project(tmp_path, "[tool.rosterguard]\ncustomer-entities = 'a'\nusage-entities = 'b'\n", **{"more.py": VIEWS, "other.py": VIEWS})
    assert_stops(tmp_path, f"{tmp_path / 'pyproject.toml'}: customer-entities: must be an array of strings")


# -- values of the right type that cannot mean anything ---------------------------------------------

MEANINGLESS = {
    "empty_permission_class": ("drf-default-permission = ''", "drf-default-permission"),
    "blank_permission_class": ("drf-default-permission = '  '", "drf-default-permission"),
    "caller_name_not_an_expression": ("caller-names = ['request..user']", "caller-names"),
    "caller_name_unbalanced": ("caller-names = ['info.context[\"user\"']", "caller-names"),
    "settings_module_not_dotted_name": ("settings-modules = ['my project/settings.py']", "settings-modules"),
}


@pytest.mark.parametrize("case", sorted(MEANINGLESS))
def test_value_that_cannot_mean_anything_is_refused(case: str, tmp_path: Path) -> None:
    """SPEC: caller-names hold dotted expressions, settings-modules dotted module names, the DRF default a class name."""
    entry, key = MEANINGLESS[case]
    project(tmp_path, f"[tool.rosterguard]\n{entry}\n")
    assert_stops(tmp_path, must_name=(key, str(tmp_path / "pyproject.toml")))


# -- the file itself is wrong -----------------------------------------------------------------------


def test_invalid_toml_exact_line(tmp_path: Path) -> None:
    project(tmp_path, "[tool.rosterguard\ncustomer-entities = ['patient']\n")
    assert_stops(
        tmp_path,
        f"{tmp_path / 'pyproject.toml'}: pyproject.toml: invalid TOML (Expected ']' at the end of a table declaration (at line 1, column 18))",
    )


def test_duplicate_key_is_invalid_toml(tmp_path: Path) -> None:
    project(tmp_path, "[tool.rosterguard]\ncustomer-entities = ['a']\ncustomer-entities = ['b']\n")
    assert_stops(tmp_path, must_name=("pyproject.toml: invalid TOML", str(tmp_path / "pyproject.toml")))


def test_pyproject_that_is_not_utf8(tmp_path: Path) -> None:
    """TOML is UTF-8; a latin-1 file must be a clean configuration error, not a UnicodeDecodeError traceback."""
    project(tmp_path, "[tool.rosterguard]\ncustomer-entities = ['p\u00e9tient']\n".encode("latin-1"))
    assert_stops(tmp_path, must_name=("pyproject.toml", str(tmp_path / "pyproject.toml")))


def test_pyproject_nested_too_deeply_for_the_toml_parser(tmp_path: Path) -> None:
    """tomllib recurses per array level: a RecursionError there must be a configuration error too."""
    project(tmp_path, "[tool.rosterguard]\ncustomer-entities = " + "[" * 5000 + "]" * 5000 + "\n")
    assert_stops(tmp_path, must_name=("pyproject.toml", str(tmp_path / "pyproject.toml")))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_pyproject(tmp_path: Path) -> None:
    project(tmp_path, "[tool.rosterguard]\ncustomer-entities = ['patient']\n")
    (tmp_path / "pyproject.toml").chmod(0)
    try:
        assert_stops(tmp_path, f"{tmp_path / 'pyproject.toml'}: pyproject.toml: cannot be read (Permission denied)")
    finally:
        (tmp_path / "pyproject.toml").chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.mark.parametrize("kind", ["directory", "dangling_symlink", "fifo"])
def test_pyproject_that_is_not_a_regular_file_is_ignored(kind: str, tmp_path: Path) -> None:
    """Not a file, so not a configuration: default settings, no hang (a FIFO would block a reader)."""
    project(tmp_path)
    target = tmp_path / "pyproject.toml"
    if kind == "directory":
        target.mkdir()
    elif kind == "dangling_symlink":
        target.symlink_to(tmp_path / "missing.toml")
    else:
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        os.mkfifo(target)
    for run in (flake8("views.py", cwd=tmp_path), console("views.py", cwd=tmp_path)):
        assert run.returncode == 1, run.stdout + run.stderr
        assert run.stderr == ""
        assert run.stdout.startswith("views.py:8:1: RG101 public endpoint 'customers'"), run.stdout


FINDING = (
    "views.py:8:1: RG101 public endpoint 'customers' (GET /customers) exposes a list of Customer records "
    "(line 9; no access check found); require authorization or scope the query to the caller"
)
RG900_PREFIX = "rosterguard could not analyse this file"


def _project_with_broken_part(tmp_path: Path, part: str, pyproject: str) -> Path:
    """A project of 70 modules (two worker processes) and a part with its own broken configuration."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    (tmp_path / "views.py").write_text(VIEWS)
    for index in range(70):
        (tmp_path / f"module_{index:02}.py").write_text("x = 1\n")
    directory = tmp_path / part
    directory.mkdir(parents=True)
    (directory / "pyproject.toml").write_text(pyproject)
    for name in ("a.py", "b.py", "c.py"):
        (directory / name).write_text(VIEWS)
    return directory


def test_bad_table_in_a_nested_project_stops_only_its_files(tmp_path: Path) -> None:
    """A sub-project's bad table keeps its own files out of the run, says so once, and the rest is checked."""
    sub = _project_with_broken_part(tmp_path, "service", "[tool.rosterguard]\nusage-entities = 'search'\n")
    line = f"{sub / 'pyproject.toml'}: usage-entities: must be an array of strings"
    for jobs in ("1", "2"):
        by_console = console(".", "--jobs", jobs, cwd=tmp_path)
        assert (by_console.returncode, by_console.stderr) == (2, f"rosterguard: {line}\n"), by_console.stderr
        assert by_console.stdout == f"./{FINDING}\n"
    # flake8 reports per file: each file the table governs says why it was not analysed.
    by_flake8 = flake8("--jobs=2", ".", cwd=tmp_path)
    assert by_flake8.returncode == 1 and by_flake8.stderr == ""
    assert sorted(by_flake8.stdout.splitlines()) == [
        *(f"./service/{name}.py:1:1: RG900 {RG900_PREFIX}: bad configuration: {line}" for name in "abc"),
        f"./{FINDING}",
    ]


def test_project_template_is_not_project_code(tmp_path: Path) -> None:
    """A cookiecutter template's unrendered pyproject.toml is not TOML: it neither stops nor changes a run."""
    unrendered = "[tool.rosterguard]\ncustomer-entities = {{ cookiecutter.entities }}\n"
    _project_with_broken_part(tmp_path, "templates/{{cookiecutter.project_slug}}", unrendered)
    for jobs in ("1", "2"):
        command = [*CONSOLE, "inventory", ".", "--format", "json", "--jobs", jobs]
        run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert (run.returncode, run.stderr) == (0, "")
        assert [record["id"] for record in json.loads(run.stdout)] == ["views.py::customers"]


# -- --rosterguard-* flake8 options ----------------------------------------------------------------


def test_unknown_flake8_option_on_the_command_line(tmp_path: Path) -> None:
    project(tmp_path)
    run = flake8("--rosterguard-customer-entitys=patient", "views.py", cwd=tmp_path)
    assert run.returncode != 0 and run.stdout == ""
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines()[-1] == "flake8: error: unrecognized arguments: --rosterguard-customer-entitys=patient"


def test_flag_given_a_value_on_the_command_line(tmp_path: Path) -> None:
    project(tmp_path)
    # ``--rosterguard-replace-defaults`` takes an optional boolean, like its config-file form
    assert_stops(tmp_path, must_name=("replace-defaults", "maybe"), flake8_args=("--rosterguard-replace-defaults=maybe",))
    accepted = flake8("--rosterguard-replace-defaults=yes", "--rosterguard-customer-entities=customer", "views.py", cwd=tmp_path)
    assert accepted.returncode == 1 and "RG101" in accepted.stdout and "Traceback" not in accepted.stderr


def test_empty_permission_class_option(tmp_path: Path) -> None:
    project(tmp_path)
    assert_stops(tmp_path, must_name=("drf-default-permission",), flake8_args=("--rosterguard-drf-default-permission=",))


def test_caller_name_option_that_is_not_an_expression(tmp_path: Path) -> None:
    project(tmp_path)
    assert_stops(tmp_path, must_name=("caller-names",), flake8_args=("--rosterguard-caller-names=request..user",))


@pytest.mark.parametrize("config_file", ["setup.cfg", "tox.ini", ".flake8"])
def test_bad_boolean_in_flake8_config_file(config_file: str, tmp_path: Path) -> None:
    """``rosterguard-replace-defaults = maybe``: one line naming the key, not configparser's traceback."""
    project(tmp_path, **{config_file: "[flake8]\nrosterguard-replace-defaults = maybe\n"})
    run = flake8("views.py", cwd=tmp_path)
    shown = run.stdout + run.stderr
    assert "Traceback" not in shown, shown
    assert run.returncode != 0
    assert "replace-defaults" in shown and len(shown.strip().splitlines()) <= 2, shown


def test_misspelt_rosterguard_key_in_flake8_config_file(tmp_path: Path) -> None:
    """flake8 ignores unknown config keys; a ``rosterguard-`` key rosterguard does not know is a typo to report."""
    project(tmp_path, **{"setup.cfg": "[flake8]\nrosterguard-customer-entitys = patient\n"})
    run = flake8("views.py", cwd=tmp_path)
    shown = run.stdout + run.stderr
    assert "Traceback" not in shown
    assert run.returncode != 0
    assert "rosterguard-customer-entitys" in shown and "RG101" not in shown, shown


def test_valid_flake8_options_are_accepted(tmp_path: Path) -> None:
    """Control for the option tests: correct values run normally."""
    project(tmp_path)
    run = flake8("--rosterguard-customer-entities=patient", "--rosterguard-drf-default-permission=IsAuthenticated", "views.py", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (1, "")
    assert run.stdout.startswith("views.py:8:1: RG101 ")


def test_valid_configuration_still_works_next_to_these_tests(tmp_path: Path) -> None:
    """Control: the same project with a correct table reports normally through both entry points."""
    project(tmp_path, "[tool.rosterguard]\ncustomer-entities = ['patient']\nreplace-defaults = false\n")
    for run in (flake8("views.py", cwd=tmp_path), console("views.py", cwd=tmp_path)):
        assert (run.returncode, run.stderr) == (1, "")
        assert run.stdout.startswith("views.py:8:1: RG101 ")
