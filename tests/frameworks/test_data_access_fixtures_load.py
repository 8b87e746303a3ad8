"""The data-access fixtures (Tortoise ORM in Starlette, motor in aiohttp,
PyMongo's asyncio client in Sanic) are real code: every module imports, its
app registers the expected routes, and through each framework's own test
client anonymous callers are refused by every handler whose `access:` marker
is not `public` and reach the data layer on every `public` one (which fails
with a 500 here: Tortoise is not initialised, and the MongoDB database objects
are replaced by a stand-in that fails at once). Where a caller can be signed in without a database, a caller
holding no permission passes `authenticated` handlers and is refused by
`authorized` ones."""

from __future__ import annotations

import asyncio
import importlib
import os
import re
import sys
import types
from pathlib import Path

import pytest
from asgi_fixture_support import access_markers, def_line

# Starlette >= 1.10 asks for httpx2 and warns when its test client falls back to httpx.
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient` is deprecated")

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "data_access"
# MongoDB clients are created at import; point them at a closed loopback port, failing fast
UNREACHABLE_MONGO = "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=100&connectTimeoutMS=100"

REQUIRES = {
    "tortoise_starlette": ("tortoise", "starlette", "httpx"),
    "motor_aiohttp": ("motor", "bson", "aiohttp", "aiohttp_security"),
    "pymongo_sanic": ("pymongo", "sanic", "sanic_testing"),
}
EXPECTED_PATHS = {
    "tortoise_starlette": {
        "/products",
        "/customers",
        "/customers/{customer_id:int}",
        "/customers/emails",
        "/searches/count",
        "/articles/count",
        "/tenants",
        "/me/customers",
        "/searches/per-tenant",
        "/me/searches/count",
        "/tenants/leaderboard",
        "/customers/recent",
        "/admin/tenants/usage",
        "/billing/api-time",
    },
    "motor_aiohttp": {
        "/products",
        "/customers",
        "/customers/{customer_id}",
        "/subscribers",
        "/stats/searches",
        "/stats/articles",
        "/customers/emails",
        "/me/customers",
        "/stats/searches/per-tenant",
        "/stats/api-calls",
        "/me/searches",
        "/reports/tenants",
        "/admin/subscribers.csv",
    },
    "pymongo_sanic": {
        "/status",
        "/accounts",
        "/lookups/per-account",
        "/accounts/all",
        "/lookups/total",
        "/me/lookups",
        "/admin/accounts",
        "/admin/payments",
    },
}
SAMPLE_PARAMS = {"customer_id": "5f43a1b2c3d4e5f6a7b8c9d0"}
REACHED = (200, 500)  # data, or the unavailable database behind it


def load_fixture(module: str) -> types.ModuleType:
    """Import FIXTURES_DIR/<module>.py as a submodule of a synthetic package, so its
    relative imports work and the directory name never shadows a real package."""
    for requirement in REQUIRES[module]:
        pytest.importorskip(requirement)
    package = "_rg_fixtures_" + FIXTURES_DIR.name
    if package not in sys.modules:
        pkg = types.ModuleType(package)
        pkg.__path__ = [str(FIXTURES_DIR)]
        sys.modules[package] = pkg
    saved = os.environ.get("MONGO_URL")
    os.environ["MONGO_URL"] = UNREACHABLE_MONGO
    try:
        return importlib.import_module(f"{package}.{module}")
    finally:
        if saved is None:
            del os.environ["MONGO_URL"]
        else:
            os.environ["MONGO_URL"] = saved


class UnavailableDatabase:
    """Stands in for a MongoDB database/collection: any call fails at once, the way
    an unreachable server would, without waiting out the driver's server selection."""

    def __getattr__(self, name):
        return self

    def __getitem__(self, name):
        return self

    def __call__(self, *args, **kwargs):
        raise ConnectionError("database unavailable in this test")


def concrete(path: str) -> str:
    def value(match: re.Match) -> str:
        name, _, converter = match.group(1).partition(":")
        return "1" if converter == "int" else SAMPLE_PARAMS.get(name, "1")

    return re.sub(r"[{<]([^}>]+)[}>]", value, path)


def routes_of(module: str, fixture: types.ModuleType):
    """(path, method, handler) for every route of the fixture's application."""
    if module == "tortoise_starlette":
        for route in fixture.app.routes:
            yield route.path, "GET", route.endpoint
    elif module == "motor_aiohttp":
        for resource in fixture.create_app().router.resources():
            for route in resource:
                if route.method != "HEAD":
                    yield resource.canonical, route.method, route.handler
    else:
        for route in fixture.app.router.routes:
            for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
                yield route.uri, method, route.handler


async def statuses(module: str, fixture: types.ModuleType, calls: list[tuple[str, str]]):
    """(anonymous status, plain-caller status or None) for each (method, url)."""
    results = []
    if module == "tortoise_starlette":
        from starlette.testclient import TestClient

        # no `with`: the lifespan that would initialise Tortoise does not run
        client = TestClient(fixture.app, raise_server_exceptions=False)
        for method, url in calls:
            results.append((client.request(method, url).status_code, None))
    elif module == "motor_aiohttp":
        from aiohttp.test_utils import TestClient, TestServer

        fixture.db = UnavailableDatabase()
        fixture.MEMBERS["plain"] = {"tenant_id": "t1", "permissions": set()}
        async with TestClient(TestServer(fixture.create_app(), host="127.0.0.1")) as client:
            for method, url in calls:
                async with client.request(method, url) as response:
                    anonymous = response.status
                async with client.request(method, url, cookies={"AIOHTTP_SECURITY": "plain"}) as response:
                    plain = response.status
                client.session.cookie_jar.clear()
                results.append((anonymous, plain))
    else:
        fixture.ledger = UnavailableDatabase()
        fixture.KEYS["plain"] = {"account_id": "a1", "scopes": set()}
        for method, url in calls:
            _, anonymous = await fixture.app.asgi_client.request(method.lower(), url)
            _, plain = await fixture.app.asgi_client.request(method.lower(), url, headers={"x-api-key": "plain"})
            results.append((anonymous.status, plain.status))
    return results


@pytest.mark.parametrize("module", sorted(EXPECTED_PATHS))
def test_module_imports_and_registers_routes(module: str) -> None:
    fixture = load_fixture(module)
    assert {path for path, _method, _handler in routes_of(module, fixture)} == EXPECTED_PATHS[module]


def test_every_fixture_module_is_checked() -> None:
    on_disk = {p.stem for p in FIXTURES_DIR.glob("*.py")} - {"models", "__init__"}
    assert on_disk == set(EXPECTED_PATHS)


def test_models_define_tortoise_models() -> None:
    pytest.importorskip("tortoise")
    from tortoise.models import Model

    models = load_fixture("tortoise_starlette").__dict__
    assert {name for name in ("Customer", "Tenant", "Search", "ApiCall") if issubclass(models[name], Model)} == {
        "Customer",
        "Tenant",
        "Search",
        "ApiCall",
    }


@pytest.mark.parametrize("module", sorted(EXPECTED_PATHS))
def test_callers_match_access_markers(module: str) -> None:
    fixture = load_fixture(module)
    markers = access_markers(FIXTURES_DIR / f"{module}.py")
    routes = list(routes_of(module, fixture))
    results = asyncio.run(statuses(module, fixture, [(method, concrete(path)) for path, method, _ in routes]))
    for (path, method, handler), (anonymous, plain) in zip(routes, results):
        level = markers.get(def_line(handler))
        where = f"{module}: {method} {path} ({handler.__qualname__}, {level}) -> anonymous {anonymous}, plain {plain}"
        assert level is not None, where
        if level == "public":
            assert anonymous in REACHED, where
            continue
        assert anonymous in (401, 403), where
        if plain is not None:
            assert (plain == 403) if level == "authorized" else (plain in REACHED), where
    assert len(routes) == len(markers)
