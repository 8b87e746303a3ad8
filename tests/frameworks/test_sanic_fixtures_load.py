"""The Sanic fixtures are real Sanic (and sanic-jwt) code: every module
imports, its app registers the expected routes (blueprints, blueprint groups,
add_route and attach= views included), and through Sanic's ASGI test client
(no server): anonymous callers are refused by every handler whose `access:`
marker is not `public`; a signed-in caller holding no scope passes every
`authenticated` handler and is refused (401/403) by every `authorized` one."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import re
import sys
import types
from pathlib import Path

import pytest
from asgi_fixture_support import access_markers, def_line

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "sanic"

pytest.importorskip("sanic")
pytest.importorskip("sanic_testing")
pytest.importorskip("sanic_jwt")
pytest.importorskip("sqlalchemy")
pytest.importorskip("aiosqlite")
pytest.importorskip("greenlet")

EXPECTED_PATHS = {
    "crm_blueprints": {
        "/",
        "/products",
        "/resellers",
        "/resellers/<reseller_id:int>",
        "/lookups/total",
        "/customers/export",
        "/customers",
        "/customers/mine",
        "/lookups/per-reseller",
        "/payments/per-reseller",
        "/payments/total",
        "/payments/mine",
        "/pages",
        "/resellers/emails",
        "/api/resellers",
        "/admin/customers",
        "/admin/lookups",
        "/reseller/leaderboard",
        "/reseller/lookups",
    },
    "internal_app_middleware": {
        "/customers",
        "/lookups/per-customer",
        "/my/customers",
        "/resellers",
        "/payments/per-reseller",
    },
    "sanic_jwt_api": {
        "/status",
        "/pages",
        "/resellers",
        "/customers",
        "/customers/mine",
        "/lookups/by-reseller",
        "/payments/count",
        "/lookups/stats",
        "/admin/resellers",
        "/partners/customers",
        "/partners/customers/mine",
        "/partners/stats/payments",
        "/partners/stats/payments/all-resellers",
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
    # sanic-jwt's Initialize() calls asyncio.get_event_loop() at import time, which
    # raises once an earlier asyncio.run() in this process has cleared the loop
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return importlib.import_module(f"{package}.{module}")
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def handlers(fixture: types.ModuleType):
    """(path, method, handler) for the fixture's own routes; HTTPMethodView
    classes give their verb methods."""
    for route in fixture.app.router.routes:
        view_class = getattr(route.handler, "view_class", None)
        if view_class is not None:
            if view_class.__module__ != fixture.__name__:
                continue  # sanic-jwt's own /auth endpoints
            for verb in HTTP_VERBS:
                if verb in vars(view_class) and verb.upper() in route.methods:
                    yield route.uri, verb.upper(), vars(view_class)[verb]
        elif inspect.unwrap(route.handler).__module__ == fixture.__name__:
            for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
                yield route.uri, method, route.handler


async def plain_caller_headers(module: str, fixture: types.ModuleType) -> dict:
    """Headers that sign in a caller holding no scope beyond the default one."""
    if module == "crm_blueprints":
        fixture.TOKENS["plain"] = fixture.Caller(id=1, reseller_id=1)
        return {"Authorization": "Bearer plain"}
    if module == "internal_app_middleware":
        fixture.STAFF_TOKENS["plain"] = {"name": "plain", "reseller_id": 1, "roles": set()}
        return {"Authorization": "Bearer plain"}
    user = {"user_id": 1, "reseller_id": 1, "scopes": ["user"], "password": "x"}
    fixture.ACCOUNTS_BY_ID[1] = user
    token = await fixture.app.ctx.auth.generate_access_token(user)
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("module", sorted(EXPECTED_PATHS))
def test_module_imports_and_registers_routes(module: str) -> None:
    fixture = load_fixture(module)
    assert {path for path, _method, _handler in handlers(fixture)} == EXPECTED_PATHS[module]


def test_every_fixture_module_is_checked() -> None:
    on_disk = {p.stem for p in FIXTURES_DIR.glob("*.py")} - {"models", "__init__"}
    assert on_disk == set(EXPECTED_PATHS)


@pytest.mark.parametrize("module", sorted(EXPECTED_PATHS))
def test_callers_match_access_markers(module: str) -> None:
    fixture = load_fixture(module)
    markers = access_markers(FIXTURES_DIR / f"{module}.py")
    results = []

    async def run() -> None:
        signed_in = await plain_caller_headers(module, fixture)
        client = fixture.app.asgi_client
        for path, method, handler in handlers(fixture):
            url = re.sub(r"<[^>]+>", "1", path)
            body = {"json": {"name": "n", "email": "e@example.com"}} if method == "POST" else {}
            _, anonymous = await client.request(method.lower(), url, **body)
            _, plain = await client.request(method.lower(), url, headers=signed_in, **body)
            results.append((path, method, handler, anonymous.status, plain.status))

    asyncio.run(run())
    reached = (200, 201, 500)  # data, or the missing tables of the empty in-memory database
    for path, method, handler, anonymous, plain in results:
        level = markers.get(def_line(handler))
        where = f"{module}: {method} {path} ({handler.__qualname__}, {level}) -> anonymous {anonymous}, plain {plain}"
        assert level is not None, where
        if level == "public":
            assert anonymous in reached, where
        else:
            assert anonymous in (401, 403), where
            # sanic-jwt answers a missing scope with 401, the project decorators with 403
            assert (plain in (401, 403)) if level == "authorized" else (plain in reached), where
    assert len(results) == len(markers)
