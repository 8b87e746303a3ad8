"""The Bottle fixtures are real Bottle code: each module imports, its
application's router holds the expected (method, rule) pairs, and Bottle
itself refuses exactly the requests the `access:` markers say it should
(including the @auth_basic placed above @get, which protects nothing)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
FRAMEWORK_DIR = FIXTURES_DIR / "bottle"

bottle = pytest.importorskip("bottle")
pytest.importorskip("peewee")
from wsgi_fixture_support import expected_outcome, import_fixture, mismatches, outcome, wsgi_request

DEFAULT_APP_ROUTES = {
    ("GET", "/health"): "public",
    ("GET", "/faq"): "public",
    ("GET", "/customers"): "public",
    ("GET", "/customers/all"): "authenticated",
    ("GET", "/reseller/customers"): "authenticated",
    ("GET", "/customers/<customer_id:int>"): "authenticated",
    ("POST", "/customers"): "authenticated",
    ("GET", "/stats/lookups"): "public",
    ("GET", "/payments/totals"): "public",
    ("GET", "/usage/lookups"): "authenticated",
    ("GET", "/usage/lookups/mine"): "authenticated",
    ("GET", "/admin/customers"): "authorized",
    ("GET", "/admin/payments"): "authorized",
}

MOUNTED_APP_ROUTES = {
    ("GET", "/"): "public",
    ("GET", "/resellers"): "public",
    ("GET", "/lookups/leaderboard"): "public",
    ("GET", "/api/status"): "public",
    ("GET", "/api/customers/count"): "public",
    ("GET", "/api/customers"): "authenticated",
    ("GET", "/api/customers/mine"): "authenticated",
    ("GET", "/api/payments/totals"): "authenticated",
    ("GET", "/api/payments/mine"): "authenticated",
}

ADMIN_APP_ROUTES = {
    ("GET", "/customers"): "authorized",
    ("GET", "/lookups"): "authorized",
}


def _concrete(rule):
    return rule.replace("<customer_id:int>", "1")


@pytest.fixture(scope="module")
def modules(tmp_path_factory):
    models = import_fixture(FRAMEWORK_DIR, "models")
    models.db.init(":memory:")
    models.db.create_tables(models.ALL_MODELS)
    default_routes = import_fixture(FRAMEWORK_DIR, "default_app_routes")
    mounted = import_fixture(FRAMEWORK_DIR, "mounted_apps_plugins")
    reseller = models.Reseller.create(name="Acme", email="acme@example.com")
    models.User.create(
        username="member",
        password_hash=default_routes.hash_password("secret"),
        api_key="member-key",
        reseller=reseller,
    )
    models.Customer.create(reseller=reseller, name="One", email="one@example.com")
    templates = tmp_path_factory.mktemp("views")
    (templates / "faq.tpl").write_text("{{len(entries)}}")
    (templates / "admin_customers.tpl").write_text("{{len(list(customers))}}")
    bottle.TEMPLATE_PATH.insert(0, str(templates))
    return default_routes, mounted


def test_default_app_routes_are_registered(modules):
    default_routes, _ = modules
    registered = {
        (r.method, r.rule) for r in bottle.default_app().routes if r.callback.__module__ == default_routes.__name__
    }
    assert registered == set(DEFAULT_APP_ROUTES)


def test_mounted_app_routes_are_registered(modules):
    _, mounted = modules
    assert {(r.method, r.rule) for r in mounted.app.routes} == set(MOUNTED_APP_ROUTES)
    assert {(r.method, r.rule) for r in mounted.admin_wsgi_app.routes} == set(ADMIN_APP_ROUTES)


def _member_headers(app_name):
    if app_name == "default":
        # basic auth for auth_basic routes, signed cookie for current_user() routes
        default_routes = import_fixture(FRAMEWORK_DIR, "default_app_routes")
        response = bottle.BaseResponse()
        response.set_cookie("user_id", "1", secret=default_routes.COOKIE_SECRET)
        cookie = dict(response.headerlist)["Set-Cookie"].split(";", 1)[0]
        return {"Authorization": "Basic " + base64.b64encode(b"member:secret").decode(), "Cookie": cookie}
    return {"X-Api-Key": "member-key"}


@pytest.mark.parametrize(
    ("app_name", "routes"),
    [("default", DEFAULT_APP_ROUTES), ("mounted", MOUNTED_APP_ROUTES), ("admin", ADMIN_APP_ROUTES)],
)
@pytest.mark.parametrize("caller", ["anonymous", "member"])
def test_access_levels_match_bottle_behaviour(modules, app_name, routes, caller):
    _, mounted = modules
    app = {"default": bottle.default_app(), "mounted": mounted.app, "admin": mounted.admin_wsgi_app}[app_name]
    headers = {} if caller == "anonymous" else _member_headers(app_name)
    observed, expected = {}, {}
    for (method, rule), level in routes.items():
        if method != "GET":
            continue
        status, response_headers, _body = wsgi_request(app, _concrete(rule), headers=headers)
        observed[rule] = outcome(status, response_headers.get("Location", ""))
        expected[rule] = expected_outcome(level, caller)
    assert not mismatches(observed, expected), mismatches(observed, expected)
