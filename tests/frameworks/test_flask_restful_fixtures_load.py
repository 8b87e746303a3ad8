"""The flask-restful / flask-restx fixtures are real code for those libraries:
each module imports, its Flask app's url_map holds the expected rules (from
api.add_resource, Api(blueprint), Namespace.route), and the libraries
themselves refuse exactly the requests the `access:` markers say they should
(method_decorators list and dict forms, Api(decorators=...),
Namespace(decorators=...), a decorator above @ns.route that protects nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
FRAMEWORK_DIR = FIXTURES_DIR / "flask_restful"

pytest.importorskip("flask")
pytest.importorskip("flask_sqlalchemy")
pytest.importorskip("flask_login")
from wsgi_fixture_support import expected_outcome, import_fixture, mismatches, outcome

ROUTES = {
    "restful_login_resources": {
        "/api/v1/health": "public",
        "/api/v1/products": "public",
        "/api/v1/customers": "public",
        "/api/v1/clients": "public",
        "/api/v1/customers/1": "authenticated",
        "/api/v1/accounts": "authenticated",
        "/api/v1/accounts/mine": "authenticated",
        "/api/v1/usage/api-calls": "authenticated",
        "/api/v1/usage/searches": "public",
        "/api/v1/usage/searches/mine": "authenticated",
        "/api/v1/admin/customers": "authorized",
    },
    "restful_blueprint_jwt": {
        "/partner/companies": "authenticated",
        "/partner/invoices/totals": "authenticated",
        "/partner/me/customers": "authenticated",
        "/partner/me/usage": "authenticated",
        "/partner/admin/customers": "authorized",
        "/internal/customers": "authorized",
        "/internal/usage": "authorized",
        "/public/status": "public",
        "/public/stats": "public",
        "/public/companies": "public",
    },
    "restx_namespaces": {
        "/catalog/products": "public",
        "/catalog/companies": "public",
        "/catalog/companies/1": "public",
        "/catalog/customers/export": "public",
        "/customers/": "authenticated",
        "/customers/mine": "authenticated",
        "/customers/invoice-totals": "authenticated",
        "/customers/admin": "authorized",
        "/reports/searches": "public",
        "/reports/searches/mine": "authenticated",
        "/reports/api-calls": "authorized",
    },
}

REQUIRED = {
    "restful_login_resources": ["flask_restful"],
    "restful_blueprint_jwt": ["flask_restful", "flask_jwt_extended"],
    "restx_namespaces": ["flask_restx"],
}


def _app(module_name):
    for name in REQUIRED[module_name]:
        pytest.importorskip(name)
    module = import_fixture(FRAMEWORK_DIR, module_name)
    app = module.create_app() if hasattr(module, "create_app") else module.app
    app.config.update(TESTING=True, SECRET_KEY="fixture-tests")
    models = import_fixture(FRAMEWORK_DIR, "models")
    with app.app_context():
        models.db.create_all()
        if models.db.session.get(models.Company, 1) is None:
            models.db.session.add(models.Company(id=1, name="Acme", domain="acme.test"))
            models.db.session.add(models.User(id=1, email="member@example.com", api_key="member-key", company_id=1))
            models.db.session.add(models.Customer(id=1, company_id=1, name="One", email="one@example.com"))
            models.db.session.commit()
    return app


def _sign_in(app, client, module_name):
    """Headers (or session state) that make the client a signed-in member without any role."""
    if module_name == "restful_login_resources":
        with client.session_transaction() as session:
            session["_user_id"] = "1"
        return {}
    if module_name == "restful_blueprint_jwt":
        from flask_jwt_extended import create_access_token

        with app.app_context():
            return {"Authorization": "Bearer " + create_access_token(identity="1")}
    return {"X-API-KEY": "member-key"}


@pytest.mark.parametrize("module_name", sorted(ROUTES))
def test_rules_are_registered(module_name):
    app = _app(module_name)
    adapter = app.url_map.bind("localhost")
    for path in ROUTES[module_name]:
        endpoint, _args = adapter.match(path, method="GET")
        assert endpoint in app.view_functions, path


@pytest.mark.parametrize("module_name", sorted(ROUTES))
@pytest.mark.parametrize("caller", ["anonymous", "member"])
def test_access_levels_match_library_behaviour(module_name, caller):
    app = _app(module_name)
    client = app.test_client()
    headers = {} if caller == "anonymous" else _sign_in(app, client, module_name)
    observed = {}
    for path in ROUTES[module_name]:
        response = client.get(path, headers=headers)
        observed[path] = outcome(response.status_code, response.headers.get("Location", ""))
    expected = {path: expected_outcome(level, caller) for path, level in ROUTES[module_name].items()}
    assert not mismatches(observed, expected), mismatches(observed, expected)
