"""``rosterguard fix --apply --unsafe`` on each project of ``fixtures/fixes/``, copied to a temporary
directory: every changed file still compiles, each finding that had a fix is gone when the project
is checked again, a second ``fix`` proposes nothing, and the diff touches only the lines below."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from rosterguard.cli import main
from rosterguard.fix.plan import plan
from rosterguard.project.index import forget_indexes
from rosterguard.scan import check_files, physical_lines

CASES = FIXTURES / "fixes"
Lines = tuple[list[str], list[str]]  # (removed, added), stripped


def moved(*lines: str) -> Lines:
    """Lines that change places (difflib may show either side as the one that moved)."""
    return list(lines), list(lines)


def added(*lines: str) -> Lines:
    return [], list(lines)


SETTING = 'REST_FRAMEWORK = {{"DEFAULT_PERMISSION_CLASSES": {}, "PAGE_SIZE": 50}}  # expect: RG301'
PERMISSION = 'permission_required("crm.view_customer", raise_exception=True)'
TODO = "# TODO(rosterguard): any signed-in user may read {} here: also check a role or permission"
# Per case, the lines each changed file loses and gains; every other line stays byte for byte.
EXPECTED: dict[str, dict[str, Lines]] = {
    "misplaced_guards": {
        "flask_app.py": moved(
            '@app.get("/customers")', '@reports.route("/searches")', '@reports.route("/searches/all")'
        ),
        "quart_app.py": moved('@app.route("/clients")'),
        "fastapi_app.py": moved("@staff_only  # expect: RG302"),
        "sanic_app.py": moved('@app.get("/resellers")'),
        "bottle_app.py": moved('@get("/customers")'),
        "drf_actions.py": (
            [
                "from rest_framework.decorators import action, permission_classes",
                "@permission_classes([IsAdminUser])  # expect: RG302",
                "@action(detail=False)",
                "@permission_classes([IsAdminUser])  # expect: RG302",
            ],
            [
                "from rest_framework.decorators import action",
                "permission_classes=[IsAdminUser],",
                "@action(detail=False, permission_classes=[IsAdminUser])",
            ],
        ),
    },
    "flask_blueprints": {"back_office.py": added('@roles_required("admin")', '@roles_required("support")')},
    "flask_package": {
        "portal/reports.py": added("from portal.auth import admin_required", "@admin_required")
    },
    "flask_no_roles": {
        "app.py": added(
            "from flask_login import login_required", "@login_required  " + TODO.format("Customer")
        ),
    },
    "django_views": {
        "views.py": added(
            "from django.utils.decorators import method_decorator",
            f"@{PERMISSION}",
            *[f'@method_decorator({PERMISSION}, name="dispatch")'] * 2,
        ),
    },
    "django_no_roles": {
        "views.py": added(
            "from django.contrib.auth.decorators import login_required",
            "from django.utils.decorators import method_decorator",
            "@login_required  " + TODO.format("Member"),
            '@method_decorator(login_required, name="dispatch")  ' + TODO.format("Customer"),
        ),
    },
    "drf_views": {
        "crm/api.py": (
            [
                "@action(detail=False, permission_classes=[AllowAny])",
                "permission_classes = [AllowAny]",
                "@permission_classes([IsAuthenticated])",
            ],
            [
                "@action(detail=False, permission_classes=[IsOrgAdmin])",
                "permission_classes = [IsOrgAdmin]",
                "permission_classes = [IsOrgAdmin]",
                "@permission_classes([IsOrgAdmin])",
                "@permission_classes([IsOrgAdmin])",
            ],
        ),
    },
    "drf_no_roles": {
        "api.py": (
            ["from rest_framework.decorators import api_view"],
            [
                "from rest_framework.decorators import permission_classes, api_view",
                "from rest_framework.permissions import IsAdminUser",
                "permission_classes = [IsAdminUser]",
                "@permission_classes([IsAdminUser])",
            ],
        ),
    },
    "fastapi_service": {
        "app.py": (
            ['@admin.get("/searches")'],
            ['@admin.get("/searches", dependencies=[Depends(require_admin)])', "Depends(require_admin),"],
        ),
    },
    "settings_without_default": {
        "config/settings.py": added(
            "'DEFAULT_PERMISSION_CLASSES': ['rest_framework.permissions.IsAuthenticated'],"
        ),
    },
    "settings_allow_any": {
        "config/settings.py": (
            [SETTING.format('("rest_framework.permissions.AllowAny",)')],
            [SETTING.format('["rest_framework.permissions.IsAuthenticated"]')],
        ),
    },
    "settings_installed_apps": {
        "config/settings.py": added(
            "REST_FRAMEWORK = {",
            '"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],',
            "}",
            "",
        ),
    },
}


def copy_case(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(CASES / name, tmp_path / name))


def sources(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*.py"))}


def changed_lines(before: str, after: str) -> Lines:
    old, new = physical_lines(before), physical_lines(after)
    removed, gained = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += [line.strip() for line in old[i1:i2]]
            gained += [line.strip() for line in new[j1:j2]]
    return sorted(removed), sorted(gained)


def findings(root: Path) -> set[tuple[str, str, str]]:
    """(file, code, subject) of every finding: what a fix must make disappear."""
    forget_indexes()
    results = check_files([str(root)]).results
    return {
        (Path(r.path).relative_to(root).as_posix(), f.code, f.subject)
        for r in results
        for f in r.visible_findings()
    }


def fixable(root: Path) -> set[tuple[str, str, str]]:
    forget_indexes()
    plans = plan(check_files([str(root)]).results)
    return {
        (Path(p.path).relative_to(root).as_posix(), f.code, f.subject)
        for file in plans
        for p in file.proposals
        if p.change is not None
        for f in p.findings
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fix_applies_only_the_needed_lines_and_the_finding_goes(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_case(name, tmp_path)
    before = sources(root)
    to_fix = fixable(root)
    assert to_fix, f"{name}: nothing to fix"
    status = main(["fix", "--apply", "--unsafe", str(root)])
    after = sources(root)

    changes = {
        path: changed_lines(before[path].decode(), after[path].decode())
        for path in before
        if before[path] != after[path]
    }
    expected = {
        path: (sorted(removed), sorted(gained)) for path, (removed, gained) in EXPECTED[name].items()
    }
    assert changes == expected
    for path, data in after.items():
        compile(data, path, "exec")

    remaining = findings(root)
    assert not to_fix & remaining, f"still reported after the fix: {sorted(to_fix & remaining)}"
    assert status == (1 if remaining else 0)

    capsys.readouterr()
    assert main(["fix", "--unsafe", str(root)]) == status
    assert capsys.readouterr().out == "", "a second fix proposes more changes"
    assert sources(root) == after


def test_every_fix_project_is_exercised() -> None:
    projects = {path.parent.name for path in CASES.glob("*/pyproject.toml")}
    assert projects == set(EXPECTED) | {"fastapi_no_roles"}


def test_without_a_guard_to_copy_fastapi_gets_advice_and_no_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_case("fastapi_no_roles", tmp_path)
    before = sources(root)
    assert main(["fix", "--apply", "--unsafe", str(root)]) == 1
    output = capsys.readouterr()
    assert output.out == ""
    assert (
        "RG101 no guard to copy in this project: add dependencies=[Depends(...)] on the route" in output.err
    )
    assert sources(root) == before
