"""The Starlette fixtures are real Starlette code: every module imports, its app
builds, its route table holds the expected paths, and (through Starlette's own
TestClient, no server) anonymous callers are refused by every endpoint whose
`access:` marker is not `public` and let through by every `public` one."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
import sys
import types
import warnings
from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "starlette"

pytest.importorskip("starlette")
pytest.importorskip("sqlalchemy")
pytest.importorskip("aiosqlite")
if importlib.util.find_spec("httpx2") is None:  # the test client needs httpx2, or httpx before it
    pytest.importorskip("httpx")
pytest.importorskip("jinja2")

from asgi_fixture_support import access_markers
from starlette.endpoints import HTTPEndpoint
from starlette.routing import Mount, Route

with warnings.catch_warnings():
    # Starlette >= 1.10 asks for httpx2 and warns when its test client falls back to httpx.
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient` is deprecated")
    from starlette.testclient import TestClient

EXPECTED_PATHS = {
    "crm_route_tables": {
        "/",
        "/login",
        "/plans",
        "/customers",
        "/customers/{customer_id:int}",
        "/stats",
        "/newsletter",
        "/api/customers/export",
        "/api/usage/tenants",
        "/api/usage/searches",
        "/api/usage/searches/mine",
        "/api/tenants/leaderboard",
        "/api/plans",
        "/api/v2/customers",
        "/api/v2/customers/mine",
        "/api/v2/tenants",
    },
    "mounted_admin_middleware": {
        "/admin/customers",
        "/admin/revenue",
        "/portal/customers",
        "/portal/customers/mine",
        "/portal/searches",
        "/reports/usage",
        "/reports/usage/summary",
        "/tenants",
        "/tenants/directory",
        "/invoices/total",
        "/partners/accounts",
        "/partners/articles",
        "/partners/articles/count",
    },
    "portal_app_wide_login": {
        "/me",
        "/customers",
        "/customers/all",
        "/customers/count",
        "/usage",
        "/billing/tenants",
        "/users.csv",
    },
}
HTTP_VERBS = ("get", "post", "put", "patch", "delete")


def load_fixture(module: str) -> types.ModuleType:
    """Import FIXTURES_DIR/<module>.py as a submodule of a synthetic package, so its
    relative imports (`from .models import ...`) work and the directory name never
    shadows the real framework package."""
    package = "_rg_fixtures_" + FIXTURES_DIR.name
    if package not in sys.modules:
        pkg = types.ModuleType(package)
        pkg.__path__ = [str(FIXTURES_DIR)]
        sys.modules[package] = pkg
    return importlib.import_module(f"{package}.{module}")


def def_line(function) -> int:
    """Line of the `def` of a (possibly functools.wraps-decorated) handler."""
    function = inspect.unwrap(function)
    lines, start = inspect.getsourcelines(function)
    for offset, text in enumerate(lines):
        if re.match(r"\s*(async\s+)?def\s", text):
            return start + offset
    raise AssertionError(f"no def line for {function!r}")


def flatten(routes, prefix=""):
    for route in routes:
        if isinstance(route, Mount):
            yield from flatten(route.routes, prefix + route.path)
        elif isinstance(route, Route):
            yield prefix + route.path, route


def handlers(route: Route):
    """(HTTP method, handler callable) pairs behind one Route."""
    endpoint = route.endpoint
    if inspect.isclass(endpoint) and issubclass(endpoint, HTTPEndpoint):
        for verb in HTTP_VERBS:
            if verb in vars(endpoint):
                yield verb.upper(), vars(endpoint)[verb]
    else:
        methods = sorted(route.methods or {"GET"})
        yield ("GET" if "GET" in methods else methods[0]), endpoint


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.mark.parametrize("module", sorted(EXPECTED_PATHS))
def test_module_imports_and_registers_routes(module: str) -> None:
    app = load_fixture(module).app
    paths = {path for path, _ in flatten(app.routes)}
    assert paths == EXPECTED_PATHS[module]


def test_every_fixture_module_is_checked() -> None:
    on_disk = {p.stem for p in FIXTURES_DIR.glob("*.py")} - {"models", "__init__"}
    assert on_disk == set(EXPECTED_PATHS)


@pytest.mark.parametrize("module", sorted(EXPECTED_PATHS))
def test_anonymous_callers_match_access_markers(module: str) -> None:
    fixture = load_fixture(module)
    markers = access_markers(FIXTURES_DIR / f"{module}.py")
    checked = 0
    with TestClient(fixture.app, raise_server_exceptions=False, follow_redirects=False) as client:
        for path, route in flatten(fixture.app.routes):
            for method, handler in handlers(route):
                level = markers.get(def_line(handler))
                assert level is not None, f"{module}: no access marker for {handler.__qualname__}"
                response = client.request(method, concrete(path))
                status = response.status_code
                where = f"{module}: {method} {path} ({handler.__qualname__}, {level}) -> {status}"
                if level == "public":
                    # reached the handler: a page, or the missing tables of the empty in-memory database
                    assert status in (200, 500), where
                else:
                    assert status in (401, 403) or response.is_redirect, where
                checked += 1
        # close the pooled aiosqlite connections on the loop that opened them
        client.portal.call(load_fixture("models").engine.dispose)
    assert checked == len(markers)
