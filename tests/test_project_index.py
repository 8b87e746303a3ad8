"""The project index: cross-file facts reach each file, through flake8, its workers and the cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, parse_flake8, run_flake8

from rosterguard.config import Settings
from rosterguard.project import index as index_module
from rosterguard.project.cache import DIRECTORY
from rosterguard.project.index import build_index
from rosterguard.project.layout import find_root, module_name, python_files

DJANGO_PROJECT = FIXTURES / "crossfile" / "django_project"
CROSSFILE = FIXTURES / "crossfile"


@pytest.fixture
def django_project(tmp_path: Path) -> Path:
    """A private copy of the Django fixture project, free to edit."""
    copy = tmp_path / "django_project"
    shutil.copytree(DJANGO_PROJECT, copy, ignore=shutil.ignore_patterns(DIRECTORY, "__pycache__"))
    return copy


def findings(path: Path, *arguments: str) -> dict[str, set[tuple[int, str]]]:
    result = run_flake8(*arguments, str(path), cwd=path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return {str(Path(p).relative_to(path.resolve())): codes for p, codes in parse_flake8(result.stdout).items()}


def test_settings_edit_flips_findings_on_the_next_run(django_project: Path) -> None:
    before = findings(django_project)
    assert (12, "RG201") in before["api/views.py"]
    assert (django_project / DIRECTORY).is_dir()

    settings = django_project / "config" / "settings.py"
    settings.write_text(settings.read_text().replace("permissions.IsAuthenticated", "permissions.IsAdminUser"))
    assert (12, "RG201") not in findings(django_project).get("api/views.py", set())

    text = settings.read_text()
    settings.write_text(text[: text.index("REST_FRAMEWORK = {")])
    after = findings(django_project)
    assert (12, "RG101") in after["api/views.py"]
    installed_apps_line = next(n for n, line in enumerate(settings.read_text().splitlines(), 1) if line.startswith("INSTALLED_APPS"))
    assert after["config/settings.py"] == {(installed_apps_line, "RG301")}


def test_urls_edit_flips_a_view_in_another_file(django_project: Path) -> None:
    urls = django_project / "crm" / "urls.py"
    line = next(n for n, text in enumerate((django_project / "crm" / "views.py").read_text().splitlines(), 1) if text.startswith("def public_search_volume"))
    assert (line, "RG101") in findings(django_project)["crm/views.py"]
    urls.write_text(urls.read_text().replace('path("public/searches/", views.public_search_volume)', 'path("public/searches/", staff_member_required(views.public_search_volume))'))
    assert not {f for f in findings(django_project).get("crm/views.py", set()) if f[0] == line}


def test_cold_and_warm_cache_agree(django_project: Path) -> None:
    cold = findings(django_project)
    warm = findings(django_project)
    assert cold == warm
    index_file = next((django_project / DIRECTORY).glob("index-*.json"))
    index_file.write_text("{ not json")
    assert findings(django_project) == cold


def test_jobs_do_not_change_findings() -> None:
    serial = run_flake8("--jobs=1", str(CROSSFILE))
    parallel = run_flake8("--jobs=2", str(CROSSFILE))
    assert serial.stdout and sorted(serial.stdout.splitlines()) == sorted(parallel.stdout.splitlines())


def test_stdin_buffer_sees_the_rest_of_the_project(django_project: Path) -> None:
    views = django_project / "crm" / "views.py"
    from_disk = findings(django_project)["crm/views.py"]
    result = run_flake8("--stdin-display-name=crm/views.py", "-", cwd=django_project, stdin=views.read_text())
    assert {(int(line.split(":")[1]), line.split()[1]) for line in result.stdout.splitlines()} == from_disk


def test_unwritable_cache_location_still_analyses(django_project: Path) -> None:
    (django_project / DIRECTORY).write_text("a file where the cache directory would go")
    assert (12, "RG201") in findings(django_project)["api/views.py"]


def test_a_changed_file_is_the_only_one_summarised_again(django_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_index(django_project, Settings())
    summarised: list[Path] = []
    original = index_module.summarize_file

    def counting(path: Path, root: Path, data: bytes, settings: Settings) -> object:
        summarised.append(path)
        return original(path, root, data, settings)

    monkeypatch.setattr(index_module, "summarize_file", counting)
    build_index(django_project, Settings())
    assert summarised == []
    urls = django_project / "crm" / "urls.py"
    urls.write_text(urls.read_text() + "\n# edited\n")
    build_index(django_project, Settings())
    assert summarised == [urls]


def test_cache_is_plain_json_and_ignored_by_git(django_project: Path) -> None:
    build_index(django_project, Settings())
    cache = django_project / DIRECTORY
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    entries = json.loads(next(cache.glob("index-*.json")).read_text())
    assert "crm/urls.py" in entries


def test_index_joins_prefixes_and_wrappers() -> None:
    index = build_index(DJANGO_PROJECT, Settings())
    wiring = index.wiring["crm.views"]
    assert wiring["customer_directory"].route.path == "crm/customers/"
    assert [e.source for e in wiring["customer_directory"].evidence] == ["login_required"]
    assert wiring["customer_directory"].evidence[0].path == "crm/urls.py"
    assert index.wiring["api.views"]["CustomerViewSet"].route.path == "api/customers"


def test_layout_finds_roots_modules_and_skips_nested_projects(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    package = tmp_path / "src" / "shop" / "api"
    package.mkdir(parents=True)
    for directory in (package.parent, package):
        (directory / "__init__.py").write_text("")
    (package / "views.py").write_text("")
    nested = tmp_path / "examples" / "demo"
    nested.mkdir(parents=True)
    (nested / "setup.py").write_text("")
    (nested / "app.py").write_text("")
    assert find_root(package / "views.py") == tmp_path.resolve()
    assert module_name(package / "views.py") == "shop.api.views"
    assert module_name(package / "__init__.py") == "shop.api"
    assert [p.relative_to(tmp_path).as_posix() for p in python_files(tmp_path)] == ["src/shop/__init__.py", "src/shop/api/__init__.py", "src/shop/api/views.py"]


def test_app_wide_fastapi_dependencies_reach_included_routers(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    package = tmp_path / "api"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "main.py").write_text(
        "from fastapi import Depends, FastAPI\n"
        "from .auth import require_admin\n"
        "from . import tenants\n"
        "app = FastAPI(dependencies=[Depends(require_admin)])\n"
        "app.include_router(tenants.router, prefix='/tenants')\n"
    )
    (package / "auth.py").write_text(
        "from fastapi import HTTPException\n"
        "def require_admin(token: str):\n"
        "    if token != 'root':\n"
        "        raise HTTPException(status_code=403)\n"
    )
    tenants = package / "tenants.py"
    tenants.write_text(
        "from fastapi import APIRouter\n"
        "from .models import Tenant\n"
        "router = APIRouter()\n"
        "@router.get('/')\n"
        "def all_tenants(db):\n"
        "    return db.query(Tenant).all()\n"
    )
    assert findings(tmp_path) == {}
    (package / "main.py").write_text((package / "main.py").read_text().replace("FastAPI(dependencies=[Depends(require_admin)])", "FastAPI()"))
    assert findings(tmp_path) == {"api/tenants.py": {(5, "RG101")}}


def test_settings_modules_option_chooses_which_modules_are_settings(tmp_path: Path) -> None:
    for package in ("config", "api"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "config" / "settings.py").write_text('REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"]}\n')
    (tmp_path / "api" / "views.py").write_text(
        "from rest_framework import viewsets\n"
        "from crm.models import Customer\n"
        "class CustomerViewSet(viewsets.ReadOnlyModelViewSet):\n"
        "    queryset = Customer.objects.all()\n"
    )
    (tmp_path / "pyproject.toml").write_text("[tool.rosterguard]\n")
    assert findings(tmp_path) == {}
    (tmp_path / "pyproject.toml").write_text('[tool.rosterguard]\nsettings-modules = ["deploy.settings"]\n')
    assert findings(tmp_path) == {"api/views.py": {(3, "RG101"), (3, "RG103")}}


def test_only_the_checked_project_is_indexed(tmp_path: Path) -> None:
    checked, elsewhere = tmp_path / "proj", tmp_path / "elsewhere"
    for directory in (checked, elsewhere):
        directory.mkdir()
        (directory / "pyproject.toml").write_text("")
    (checked / "app.py").write_text("x = 1\n")
    (elsewhere / "urls.py").write_text("urlpatterns = []\n")
    result = run_flake8(str(checked / "app.py"), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert (checked / DIRECTORY).is_dir() and not (elsewhere / DIRECTORY).exists()


def test_an_interpreters_library_is_not_part_of_the_project(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    library = tmp_path / "versions" / "3.12.1" / "lib" / "python3.12"
    library.mkdir(parents=True)
    (library / "json.py").write_text("")
    (tmp_path / "tool.py").write_text("")
    assert [p.name for p in python_files(tmp_path)] == ["tool.py"]


# -- project roots and where their caches go ---------------------------------------------------------

VIEWS = (
    "from flask import Flask, jsonify\nfrom shop.models import Customer\napp = Flask(__name__)\n\n\n"
    "@app.get('/customers')\ndef customers():\n    return jsonify([c.email for c in Customer.query.all()])\n"
)


def rosterguard(
    *arguments: str, cwd: Path, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "rosterguard.cli", *arguments]
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(environment or {})},
    )


def caches_under(tree: Path) -> list[str]:
    return sorted(p.parent.relative_to(tree).as_posix() for p in tree.rglob(DIRECTORY))


def test_a_tree_without_markers_is_one_project_with_one_cache(tmp_path: Path) -> None:
    """No marker anywhere: the checked directory is the project, whichever tool runs and whatever the jobs."""
    tree = tmp_path / "tree"
    for relative in (
        "scripts/tool.py",
        "reports/monthly/export.py",
        "shop/__init__.py",
        "shop/api/__init__.py",
        "vendor/lib/x.py",
    ):
        (tree / relative).parent.mkdir(parents=True, exist_ok=True)
        (tree / relative).write_text("x = 1\n")
    (tree / "shop" / "api" / "views.py").write_text(VIEWS)
    for index in range(70):
        (tree / "scripts" / f"job_{index}.py").write_text("x = 1\n")
    for run in (
        lambda: rosterguard("check", "tree", "--jobs", "2", cwd=tmp_path),
        lambda: run_flake8("tree", cwd=tmp_path),
    ):
        result = run()
        assert result.returncode == 1 and "shop/api/views.py:7:1: RG101" in result.stdout, (
            result.stdout + result.stderr
        )
        assert caches_under(tree) == ["."]
        shutil.rmtree(tree / DIRECTORY)


def test_a_script_marker_inside_a_package_does_not_cut_the_package_out(tmp_path: Path) -> None:
    """``shop/reports/setup.py`` (a CLI's) and ``shop/tests/manage.py`` (a test project's) mark no project:
    the endpoint still sees the helper in ``shop/reports``, and the project keeps one cache."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    for package in ("shop", "shop/reports", "shop/tests"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "shop" / "reports" / "setup.py").write_text("from setuptools import setup\nsetup()\n")
    (tmp_path / "shop" / "tests" / "manage.py").write_text("import sys\n")
    (tmp_path / "shop" / "reports" / "queries.py").write_text(
        "from shop.models import Customer\n\n\ndef every_customer():\n    return Customer.query.all()\n"
    )
    (tmp_path / "shop" / "views.py").write_text(
        "from flask import Flask, jsonify\nfrom shop.reports import queries\napp = Flask(__name__)\n\n\n"
        "@app.get('/customers')\ndef customers():\n"
        "    return jsonify([c.email for c in queries.every_customer()])\n"
    )
    assert find_root(tmp_path / "shop" / "reports" / "queries.py") == tmp_path.resolve()
    assert "shop/reports/queries.py" in [p.relative_to(tmp_path).as_posix() for p in python_files(tmp_path)]
    result = rosterguard("check", ".", cwd=tmp_path)
    assert result.stdout.startswith("./shop/views.py:7:1: RG101 public endpoint 'customers'"), (
        result.stdout + result.stderr
    )
    assert caches_under(tmp_path) == ["."]


def test_cache_directory_option_environment_and_no_cache(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("")
    (project / "views.py").write_text(VIEWS)
    expected = rosterguard("check", ".", "--no-cache", cwd=project)
    assert expected.returncode == 1 and expected.stderr == "" and caches_under(tmp_path) == []
    for arguments, environment, place in (
        (("--cache-dir", str(tmp_path / "chosen")), {}, tmp_path / "chosen"),
        ((), {"ROSTERGUARD_CACHE_DIR": str(tmp_path / "from-env")}, tmp_path / "from-env"),
    ):
        result = rosterguard("check", ".", *arguments, cwd=project, environment=environment)
        assert (result.returncode, result.stdout, result.stderr) == (1, expected.stdout, "")
        assert not (project / DIRECTORY).exists()
        assert [len(list(d.glob("index-*.json"))) for d in place.iterdir()] == [1], (
            "one cache directory for the one project root"
        )
    by_flake8 = run_flake8(
        ".", cwd=project, environment={"ROSTERGUARD_CACHE_DIR": str(tmp_path / "flake8-env")}
    )
    assert (
        by_flake8.returncode == 1
        and not (project / DIRECTORY).exists()
        and (tmp_path / "flake8-env").is_dir()
    )
    run_flake8("--rosterguard-no-cache", ".", cwd=project)
    assert not (project / DIRECTORY).exists()


@pytest.mark.parametrize("how", ["file_in_the_way", "read_only"])
def test_read_only_checkout_keeps_the_cache_in_memory(how: str, tmp_path: Path) -> None:
    """A checkout the run cannot write to: the same findings, and one notice (not one per file or worker)."""
    if how == "read_only" and os.geteuid() == 0:
        pytest.skip("root writes whatever the mode")
    project = tmp_path / "project"
    shutil.copytree(DJANGO_PROJECT, project, ignore=shutil.ignore_patterns(DIRECTORY, "__pycache__"))
    for index in range(70):
        (project / "crm" / f"extra_{index}.py").write_text("x = 1\n")
    writable = rosterguard("check", ".", "--jobs", "2", "--no-cache", cwd=project)
    if how == "file_in_the_way":
        (project / DIRECTORY).write_text("not a directory")
    else:
        for directory in (project, *(p for p in project.rglob("*") if p.is_dir())):
            directory.chmod(0o555)
    try:
        for result in (
            rosterguard("check", ".", "--jobs", "2", cwd=project),
            run_flake8("--jobs=2", ".", cwd=project),
        ):
            assert result.returncode == 1 and sorted(result.stdout.splitlines()) == sorted(
                writable.stdout.splitlines()
            )
            notice = result.stderr.splitlines()
            assert len(notice) == 1 and notice[0].startswith(
                f"rosterguard: cannot write the project cache {project.resolve() / DIRECTORY}"
            )
            assert notice[0].endswith(
                "kept in memory for this run (ROSTERGUARD_CACHE_DIR chooses another place)"
            )
    finally:
        for directory in (project, *(p for p in project.rglob("*") if p.is_dir())):
            directory.chmod(0o755)


def test_stdin_reads_the_display_names_project_and_nothing_else(tmp_path: Path) -> None:
    """Editors run ``flake8 --stdin-display-name=PATH -`` from anywhere, often a parent directory:
    an unrelated project's broken configuration below it changes nothing, and only the display
    name's project is read (a buffer without a name belongs to no project)."""
    project = tmp_path / "code" / "shop"
    shutil.copytree(DJANGO_PROJECT, project, ignore=shutil.ignore_patterns(DIRECTORY, "__pycache__"))
    unrelated = tmp_path / "scratch" / "experiment"
    unrelated.mkdir(parents=True)
    (unrelated / "pyproject.toml").write_text("[tool.rosterguard\ncustomer-entities = ['x']\n")
    (unrelated / "urls.py").write_text("urlpatterns = []\n")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.py").write_text("urlpatterns = []\n")
    views = project / "crm" / "views.py"
    from_disk = findings(project)["crm/views.py"]
    shutil.rmtree(project / DIRECTORY)

    result = run_flake8(
        "--stdin-display-name=code/shop/crm/views.py", "-", cwd=tmp_path, stdin=views.read_text()
    )
    assert result.stderr == "" and result.stdout.startswith("code/shop/crm/views.py:"), result.stdout
    assert {(int(line.split(":")[1]), line.split()[1]) for line in result.stdout.splitlines()} == from_disk
    assert caches_under(tmp_path) == ["code/shop"]

    nameless = run_flake8("-", cwd=tmp_path, stdin=views.read_text())
    assert nameless.stderr == "" and nameless.stdout.startswith("stdin:"), nameless.stdout
    assert caches_under(tmp_path) == ["code/shop"]
