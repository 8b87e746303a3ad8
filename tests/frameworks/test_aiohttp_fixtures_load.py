"""The aiohttp fixtures are real aiohttp + aiohttp_security code: every module
imports, its create_app() builds the application (sub-applications included)
with the expected routes, and through aiohttp's own test client (a test server
on the loopback interface, started and stopped per module): anonymous callers
are refused by every handler whose `access:` marker is not `public`; a
signed-in caller holding no permission passes every `authenticated` handler
and is refused (403) by every `authorized` one."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import re
import sys
import time
import types
from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "aiohttp"

pytest.importorskip("aiohttp")
pytest.importorskip("aiohttp_security")
pytest.importorskip("aiohttp_session")
pytest.importorskip("aiosqlite")
pytest.importorskip("sqlalchemy")
pytest.importorskip("greenlet")
jwt = pytest.importorskip("jwt")

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from asgi_fixture_support import access_markers, def_line

# aiohttp 3.14 recommends web.RequestKey over the string keys (request["user"]) that most
# aiohttp code, aiohttp_session included, still uses; the fixtures' JWT secret is short on
# purpose (it is not a real key).
pytestmark = [
    pytest.mark.filterwarnings("ignore:It is recommended to use web.RequestKey instances for keys"),
    pytest.mark.filterwarnings("ignore:The HMAC key is .* bytes long"),
]

EXPECTED_PATHS = {
    "crm_routes": {
        "/",
        "/products",
        "/customers",
        "/customers/{customer_id}",
        "/stats",
        "/newsletter",
        "/organizations/export",
        "/customers/all",
        "/my/customers",
        "/usage/per-customer",
        "/usage/searches",
        "/usage/api-calls",
        "/organizations",
        "/organizations/usage",
        "/subscriptions",
        "/my/subscriptions",
    },
    "subapps_middlewares": {
        "/health",
        "/articles",
        "/organizations",
        "/stats",
        "/usage/mine",
        "/usage/organizations",
        "/portal/customers",
        "/portal/customers/mine",
        "/portal/searches",
        "/portal/searches/mine",
        "/admin/customers",
        "/admin/usage",
        "/admin/organizations",
    },
    "ops_app_wide_middleware": {
        "/whoami",
        "/customers",
        "/searches",
        "/organizations",
        "/api-calls",
        "/my/customers",
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


def handlers(app: web.Application):
    """(path, method, handler) for every route, sub-applications included;
    class-based views give one entry per verb method they define."""
    for resource in app.router.resources():
        if isinstance(resource, web.PrefixedSubAppResource):
            yield from handlers(resource._app)
            continue
        for route in resource:
            if route.method == "HEAD":
                continue
            if inspect.isclass(route.handler) and issubclass(route.handler, web.View):
                for verb in HTTP_VERBS:
                    if verb in vars(route.handler) and route.method in ("*", verb.upper()):
                        yield resource.canonical, verb.upper(), vars(route.handler)[verb]
            else:
                yield resource.canonical, route.method, route.handler


def plain_caller(module: str, fixture: types.ModuleType) -> dict:
    """Request options that sign in a caller holding no permission at all."""
    if module == "crm_routes":
        fixture.USERS["plain"] = {"permissions": set()}
        return {"cookies": {"AIOHTTP_SECURITY": "plain"}}
    if module == "subapps_middlewares":
        fixture.ACCOUNTS["plain"] = {"organization_id": 1, "permissions": set()}
        token = jwt.encode({"login": "plain"}, "change-me", algorithm="HS256")
        return {"headers": {"Authorization": f"Bearer {token}"}}
    fixture.OPERATORS["plain"] = {"organization_id": 1, "permissions": set()}
    session = {"session": {"AIOHTTP_SECURITY": "plain"}, "created": int(time.time())}
    return {"cookies": {"AIOHTTP_SESSION": json.dumps(session)}}


@pytest.mark.parametrize("module", sorted(EXPECTED_PATHS))
def test_module_imports_and_registers_routes(module: str) -> None:
    app = load_fixture(module).create_app()
    assert {path for path, _method, _handler in handlers(app)} == EXPECTED_PATHS[module]


def test_every_fixture_module_is_checked() -> None:
    on_disk = {p.stem for p in FIXTURES_DIR.glob("*.py")} - {"models", "__init__"}
    assert on_disk == set(EXPECTED_PATHS)


@pytest.mark.parametrize("module", sorted(EXPECTED_PATHS))
def test_callers_match_access_markers(module: str) -> None:
    fixture = load_fixture(module)
    markers = access_markers(FIXTURES_DIR / f"{module}.py")
    signed_in = plain_caller(module, fixture)
    results = []

    async def run() -> None:
        app = fixture.create_app()
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            for path, method, handler in handlers(app):
                url = re.sub(r"\{[^}]+\}", "1", path)
                body = {"json": {"customer_id": 1, "plan": "pro"}} if method == "POST" else {}
                async with client.request(method, url, **body) as response:
                    anonymous = response.status
                client.session.cookie_jar.clear()
                async with client.request(method, url, **body, **signed_in) as response:
                    plain = response.status
                client.session.cookie_jar.clear()
                results.append((path, method, handler, anonymous, plain))

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
            assert (plain == 403) if level == "authorized" else (plain in reached), where
    assert len(results) == len(markers)
