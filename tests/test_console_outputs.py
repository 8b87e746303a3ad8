"""The console script's formats, baselines, inventory and lock files, as a user runs them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

DEMO = FIXTURES / "demo_app"


def rosterguard(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rosterguard.cli", *arguments], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    copy = tmp_path / "demo_app"
    shutil.copytree(DEMO, copy, ignore=shutil.ignore_patterns("__pycache__", ".rosterguard_cache"))
    (copy / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    return copy


def test_json_and_github_formats_carry_every_finding(demo: Path) -> None:
    text = rosterguard("check", ".", cwd=demo)
    records = json.loads(rosterguard("check", ".", "--format", "json", cwd=demo).stdout)
    github = rosterguard("check", ".", "--format", "github", cwd=demo).stdout.splitlines()
    assert text.returncode == 1 and len(text.stdout.splitlines()) == len(records) == len(github) == 7
    assert {r["code"] for r in records} == {"RG101", "RG102", "RG103", "RG201", "RG302"}
    first = records[0]
    assert github[0] == f"::error file={first['file']},line={first['line']},col={first['column']},title={first['code']}::{first['message']}"


def test_baseline_survives_moved_lines_and_catches_new_findings(demo: Path) -> None:
    assert rosterguard("check", ".", "--write-baseline", "baseline.json", cwd=demo).returncode == 0
    for path in demo.glob("*.py"):
        path.write_text("# moved\n" * 20 + path.read_text())
    accepted = rosterguard("check", ".", "--baseline", "baseline.json", cwd=demo)
    assert (accepted.returncode, accepted.stdout) == (0, "")

    portal = demo / "flask_portal.py"
    portal.write_text(portal.read_text() + '\n\n@app.get("/customers/all")\ndef every_customer():\n    return jsonify([c.email for c in Customer.query.all()])\n')
    fresh = rosterguard("check", ".", "--baseline", "baseline.json", cwd=demo)
    assert fresh.returncode == 1
    assert [line.split(": ")[1].split()[0:4] for line in fresh.stdout.splitlines()] == [["RG101", "public", "endpoint", "'every_customer'"]]


def test_inventory_lists_every_endpoint_in_each_format(demo: Path) -> None:
    records = json.loads(rosterguard("inventory", ".", "--format", "json", cwd=demo).stdout)
    assert len(records) == 22
    by_id = {r["id"]: r for r in records}
    admin = by_id["flask_portal.py::admin_export_customers"]
    assert admin["access"] == "authorized" and admin["exposures"][0]["entity"] == "Customer"
    assert by_id["flask_portal.py::customer_directory"]["findings"] == ["RG101"]
    table = rosterguard("inventory", ".", cwd=demo).stdout
    assert table.splitlines()[0].split()[:2] == ["route", "endpoint"] and table.endswith("22 endpoints\n")
    markdown = rosterguard("inventory", ".", "--format", "markdown", cwd=demo).stdout.splitlines()
    assert len(markdown) == 2 + 22 and all(line.startswith("| ") for line in markdown)


def test_lock_file_fails_when_access_weakens_or_a_public_endpoint_appears(demo: Path) -> None:
    assert rosterguard("inventory", ".", "--lock", "access.lock", cwd=demo).returncode == 0
    assert rosterguard("inventory", ".", "--check-lock", "access.lock", cwd=demo).returncode == 0

    views = demo / "django_views.py"
    views.write_text(views.read_text().replace("@staff_member_required\n", "", 1))
    portal = demo / "flask_portal.py"
    portal.write_text(portal.read_text() + '\n\n@app.get("/health")\ndef health():\n    return jsonify(status="ok")\n')
    checked = rosterguard("inventory", ".", "--check-lock", "access.lock", cwd=demo)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        "django_views.py::search_usage: access weakened from authorized to public",
        "flask_portal.py::health: new public endpoint (/health)",
    ]


def test_bad_baseline_is_one_line_naming_the_file(demo: Path) -> None:
    (demo / "baseline.json").write_text("[]")
    result = rosterguard("check", ".", "--baseline", "baseline.json", cwd=demo)
    assert result.returncode == 2
    assert result.stderr == "rosterguard: baseline.json: expected an object with a 'findings' list (written by rosterguard)\n"


def test_parallel_and_serial_runs_agree_and_progress_stays_off_pipes() -> None:
    serial = rosterguard("check", str(FIXTURES), "--jobs", "1", cwd=FIXTURES.parent)
    parallel = rosterguard("check", str(FIXTURES), "--jobs", "2", cwd=FIXTURES.parent)
    assert serial.stdout and serial.stdout == parallel.stdout
    assert parallel.stderr == ""


def test_baseline_and_lock_keys_do_not_depend_on_where_the_run_starts(demo: Path, tmp_path: Path) -> None:
    """From the parent, the project, a subdirectory and with an absolute path: the same files
    written, and each run accepts what any other recorded (keys are relative to the project root)."""
    (demo / "docs").mkdir()
    runs = [(demo.parent, "demo_app"), (demo, "."), (demo / "docs", ".."), (Path("/"), str(demo))]
    for index, (cwd, path) in enumerate(runs):
        assert (
            rosterguard(
                "check", path, "--write-baseline", str(tmp_path / f"baseline-{index}.json"), cwd=cwd
            ).returncode
            == 0
        )
        assert (
            rosterguard("inventory", path, "--lock", str(tmp_path / f"lock-{index}.json"), cwd=cwd).returncode
            == 0
        )
    for kind in ("baseline", "lock"):
        written = {(tmp_path / f"{kind}-{index}.json").read_text() for index in range(len(runs))}
        assert len(written) == 1, f"the {kind} depends on the working directory"
    assert '"file": "flask_portal.py"' in (tmp_path / "baseline-0.json").read_text()
    for cwd, path in runs:
        accepted = rosterguard("check", path, "--baseline", str(tmp_path / "baseline-3.json"), cwd=cwd)
        assert (accepted.returncode, accepted.stdout) == (0, "")
        locked = rosterguard("inventory", path, "--check-lock", str(tmp_path / "lock-1.json"), cwd=cwd)
        assert (locked.returncode, locked.stdout, locked.stderr) == (
            0,
            "",
            f"rosterguard: 22 endpoints match {tmp_path / 'lock-1.json'}\n",
        )


def test_inventory_table_fits_a_terminal_and_wide_adds_the_layers(demo: Path) -> None:
    narrow = rosterguard("inventory", ".", cwd=demo).stdout.splitlines()
    wide = rosterguard("inventory", ".", "--wide", cwd=demo).stdout.splitlines()
    assert narrow[0].split() == ["route", "endpoint", "access", "exposes", "finding"]
    assert re.split(r"\s{2,}", wide[0]) == [
        "route",
        "endpoint",
        "framework",
        "location",
        "access",
        "set by",
        "exposes",
        "finding",
    ]
    assert len(narrow) == len(wide) and narrow[-1] == wide[-1] == "22 endpoints"
    assert max(map(len, narrow)) <= 132 < max(map(len, wide)), (
        "the default table is for a terminal, --wide is not"
    )
    by_name = {
        line.split()[2] if line.startswith(("GET", "POST")) else line.split()[1]: line
        for line in narrow[2:-2]
    }
    assert by_name["customer_directory"].split()[-3:] == ["list:", "Customer", "RG101"]
    markdown = rosterguard("inventory", ".", "--format", "markdown", cwd=demo).stdout.splitlines()
    assert markdown[0] == "| route | endpoint | access | exposes | finding |"


def test_inventory_names_every_file_relative_to_the_project_root(tmp_path: Path) -> None:
    """The endpoint's location and the layers set in other files (``crm/urls.py``) share one base,
    whatever directory the run starts in."""
    project = tmp_path / "django_project"
    shutil.copytree(
        FIXTURES / "crossfile" / "django_project",
        project,
        ignore=shutil.ignore_patterns("__pycache__", ".rosterguard_cache"),
    )
    for cwd, path in ((tmp_path, "django_project"), (project / "crm", "..")):
        rows = [
            line.split(" | ")
            for line in rosterguard(
                "inventory", path, "--wide", "--format", "markdown", cwd=cwd
            ).stdout.splitlines()
        ]
        header = [cell.strip("| ") for cell in rows[0]]
        places = [row[header.index("location")] for row in rows[2:]]
        places += re.findall(
            r", ([^,()]+\.py):\d+\)", " ".join(row[header.index("set by")] for row in rows[2:])
        )
        assert "crm/urls.py" in {place.partition(":")[0] for place in places}
        assert all((project / place.partition(":")[0]).is_file() for place in places), places
        records = json.loads(rosterguard("inventory", path, "--format", "json", cwd=cwd).stdout)
        assert all(
            (project / file).is_file()
            for r in records
            for file in (r["file"], *(layer["file"] for layer in r["layers"]))
        )
