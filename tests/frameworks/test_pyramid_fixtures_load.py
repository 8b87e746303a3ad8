"""The Pyramid fixtures are real Pyramid code: each module's configuration
(config.scan of @view_config / @view_defaults, config.add_view, default
permission, tween) commits, registers the expected routes with a view each,
and Pyramid itself refuses exactly the requests the `access:` markers say."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
FRAMEWORK_DIR = FIXTURES_DIR / "pyramid"

with warnings.catch_warnings():
    # WebOb (Pyramid's request/response library) still imports the deprecated cgi module
    warnings.simplefilter("ignore", DeprecationWarning)
    pytest.importorskip("webob")
pytest.importorskip("pyramid")
pytest.importorskip("sqlalchemy")
from pyramid.config import Configurator
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool
from webob import Request
from wsgi_fixture_support import expected_outcome, import_fixture, mismatches, outcome

# module -> {path: access level}
ROUTES = {
    "views_view_config": {
        "/health": "public",
        "/articles": "public",
        "/showcase": "public",
        "/stats/logins": "public",
        "/accounts": "authorized",
        "/accounts/1": "public",
        "/usage/searches": "authenticated",
        "/usage/searches/mine": "authenticated",
        "/reports/invoices": "authorized",
        "/accounts/emails": "authenticated",
        "/accounts/export.csv": "authorized",
        "/api/accounts": "authorized",
        "/api/accounts/count": "public",
        "/orgs/accounts": "public",
        "/orgs/mine/accounts": "authenticated",
    },
    "config_add_view_acl": {
        "/": "public",
        "/partners": "public",
        "/partners/1": "public",
        "/stats/signups": "public",
        "/members": "authenticated",
        "/invoices/totals": "authenticated",
        "/invoices/mine": "authenticated",
        "/reports/usage": "authorized",
        "/reports/accounts": "authorized",
    },
    "tween_partner_api": {
        "/v1/ping": "authenticated",
        "/v1/accounts": "authenticated",
        "/v1/searches/totals": "authenticated",
        "/v1/me/accounts": "authenticated",
        "/v1/me/searches/total": "authenticated",
        "/v1/admin/organizations": "authorized",
    },
}


def _template_renderer_factory(info):
    # stands in for pyramid_jinja2 so that template-rendered views can run
    def render(value, system):
        return json.dumps(sorted(value))

    return render


@pytest.fixture(scope="module")
def models():
    models = import_fixture(FRAMEWORK_DIR, "models")
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    models.Base.metadata.create_all(engine)
    models.SessionFactory.configure(bind=engine)
    with models.SessionFactory() as session:
        session.add(models.Organization(id=1, name="Acme"))
        session.add(models.Account(id=1, organization_id=1, name="One", email="one@example.com"))
        session.add(models.User(id=1, login="member", api_key="member-key", organization_id=1, role="member"))
        session.commit()
    return models


def _build_app(module_name):
    module = import_fixture(FRAMEWORK_DIR, module_name)
    if module_name == "views_view_config":
        security = import_fixture(FRAMEWORK_DIR, "security")
        config = Configurator()
        config.include(import_fixture(FRAMEWORK_DIR, "models").includeme)
        config.set_security_policy(security.ApiKeySecurityPolicy())
        config.add_renderer(".jinja2", _template_renderer_factory)
        config.include(module.includeme)
        return config.make_wsgi_app()
    return module.main()


@pytest.mark.parametrize("module_name", sorted(ROUTES))
def test_routes_are_registered_with_views(models, module_name):
    app = _build_app(module_name)
    mapper = app.routes_mapper
    introspector = app.registry.introspector
    viewed_routes = {
        related["name"]
        for view in introspector.get_category("views")
        for related in (r for r in view["related"] if r.category_name == "routes")
    }
    for path in ROUTES[module_name]:
        info = mapper(Request.blank(path))
        assert info["route"] is not None, f"{path} matches no route"
        assert info["route"].name in viewed_routes, f"route {info['route'].name} has no view"


@pytest.mark.parametrize("module_name", sorted(ROUTES))
@pytest.mark.parametrize("caller", ["anonymous", "member"])
def test_access_levels_match_pyramid_behaviour(models, module_name, caller):
    app = _build_app(module_name)
    headers = {} if caller == "anonymous" else {"X-Api-Key": "member-key"}
    observed = {}
    for path in ROUTES[module_name]:
        response = Request.blank(path, headers=headers).get_response(app)
        observed[path] = outcome(response.status_code, response.headers.get("Location", ""))
    expected = {path: expected_outcome(level, caller) for path, level in ROUTES[module_name].items()}
    assert not mismatches(observed, expected), mismatches(observed, expected)
