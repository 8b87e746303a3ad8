"""flake8's own options and ``# noqa`` act on RG codes exactly as on any other code.

``test_flake8_integration.py`` covers ``# noqa: RG101`` vs ``# noqa: RG201`` and stdin giving
the path's findings. Here: every ``# noqa`` spelling, compared between flake8 and the
console script (which promises the same suppression); ``--stdin-display-name`` deciding
configuration and ``--per-file-ignores``; ``--per-file-ignores``; ``--extend-exclude``;
``--extend-ignore``; ``--disable-noqa``; ``--exit-zero``; ``--jobs`` and repeated runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

_SCRIPT = Path(sys.executable).with_name("rosterguard")
CONSOLE = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "rosterguard.cli"]

ENDPOINT = '''

@app.get("/{name}")
{prefix}def {name}():{comment}
    return jsonify([c.email for c in Customer.query.all()])
'''
HEADER = "from flask import Flask, jsonify\nfrom shop.models import Customer\n\napp = Flask(__name__)\n"


def flake8(*arguments: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "flake8", "--isolated", "--select=RG", *arguments]
    return subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, text=True, check=False, timeout=120)


def console(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CONSOLE, "check", *arguments], cwd=cwd, capture_output=True, text=True, check=False, timeout=120)


def module(*endpoints: tuple[str, str]) -> tuple[str, dict[str, int]]:
    """Source with one leaking endpoint per (name, trailing comment); and each def's line."""
    source = HEADER
    lines = {}
    for name, comment in endpoints:
        prefix = "async " if name.startswith("async_") else ""
        block = ENDPOINT.format(name=name, prefix=prefix, comment=comment)
        lines[name] = source.count("\n") + 4
        source += block
    return source, lines


def reported(output: str) -> set[tuple[str, int, str]]:
    found = set()
    for line in output.splitlines():
        path, row, _, rest = line.split(":", 3)
        found.add((Path(path).name, int(row), rest.split()[0]))
    return found


NOQA_SPELLINGS = {
    # comment on the def line -> is RG101 silenced there (as flake8 decides)
    "bare": ("  # noqa", True),
    "bare_upper": ("  # NOQA", True),
    "code": ("  # noqa: RG101", True),
    "code_no_space": ("  # noqa:RG101", True),
    "prefix_RG1": ("  # noqa: RG1", True),
    "prefix_RG": ("  # noqa: RG", True),
    "list_comma": ("  # noqa: RG102,RG101", True),
    "list_space": ("  # noqa: E501 RG101", True),
    "other_code": ("  # noqa: RG102", False),
    "other_family": ("  # noqa: E501", False),
    "lower_case_code": ("  # noqa: rg101", False),
    "after_text": ("  # fine here # noqa: RG101", True),
    "not_a_comment_start": ("  # see noqa docs", False),
    "space_before_colon": ("  # noqa : RG102", True),
    "no_space_after_hash": ("  #noqa: RG101", False),  # flake8 wants exactly "# noqa"
    "two_spaces_after_hash": ("  #  noqa", False),
}


@pytest.fixture(scope="module")
def noqa_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], str, str]:
    """Every spelling on its own endpoint of one module: one flake8 run, one console run."""
    directory = tmp_path_factory.mktemp("noqa")
    source, lines = module(("control", ""), *((f"case_{case}", comment) for case, (comment, _) in NOQA_SPELLINGS.items()))
    (directory / "views.py").write_text(source)
    by_flake8 = flake8("views.py", cwd=directory)
    assert by_flake8.stderr == ""
    return lines, by_flake8.stdout, console("views.py", cwd=directory).stdout


@pytest.mark.parametrize("case", sorted(NOQA_SPELLINGS))
def test_noqa_spelling(case: str, noqa_runs: tuple[dict[str, int], str, str]) -> None:
    lines, by_flake8, by_console = noqa_runs
    _, silenced = NOQA_SPELLINGS[case]
    row = lines[f"case_{case}"]
    assert ("views.py", lines["control"], "RG101") in reported(by_flake8)
    assert (("views.py", row, "RG101") in reported(by_flake8)) is not silenced, by_flake8
    mine = [line for line in by_flake8.splitlines() if line.startswith(f"views.py:{row}:")]
    theirs = [line for line in by_console.splitlines() if line.startswith(f"views.py:{row}:")]
    assert theirs == mine, "the console script and flake8 read this # noqa differently"


def test_noqa_elsewhere_does_not_silence_the_def_line(tmp_path: Path) -> None:
    """Only the reported line counts: not the decorator's line, not the data access line."""
    source = HEADER + '''

@app.get("/a")  # noqa: RG101
def on_decorator():
    return jsonify([c.email for c in Customer.query.all()])


@app.get("/b")
def on_access_line():
    return jsonify([c.email for c in Customer.query.all()])  # noqa: RG101


@app.get("/c")
def multi_line(
    page=1,
):  # noqa: RG101
    return jsonify([c.email for c in Customer.query.all()])


@app.get("/d")
async def async_def():  # noqa: RG101
    return jsonify([c.email for c in Customer.query.all()])
'''
    (tmp_path / "views.py").write_text(source)
    by_flake8 = flake8("views.py", cwd=tmp_path)
    assert [row for _, row, _ in sorted(reported(by_flake8.stdout))] == [8, 13, 18]
    assert console("views.py", cwd=tmp_path).stdout == by_flake8.stdout


def test_file_level_flake8_noqa(tmp_path: Path) -> None:
    """``# flake8: noqa`` skips the whole file in flake8; the console script must skip it too."""
    source, _ = module(("a", ""), ("b", ""))
    (tmp_path / "skipped.py").write_text("# flake8: noqa\n" + source)
    assert flake8("skipped.py", cwd=tmp_path).stdout == ""
    assert console("skipped.py", cwd=tmp_path).stdout == ""


def test_disable_noqa_reports_silenced_findings(tmp_path: Path) -> None:
    source, lines = module(("a", "  # noqa: RG101"), ("b", "  # noqa"))
    (tmp_path / "views.py").write_text(source)
    assert flake8("views.py", cwd=tmp_path).stdout == ""
    loud = flake8("--disable-noqa", "views.py", cwd=tmp_path)
    assert reported(loud.stdout) == {("views.py", lines["a"], "RG101"), ("views.py", lines["b"], "RG101")}


def test_noqa_rg900_on_line_one(tmp_path: Path) -> None:
    """The RG900 docs: ``# noqa: RG900`` on line 1 silences it."""
    deep = "request + " * 1000 + "request\n"
    (tmp_path / "loud.py").write_text(HEADER + f"\n\n@app.get('/x')\ndef x():\n    return {deep}")
    (tmp_path / "quiet.py").write_text("from flask import Flask  # noqa: RG900\n" + HEADER + f"\n\n@app.get('/x')\ndef x():\n    return {deep}")
    by_console = console(".", cwd=tmp_path)
    assert {(name, code) for name, _, code in reported(by_console.stdout)} == {("loud.py", "RG900")}


# -- --stdin-display-name ---------------------------------------------------------------------------


def test_stdin_without_display_name(tmp_path: Path) -> None:
    source, lines = module(("customers", ""))
    run = flake8("-", cwd=tmp_path, stdin=source)
    assert run.stdout.startswith(f"stdin:{lines['customers']}:1: RG101 public endpoint 'customers'"), run.stdout
    assert run.returncode == 1


def test_stdin_display_name_decides_configuration(tmp_path: Path) -> None:
    """Configuration is looked up from the display name, as flake8 users expect of every per-file setting."""
    sub = tmp_path / "clinic"
    sub.mkdir()
    (sub / "pyproject.toml").write_text("[tool.rosterguard]\ncustomer-entities = ['patient']\n")
    source = module(("patients", ""))[0].replace("Customer", "Patient")
    assert flake8("--stdin-display-name=elsewhere.py", "-", cwd=tmp_path, stdin=source).stdout == ""
    inside = flake8("--stdin-display-name=clinic/views.py", "-", cwd=tmp_path, stdin=source)
    assert inside.stdout.startswith("clinic/views.py:8:1: RG101 public endpoint 'patients'"), inside.stdout


def test_stdin_display_name_with_per_file_ignores(tmp_path: Path) -> None:
    source = module(("customers", ""))[0]
    ignored = flake8("--per-file-ignores=legacy/*:RG101", "--stdin-display-name=legacy/views.py", "-", cwd=tmp_path, stdin=source)
    assert (ignored.returncode, ignored.stdout) == (0, "")
    kept = flake8("--per-file-ignores=legacy/*:RG101", "--stdin-display-name=current/views.py", "-", cwd=tmp_path, stdin=source)
    assert kept.returncode == 1 and "current/views.py:8:1: RG101" in kept.stdout


# -- --per-file-ignores, --extend-exclude, --extend-ignore, --exit-zero -----------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    source = module(("customers", ""))[0] + "\n\n@app.get('/stats')\ndef stats():\n    return jsonify(n=Customer.query.count())\n"
    for relative in ("app/views.py", "legacy/views.py", "legacy/old/api.py", "build_tools/gen.py"):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return tmp_path


def _files(run: subprocess.CompletedProcess[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for line in run.stdout.splitlines():
        path, _, _, rest = line.split(":", 3)
        found.setdefault(path.removeprefix("./"), set()).add(rest.split()[0])
    return found


ALL = {"app/views.py", "legacy/views.py", "legacy/old/api.py", "build_tools/gen.py"}


def test_baseline_tree(tree: Path) -> None:
    assert _files(flake8(".", cwd=tree)) == {name: {"RG101", "RG102"} for name in ALL}


def test_per_file_ignores_one_code(tree: Path) -> None:
    run = flake8("--per-file-ignores=legacy/*:RG101", ".", cwd=tree)
    assert _files(run) == {
        "app/views.py": {"RG101", "RG102"},
        "build_tools/gen.py": {"RG101", "RG102"},
        "legacy/views.py": {"RG102"},
        "legacy/old/api.py": {"RG102"},
    }


def test_per_file_ignores_prefix_and_several_patterns(tree: Path) -> None:
    run = flake8("--per-file-ignores=legacy/*:RG build_tools/gen.py:RG102", ".", cwd=tree)
    assert _files(run) == {"app/views.py": {"RG101", "RG102"}, "build_tools/gen.py": {"RG101"}}


def test_extend_exclude(tree: Path) -> None:
    run = flake8("--extend-exclude=legacy,build_tools", ".", cwd=tree)
    assert set(_files(run)) == {"app/views.py"}
    run = flake8("--extend-exclude=*/old/*", ".", cwd=tree)
    assert set(_files(run)) == ALL - {"legacy/old/api.py"}


def test_extend_ignore_and_extend_select(tree: Path) -> None:
    assert {c for codes in _files(flake8("--extend-ignore=RG102", ".", cwd=tree)).values() for c in codes} == {"RG101"}
    assert {c for codes in _files(flake8("--extend-ignore=RG1", ".", cwd=tree)).values() for c in codes} == set()


def test_exit_zero(tree: Path) -> None:
    run = flake8("--exit-zero", ".", cwd=tree)
    assert run.returncode == 0 and run.stdout.count("\n") == 8


# -- --jobs and repeated runs -----------------------------------------------------------------------


def test_jobs_and_repeated_runs_are_byte_identical(tree: Path) -> None:
    """Cold run, warm run, and worker processes: the same bytes (the project index is shared safely)."""
    for index in range(12):
        (tree / "app" / f"extra_{index}.py").write_text(module((f"view_{index}", ""))[0])
    first = flake8("--jobs=1", ".", cwd=tree)
    runs = [flake8("--jobs=4", ".", cwd=tree), flake8("--jobs=1", ".", cwd=tree), flake8("--jobs=4", ".", cwd=tree)]
    assert first.stdout.count("\n") == 8 + 12
    for run in runs:
        assert (run.returncode, run.stdout, run.stderr) == (first.returncode, first.stdout, first.stderr)
