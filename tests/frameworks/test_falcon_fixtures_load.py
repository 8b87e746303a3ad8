"""The Falcon fixtures are real Falcon code: each module imports, its App routes
the expected URI templates (and suffixes) to resources, and Falcon itself
refuses exactly the requests the `access:` markers say it should."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
FRAMEWORK_DIR = FIXTURES_DIR / "falcon"

pytest.importorskip("falcon")
pytest.importorskip("sqlalchemy")
pytest.importorskip("aiosqlite")
pytest.importorskip("greenlet")
import falcon.testing
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import StaticPool
from wsgi_fixture_support import expected_outcome, import_fixture, mismatches, outcome

# path -> (responder expected there, access level of that responder)
WSGI_ROUTES = {
    "/health": ("HealthResource.on_get", "public"),
    "/products": ("ProductCatalogResource.on_get", "public"),
    "/clients": ("ClientCollectionResource.on_get", "public"),
    "/clients/1": ("ClientItemResource.on_get", "authenticated"),
    "/directory/clients": ("ClientDirectoryResource.on_get", "authenticated"),
    "/directory/clients/mine": ("ClientDirectoryResource.on_get_mine", "authenticated"),
    "/directory/clients/count": ("ClientDirectoryResource.on_get_count", "authenticated"),
    "/stats/requests": ("RequestStatsResource.on_get", "authenticated"),
    "/stats/orders": ("OrderTotalsResource.on_get", "public"),
    "/admin/clients": ("AdminClientResource.on_get", "authorized"),
    "/admin/clients/usage": ("AdminClientResource.on_get_usage", "authorized"),
    "/reports/orders": ("StaffOrderReportResource.on_get", "authorized"),
    "/exports/clients.csv": ("ClientExportResource.on_get", "public"),
}

ASGI_ROUTES = {
    "/status": ("StatusResource.on_get", "public"),
    "/workspaces": ("WorkspaceShowcaseResource.on_get", "public"),
    "/stats/orders": ("PublicOrderCounterResource.on_get", "public"),
    "/clients": ("ClientListResource.on_get", "authenticated"),
    "/clients/mine": ("OwnClientListResource.on_get", "authenticated"),
    "/usage/requests": ("RequestCountsResource.on_get", "authenticated"),
    "/usage/requests/mine": ("RequestCountsResource.on_get_mine", "authenticated"),
    "/staff/orders/totals": ("StaffOrderTotalsResource.on_get", "authorized"),
    "/staff/clients": ("StaffClientResource.on_get", "authorized"),
}


@pytest.fixture(scope="module")
def models():
    models = import_fixture(FRAMEWORK_DIR, "models")
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    models.Base.metadata.create_all(engine)
    models.SessionLocal.configure(bind=engine)
    with models.SessionLocal() as session:
        session.add(models.Workspace(id=1, name="Acme"))
        session.add(models.User(id=1, email="member@example.com", token="member-token", workspace_id=1))
        session.add(models.Client(id=1, workspace_id=1, name="Client One", email="one@example.com"))
        session.commit()

    async_engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)

    async def create_schema():
        async with async_engine.begin() as conn:
            await conn.run_sync(models.Base.metadata.create_all)
        async with models.AsyncSessionLocal(bind=async_engine) as session:
            session.add(models.Workspace(id=1, name="Acme"))
            session.add(models.User(id=1, email="member@example.com", token="member-token", workspace_id=1))
            await session.commit()

    asyncio.run(create_schema())
    models.AsyncSessionLocal.configure(bind=async_engine)
    return models


def _route_table(app, routes):
    found = {}
    for path in routes:
        match = app._router.find(path)
        assert match is not None, f"{path} is not routed"
        resource, method_map, _params, _template = match
        responder = method_map["GET"]
        found[path] = f"{type(resource).__name__}.{getattr(responder, '__name__', '?')}"
    return found


def _probe(app, routes, caller_headers):
    client = falcon.testing.TestClient(app)
    observed = {}
    for path in routes:
        result = client.simulate_get(path, headers=caller_headers)
        observed[path] = outcome(result.status_code, result.headers.get("location", ""))
    return observed


@pytest.mark.parametrize(
    ("module", "routes"),
    [("resources_hooks", WSGI_ROUTES), ("asgi_workspace_api", ASGI_ROUTES)],
)
def test_routes_are_registered(models, module, routes):
    app = import_fixture(FRAMEWORK_DIR, module).app
    assert _route_table(app, routes) == {path: responder for path, (responder, _) in routes.items()}


@pytest.mark.parametrize(
    ("module", "routes", "token_scheme"),
    [("resources_hooks", WSGI_ROUTES, "Bearer"), ("asgi_workspace_api", ASGI_ROUTES, "Token")],
)
@pytest.mark.parametrize("caller", ["anonymous", "member"])
def test_access_levels_match_falcon_behaviour(models, module, routes, token_scheme, caller):
    app = import_fixture(FRAMEWORK_DIR, module).app
    headers = {} if caller == "anonymous" else {"Authorization": f"{token_scheme} member-token"}
    observed = _probe(app, routes, headers)
    expected = {path: expected_outcome(level, caller) for path, (_, level) in routes.items()}
    assert not mismatches(observed, expected), mismatches(observed, expected)
