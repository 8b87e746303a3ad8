"""The Quart fixtures are real Quart + quart_auth code: every module imports,
its app builds, its URL map holds the expected rules, and through Quart's own
test client (no server) anonymous callers are refused by every view whose
`access:` marker is not `public` and let through by every `public` one."""

from __future__ import annotations

import asyncio
import importlib
import re
import sys
import types
from pathlib import Path

import pytest
from asgi_fixture_support import access_markers, def_line

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "quart"

pytest.importorskip("quart")
pytest.importorskip("quart_auth")
pytest.importorskip("sqlalchemy")
pytest.importorskip("aiosqlite")
pytest.importorskip("greenlet")

EXPECTED_RULES = {
    "agency_routes": {
        "/",
        "/products",
        "/clients",
        "/clients/<int:client_id>",
        "/companies",
        "/companies/all",
        "/searches/volume",
        "/searches/mine",
        "/searches/by-company",
        "/invoices/totals",
        "/exports/clients.csv",
        "/announcements",
        "/clients/emails.txt",
        "/dashboard/clients",
        "/dashboard/clients/everyone",
        "/dashboard/invoices",
        "/admin/clients",
        "/admin/searches",
    },
    "class_views": {
        "/sign-in",
        "/api/clients",
        "/api/clients/mine",
        "/api/companies",
        "/api/searches/stats",
        "/api/invoices/stats",
        "/api/products",
        "/reports/companies",
        "/reports/leaderboard",
    },
}
HTTP_VERBS = ("get", "post", "put", "patch", "delete")


def load_fixture(module: str) -> types.ModuleType:
    """Import FIXTURES_DIR/<module>.py as a submodule of a synthetic package, so its
    relative imports work and the directory name never shadows the real framework."""
    package = "_rg_fixtures_" + FIXTURES_DIR.name
    if package not in sys.modules:
        pkg = types.ModuleType(package)
        pkg.__path__ = [str(FIXTURES_DIR)]
        sys.modules[package] = pkg
    return importlib.import_module(f"{package}.{module}")


def views(app):
    """(rule, method, handler) for every rule; class views give their verb methods."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        if view_class is None:
            yield rule.rule, "GET" if "GET" in rule.methods else min(rule.methods), view
        elif "dispatch_request" in vars(view_class):
            yield rule.rule, min(rule.methods - {"HEAD", "OPTIONS"}), view_class.dispatch_request
        else:
            for verb in HTTP_VERBS:
                if verb in vars(view_class):
                    yield rule.rule, verb.upper(), vars(view_class)[verb]


@pytest.mark.parametrize("module", sorted(EXPECTED_RULES))
def test_module_imports_and_registers_rules(module: str) -> None:
    app = load_fixture(module).app
    rules = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert rules == EXPECTED_RULES[module]


def test_every_fixture_module_is_checked() -> None:
    on_disk = {p.stem for p in FIXTURES_DIR.glob("*.py")} - {"models", "__init__"}
    assert on_disk == set(EXPECTED_RULES)


@pytest.mark.parametrize("module", sorted(EXPECTED_RULES))
def test_anonymous_callers_match_access_markers(module: str) -> None:
    fixture = load_fixture(module)
    markers = access_markers(FIXTURES_DIR / f"{module}.py")
    results = []

    async def run() -> None:
        client = fixture.app.test_client()
        for rule, method, handler in views(fixture.app):
            url = re.sub(r"<[^>]+>", "1", rule)
            response = await client.open(url, method=method, json={} if method != "GET" else None)
            results.append((rule, method, handler, response.status_code))

    asyncio.run(run())
    for rule, method, handler, status in results:
        level = markers.get(def_line(handler))
        where = f"{module}: {method} {rule} ({handler.__qualname__}, {level}) -> {status}"
        assert level is not None, where
        if level == "public":
            # reached the view: a page, or the missing tables/templates of this bare setup
            assert status in (200, 500), where
        else:
            assert status in (401, 403) or 300 <= status < 400, where
    assert len(results) == len(markers)
