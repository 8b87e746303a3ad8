"""The Litestar fixtures are real Litestar code: every module imports, its app
builds, its route table holds the expected paths, and through Litestar's own
TestClient (no server): anonymous callers are refused by every handler whose
`access:` marker is not `public`; a signed-in caller with no role, staff flag
or scope passes every `authenticated` handler and is refused (403) by every
`authorized` one."""

from __future__ import annotations

import importlib
import inspect
import re
import sys
import types
from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "litestar"

pytest.importorskip("litestar")
pytest.importorskip("sqlalchemy")
pytest.importorskip("aiosqlite")
pytest.importorskip("greenlet")
pytest.importorskip("jwt")

from asgi_fixture_support import access_markers, def_line
from litestar.testing import TestClient

# crm_controllers and routers_and_guards are written in the inferred parameter style most
# Litestar 2 code uses (deprecated since 2.23, still supported); support_console in the
# explicit one. The fixtures' JWT secret is short on purpose (it is not a real key).
pytestmark = [
    pytest.mark.filterwarnings("ignore:.*will stop working in Litestar 3.0"),
    pytest.mark.filterwarnings("ignore:.*declared using deprecated inferred style"),
    pytest.mark.filterwarnings("ignore:The HMAC key is .* bytes long"),
]

EXPECTED_PATHS = {
    "crm_controllers": {
        "/login",
        "/health",
        "/public/plans",
        "/public/accounts",
        "/stats",
        "/accounts/leaderboard",
        "/me/usage",
        "/logins/per-account",
        "/billing/summary",
        "/subscribers/recent",
        "/subscribers",
        "/subscribers/mine",
        "/subscribers/{subscriber_id:int}",
        "/subscribers/export",
        "/admin/usage/accounts",
        "/admin/usage/subscribers",
    },
    "routers_and_guards": {
        "/catalogue/plans",
        "/catalogue/announcements",
        "/catalogue/references",
        "/catalogue/popularity",
        "/portal/subscribers",
        "/portal/subscribers/mine",
        "/portal/logins",
        "/portal/logins/mine",
        "/portal/accounts",
        "/portal/accounts/usage",
        "/portal/directory",
        "/portal/directory/export",
        "/portal/directory/{account_id:int}",
        "/staff/reports/usage",
        "/staff/subscribers",
        "/staff/subscribers/count",
    },
    "support_console": {
        "/accounts",
        "/accounts/{account_id:int}/subscribers",
        "/logins/daily",
        "/me",
        "/billing/usage",
        "/billing/subscribers/count",
    },
}


def load_fixture(module: str) -> types.ModuleType:
    """Import FIXTURES_DIR/<module>.py as a submodule of a synthetic package, so its
    relative imports work and the directory name never shadows the real framework."""
    package = "_rg_fixtures_" + FIXTURES_DIR.name
    if package not in sys.modules:
        pkg = types.ModuleType(package)
        pkg.__path__ = [str(FIXTURES_DIR)]
        sys.modules[package] = pkg
    return importlib.import_module(f"{package}.{module}")


def handlers(fixture: types.ModuleType):
    """(method, path, handler function) for the fixture's own route handlers."""
    for route in fixture.app.routes:
        for handler in getattr(route, "route_handlers", ()):
            function = inspect.unwrap(handler.fn)
            if function.__module__ != fixture.__name__:
                continue  # OPTIONS and OpenAPI handlers added by Litestar
            for method in sorted(handler.http_methods):
                yield method, route.path, function


def plain_user_credentials(module: str, fixture: types.ModuleType) -> dict:
    """Request options that sign in a caller with no role, staff flag or scope."""
    user = fixture.User(id=1, email="plain@example.com", account_id=1)
    if module == "crm_controllers":
        fixture.USERS[user.email] = user
        token = fixture.jwt_auth.create_token(identifier=user.email)
        return {"headers": {"Authorization": f"Bearer {token}"}}
    if module == "routers_and_guards":
        fixture.API_KEYS["plain-key"] = user
        return {"headers": {"X-API-Key": "plain-key"}}
    fixture.SESSIONS["plain-session"] = user
    return {"cookies": {"support_session": "plain-session"}}


@pytest.mark.parametrize("module", sorted(EXPECTED_PATHS))
def test_module_imports_and_registers_routes(module: str) -> None:
    fixture = load_fixture(module)
    assert {path for _method, path, _fn in handlers(fixture)} == EXPECTED_PATHS[module]


def test_every_fixture_module_is_checked() -> None:
    on_disk = {p.stem for p in FIXTURES_DIR.glob("*.py")} - {"models", "__init__"}
    assert on_disk == set(EXPECTED_PATHS)


@pytest.mark.parametrize("module", sorted(EXPECTED_PATHS))
def test_callers_match_access_markers(module: str) -> None:
    fixture = load_fixture(module)
    markers = access_markers(FIXTURES_DIR / f"{module}.py")
    signed_in = plain_user_credentials(module, fixture)
    checked = 0
    with TestClient(fixture.app, raise_server_exceptions=False) as client:
        for method, path, function in handlers(fixture):
            level = markers.get(def_line(function))
            assert level is not None, f"{module}: no access marker for {function.__qualname__}"
            url = re.sub(r"\{[^}]+\}", "1", path)
            body = {"json": {"email": "plain@example.com"}} if method in ("POST", "PUT", "PATCH") else {}
            anonymous = client.request(method, url, **body).status_code
            client.cookies.clear()
            client.cookies.update(signed_in.get("cookies", {}))
            plain = client.request(method, url, **body, headers=signed_in.get("headers", {})).status_code
            client.cookies.clear()
            where = f"{module}: {method} {path} ({function.__qualname__}, {level}) -> anonymous {anonymous}, plain user {plain}"
            reached = (200, 201, 500)  # data, or the missing tables of the empty in-memory database
            if level == "public":
                assert anonymous in reached, where
            else:
                assert anonymous in (401, 403), where
                assert (plain == 403) if level == "authorized" else (plain in reached), where
            checked += 1
    assert checked == len(markers)
