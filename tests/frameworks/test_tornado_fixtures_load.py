"""The Tornado fixtures are real Tornado code: each module imports, its
Application routes every expected path to the expected RequestHandler
(Application.find_handler, no server), and Tornado itself refuses exactly
the requests the `access:` markers say it should. The behaviour probe runs
the application on an HTTPServer bound to 127.0.0.1 for the duration of the test."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
FRAMEWORK_DIR = FIXTURES_DIR / "tornado"

tornado = pytest.importorskip("tornado")
pytest.importorskip("sqlalchemy")
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool
from tornado.httpclient import AsyncHTTPClient
from tornado.httpserver import HTTPServer
from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine
from tornado.testing import bind_unused_port
from tornado.web import create_signed_value
from wsgi_fixture_support import expected_outcome, import_fixture, mismatches, outcome

# module -> {path: (handler class, access level of its GET)}
ROUTES = {
    "crm_handlers": {
        "/status": ("StatusHandler", "public"),
        "/countries": ("CountryListHandler", "public"),
        "/customers/directory": ("CustomerDirectoryHandler", "public"),
        "/customers": ("CustomerListHandler", "authenticated"),
        "/customers/mine": ("MyCustomersHandler", "authenticated"),
        "/customers/1": ("CustomerDetailHandler", "authenticated"),
        "/customers/export.csv": ("CustomerExportHandler", "authenticated"),
        "/usage/api-calls": ("UsageStatsHandler", "authenticated"),
        "/usage/searches": ("SearchCounterHandler", "public"),
        "/admin/usage": ("AdminUsageHandler", "authorized"),
        "/admin/customers": ("AdminCustomerHandler", "authorized"),
    },
    "tenant_api_handlers": {
        "/api/plans": ("PlanListHandler", "public"),
        "/api/tenants/acme": ("TenantLookupHandler", "public"),
        "/api/stats/signups": ("SignupStatsHandler", "public"),
        "/api/tenants": ("TenantAccountsHandler", "authenticated"),
        "/api/invoices/totals": ("InvoiceTotalsHandler", "authenticated"),
        "/api/me/invoices/totals": ("OwnInvoiceTotalsHandler", "authenticated"),
        "/api/me/customers": ("OwnCustomersHandler", "authenticated"),
        "/staff/customers": ("StaffCustomerHandler", "authorized"),
        "/staff/invoices/stats": ("StaffInvoiceStatsHandler", "authorized"),
        "/feed/subscribers": ("SubscriberFeedHandler", "authenticated"),
        "/feed/subscribers/count": ("SubscriberCountHandler", "authenticated"),
    },
}

COOKIE_SECRET = "change-me"


@pytest.fixture(scope="module")
def models():
    models = import_fixture(FRAMEWORK_DIR, "models")
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    models.Base.metadata.create_all(engine)
    models.SessionLocal.configure(bind=engine)
    with models.SessionLocal() as session:
        session.add(models.Tenant(id=1, slug="acme", name="Acme"))
        session.add(models.User(id=1, email="member@example.com", api_token="member-token", tenant_id=1))
        session.add(models.Customer(id=1, tenant_id=1, name="One", email="one@example.com"))
        session.commit()
    return models


@pytest.fixture(scope="module")
def template_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("templates")
    for name in ("customers/directory.html", "admin/usage.html"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("ok")
    return root


def _application(module_name, template_dir):
    module = import_fixture(FRAMEWORK_DIR, module_name)
    if module_name == "crm_handlers":
        return module.make_app(cookie_secret=COOKIE_SECRET, template_path=str(template_dir))
    return module.application


@pytest.mark.parametrize("module_name", sorted(ROUTES))
def test_paths_route_to_expected_handlers(models, template_dir, module_name):
    app = _application(module_name, template_dir)
    for path, (handler_name, _level) in ROUTES[module_name].items():
        request = HTTPServerRequest(
            start_line=RequestStartLine("GET", path, "HTTP/1.1"), headers=HTTPHeaders({"Host": "localhost"})
        )
        delegate = app.find_handler(request)
        assert delegate.handler_class.__name__ == handler_name, path


def _member_headers(module_name):
    if module_name == "crm_handlers":
        cookie = create_signed_value(COOKIE_SECRET, "user_id", "1").decode()
        return {"Cookie": f"user_id={cookie}"}
    session = create_signed_value(COOKIE_SECRET, "session", "member").decode()
    return {"Authorization": "Bearer member-token", "Cookie": f"session={session}"}


async def _fetch_all(app, paths, headers):
    sock, port = bind_unused_port()
    server = HTTPServer(app)
    server.add_sockets([sock])
    client = AsyncHTTPClient(force_instance=True)
    results = {}
    try:
        for path in paths:
            response = await client.fetch(
                f"http://127.0.0.1:{port}{path}",
                headers=headers,
                raise_error=False,
                follow_redirects=False,
                request_timeout=10,
            )
            results[path] = outcome(response.code, response.headers.get("Location", ""))
    finally:
        client.close()
        server.stop()
        await server.close_all_connections()
    return results


@pytest.mark.parametrize("module_name", sorted(ROUTES))
@pytest.mark.parametrize("caller", ["anonymous", "member"])
def test_access_levels_match_tornado_behaviour(models, template_dir, module_name, caller):
    app = _application(module_name, template_dir)
    headers = {} if caller == "anonymous" else _member_headers(module_name)
    observed = asyncio.run(_fetch_all(app, ROUTES[module_name], headers))
    expected = {path: expected_outcome(level, caller) for path, (_, level) in ROUTES[module_name].items()}
    assert not mismatches(observed, expected), mismatches(observed, expected)
