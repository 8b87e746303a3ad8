"""The data-access fixtures are real code: each module imports (Peewee,
Django raw SQL, DB-API cursors, SQLAlchemy text()), its framework registers
the expected routes, and, against small SQLite databases made here, the
framework refuses exactly the requests the `access:` markers say it should.
Endpoints that read the PostgreSQL databases (psycopg) are checked only where
the refusal happens before any connection; psycopg.connect is replaced by a
function that fails, so no test ever opens a network connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
FRAMEWORK_DIR = FIXTURES_DIR / "orm"
GRAPHQL_DIR = FIXTURES_DIR / "graphql"

from wsgi_fixture_support import (
    configure_django,
    expected_outcome,
    import_fixture,
    mismatches,
    outcome,
    wsgi_request,
)

PEEWEE_FLASK = {
    "/countries": "public",
    "/customers": "public",
    "/customers/1": "public",
    "/stats/searches": "public",
    "/stats/customers-by-plan": "public",
    "/admin/customers": "authorized",
    "/admin/tenants": "authorized",
    "/portal/customers": "authenticated",
    "/portal/customers/mine": "authenticated",
    "/portal/usage/requests": "authenticated",
    "/portal/usage/requests/mine": "authenticated",
    "/portal/tenants/mine": "authenticated",
}

DJANGO_RAW = {
    "/products/": "public",
    "/customers/search/?q=o": "public",
    "/stats/orders/": "public",
    "/customers/1/": "public",
    "/customers/export.csv": "authenticated",
    "/store/customers/": "authenticated",
    "/orders/totals/": "authenticated",
    "/orders/totals/mine/": "authenticated",
    "/reporting/customers/": "authenticated",
    "/reports/customers/": "authorized",
    "/reporting/orders/": "authorized",
    "/admin/customers/dump/": "authorized",
}

# (rule, access level, reads PostgreSQL after the access checks)
DBAPI_BOTTLE = {
    "/plans": ("public", False),
    "/subscribers": ("public", False),
    "/stats/lookups": ("public", False),
    "/subscribers/<subscriber_id:int>": ("public", False),
    "/customers": ("authenticated", False),
    "/customers/mine": ("authenticated", False),
    "/reports/payments": ("authenticated", True),
    "/reports/payments/mine": ("authenticated", True),
    "/warehouse/customers": ("public", False),
    "/admin/reports/accounts": ("authorized", True),
    "/admin/warehouse/usage": ("authorized", False),
}

TEXT_FLASK = {
    "/health": ("public", False),
    "/clients": ("public", False),
    "/stats/api-calls": ("public", False),
    "/clients/1": ("authenticated", False),
    "/clients/all": ("authenticated", False),
    "/clients/mine": ("authenticated", False),
    "/usage/api-calls": ("authenticated", False),
    "/usage/api-calls/mine": ("authenticated", False),
    "/billing/invoices/totals": ("authenticated", True),
    "/billing/clients": ("authorized", True),
    "/admin/usage": ("authorized", False),
}


@pytest.fixture(autouse=True)
def no_postgres(monkeypatch):
    try:
        import psycopg
    except ImportError:
        return

    def refuse(*args, **kwargs):
        raise RuntimeError("no PostgreSQL in the fixture tests")

    monkeypatch.setattr(psycopg, "connect", refuse)


def _probe_paths(routes, caller):
    """Paths to probe for this caller: skip member requests that would reach PostgreSQL."""
    return {
        path: value
        for path, value in routes.items()
        if not (caller == "member" and value[1] and value[0] != "authorized")
    }


# ---- Peewee in Flask ----------------------------------------------------------


@pytest.fixture(scope="module")
def peewee_app():
    pytest.importorskip("flask")
    pytest.importorskip("peewee")
    models = import_fixture(FRAMEWORK_DIR, "models")
    models.database.init(":memory:")
    models.database.create_tables(models.ALL_MODELS)
    tenant = models.Tenant.create(id=1, name="Acme")
    models.User.create(id=1, email="member@example.com", tenant=tenant)
    models.Customer.create(id=1, tenant=tenant, name="One", email="one@example.com")
    module = import_fixture(FRAMEWORK_DIR, "peewee_flask_app")
    module.app.config.update(TESTING=True)
    return module.app


def test_peewee_flask_rules_are_registered(peewee_app):
    adapter = peewee_app.url_map.bind("localhost")
    for path in PEEWEE_FLASK:
        endpoint, _ = adapter.match(path, method="GET")
        assert endpoint in peewee_app.view_functions


@pytest.mark.parametrize("caller", ["anonymous", "member"])
def test_peewee_flask_access_levels(peewee_app, caller):
    client = peewee_app.test_client()
    if caller == "member":
        with client.session_transaction() as session:
            session["user_id"] = 1
    observed = {path: outcome(client.get(path).status_code) for path in PEEWEE_FLASK}
    expected = {path: expected_outcome(level, caller) for path, level in PEEWEE_FLASK.items()}
    assert not mismatches(observed, expected), mismatches(observed, expected)


# ---- Django .raw(), cursors and text() ---------------------------------------


@pytest.fixture(scope="module")
def django_raw():
    pytest.importorskip("django")
    pytest.importorskip("sqlalchemy")
    configure_django(GRAPHQL_DIR, FRAMEWORK_DIR)
    import sys
    import types

    from django.contrib.auth.models import User
    from django.db import connections
    from django.urls import include, path
    from sqlalchemy import text

    models = import_fixture(FRAMEWORK_DIR, "django_models")
    module = import_fixture(FRAMEWORK_DIR, "django_raw_sql_views")
    for alias in ("default", "replica"):
        with connections[alias].schema_editor() as editor:
            for model in (models.Store, models.Customer, models.StaffProfile, models.Order, models.Product):
                editor.create_model(model)
    store = models.Store.objects.create(id=1, name="Main")
    models.Customer.objects.create(id=1, store=store, name="One", email="one@example.com")
    member = User.objects.create_user("shop-member")
    models.StaffProfile.objects.create(user=member, store=store)
    with module.reporting_engine.begin() as conn:
        conn.execute(text("CREATE TABLE shop_customer (id INTEGER PRIMARY KEY, name TEXT, email TEXT)"))
        conn.execute(text("CREATE TABLE shop_order (id INTEGER PRIMARY KEY, customer_id INTEGER, total_cents INTEGER)"))

    # the module's own urlpatterns, plus the admin login page that staff_member_required redirects to
    urls = types.ModuleType("rg_fixtures_orm_test_urls")
    urls.urlpatterns = module.urlpatterns + [
        path("admin/", include(([path("login/", lambda r: None, name="login")], "admin")))
    ]
    sys.modules[urls.__name__] = urls
    return module, urls, member


@pytest.mark.parametrize("caller", ["anonymous", "member"])
def test_django_raw_sql_access_levels(django_raw, caller):
    from django.test import Client, override_settings

    _module, urls, member = django_raw
    client = Client()
    if caller == "member":
        client.force_login(member)
    with override_settings(ROOT_URLCONF=urls.__name__):
        observed = {}
        for path in DJANGO_RAW:
            response = client.get(path)
            observed[path] = outcome(response.status_code, response.headers.get("Location", ""))
    expected = {path: expected_outcome(level, caller) for path, level in DJANGO_RAW.items()}
    assert not mismatches(observed, expected), mismatches(observed, expected)


def test_django_raw_sql_urlpatterns(django_raw):
    module, _urls, _member = django_raw
    from django.urls import URLResolver, get_resolver

    resolver: URLResolver = get_resolver(module.__name__)
    for path in DJANGO_RAW:
        match = resolver.resolve(path.split("?", 1)[0])
        assert match.func.__module__ == module.__name__, path


# ---- DB-API cursors and text() in Bottle --------------------------------------


@pytest.fixture(scope="module")
def dbapi_bottle(tmp_path_factory):
    pytest.importorskip("bottle")
    pytest.importorskip("psycopg")
    pytest.importorskip("sqlalchemy")
    from sqlalchemy import text

    module = import_fixture(FRAMEWORK_DIR, "dbapi_bottle_app")
    db_path = str(tmp_path_factory.mktemp("dbapi") / "app.db")
    with sqlite3.connect(db_path) as conn:
        conn.executescript(
            """
            CREATE TABLE users (username TEXT PRIMARY KEY, password TEXT, tenant_id INTEGER);
            CREATE TABLE user_roles (username TEXT, role TEXT);
            CREATE TABLE plans (name TEXT, price_cents INTEGER);
            CREATE TABLE subscribers (id INTEGER PRIMARY KEY, email TEXT, list_name TEXT);
            CREATE TABLE lookups (id INTEGER PRIMARY KEY, customer_id INTEGER);
            CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, email TEXT, tenant_id INTEGER);
            INSERT INTO users VALUES ('member', 'secret', 1);
            INSERT INTO subscribers VALUES (1, 'one@example.com', 'news');
            """
        )
    module.DB_PATH = db_path
    with module.warehouse.begin() as conn:
        conn.execute(text("CREATE TABLE dim_customer (name TEXT, email TEXT, country TEXT)"))
        conn.execute(text("CREATE TABLE fact_api_call (customer_id INTEGER)"))
    return module


def test_dbapi_bottle_routes_are_registered(dbapi_bottle):
    assert {route.rule for route in dbapi_bottle.app.routes} == set(DBAPI_BOTTLE)


@pytest.mark.parametrize("caller", ["anonymous", "member"])
def test_dbapi_bottle_access_levels(dbapi_bottle, caller):
    import base64

    headers = {} if caller == "anonymous" else {"Authorization": "Basic " + base64.b64encode(b"member:secret").decode()}
    observed, expected = {}, {}
    for rule, (level, _postgres) in _probe_paths(DBAPI_BOTTLE, caller).items():
        status, _headers, _body = wsgi_request(
            dbapi_bottle.app, rule.replace("<subscriber_id:int>", "1"), headers=headers
        )
        observed[rule] = outcome(status)
        expected[rule] = expected_outcome(level, caller)
    assert not mismatches(observed, expected), mismatches(observed, expected)


# ---- SQLAlchemy text() and psycopg in Flask -----------------------------------


@pytest.fixture(scope="module")
def text_flask():
    pytest.importorskip("flask_sqlalchemy")
    pytest.importorskip("flask_login")
    pytest.importorskip("psycopg")
    from sqlalchemy import text

    module = import_fixture(FRAMEWORK_DIR, "sqlalchemy_text_flask")
    module.app.config.update(TESTING=True, SECRET_KEY="fixture-tests")
    with module.app.app_context():
        for statement in (
            "CREATE TABLE users (id INTEGER PRIMARY KEY, org_id INTEGER, is_admin BOOLEAN, permissions TEXT)",
            "CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT, email TEXT, org_id INTEGER)",
            "CREATE TABLE api_calls (id INTEGER PRIMARY KEY, client_id INTEGER, org_id INTEGER)",
            "INSERT INTO users VALUES (1, 1, 0, '')",
            "INSERT INTO clients VALUES (1, 'One', 'one@example.com', 1)",
        ):
            module.db.session.execute(text(statement))
        module.db.session.commit()
    return module


def test_text_flask_rules_are_registered(text_flask):
    adapter = text_flask.app.url_map.bind("localhost")
    for path in TEXT_FLASK:
        endpoint, _ = adapter.match(path, method="GET")
        assert endpoint in text_flask.app.view_functions


@pytest.mark.parametrize("caller", ["anonymous", "member"])
def test_text_flask_access_levels(text_flask, caller, tmp_path):
    from jinja2 import DictLoader

    text_flask.app.jinja_loader = DictLoader({"clients.html": "{{ clients|length }}"})
    client = text_flask.app.test_client()
    if caller == "member":
        with client.session_transaction() as session:
            session["_user_id"] = "1"
    observed, expected = {}, {}
    for path, (level, _postgres) in _probe_paths(TEXT_FLASK, caller).items():
        response = client.get(path)
        observed[path] = outcome(response.status_code, response.headers.get("Location", ""))
        expected[path] = expected_outcome(level, caller)
    assert not mismatches(observed, expected), mismatches(observed, expected)
