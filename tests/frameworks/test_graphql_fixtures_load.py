"""The GraphQL fixtures are real Strawberry / Graphene (graphene-django,
django-graphql-jwt) / Ariadne code: each module imports under Django, its
schemas build with the expected root fields, its urlpatterns serve them, and
a query for each field, sent through the module's own Django URLs by an
anonymous caller and by a signed-in member without any role or permission,
is refused exactly when the field's `access:` marker says it should be
(permission classes, PermissionExtension, login_required on the view,
django-graphql-jwt decorators, Graphene middleware, resolver decorators)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
FRAMEWORK_DIR = FIXTURES_DIR / "graphql"
ORM_DIR = FIXTURES_DIR / "orm"

pytest.importorskip("django")
pytest.importorskip("graphql")
from wsgi_fixture_support import configure_django, expected_outcome, import_fixture, mismatches, outcome

REFUSAL = re.compile(
    r"sign(ed)? in|authentication required|staff only|superusers only|do not have permission", re.IGNORECASE
)

# module -> {url: {field label: (query, access level)}}
SCHEMAS = {
    "strawberry_schema": {
        "/graphql/": {
            "articles": ("{ articles { slug } }", "public"),
            "customers": ("{ customers { id } }", "public"),
            "customer": ("{ customer(id: 1) { id } }", "public"),
            "customerDirectory": ("{ customerDirectory { id } }", "authenticated"),
            "searchCount": ("{ searchCount }", "public"),
            "myCustomers": ("{ myCustomers { id } }", "authenticated"),
            "searchUsage": ("{ searchUsage { count } }", "authenticated"),
            "paymentTotals": ("{ paymentTotals { count } }", "authorized"),
            "customerEmails": ("{ customerEmails }", "authorized"),
            "organizations": ("{ organizations }", "authorized"),
        },
        "/partner/graphql/": {
            "allCustomers": ("{ allCustomers { id } }", "authenticated"),
            "ownCustomers": ("{ ownCustomers { id } }", "authenticated"),
            "paymentsPerCustomer": ("{ paymentsPerCustomer { count } }", "authenticated"),
            "organizationSizes": ("{ organizationSizes { count } }", "authorized"),
        },
    },
    "graphene_schema": {
        "/graphql/": {
            "articles": ("{ articles { slug } }", "public"),
            "customers": ("{ customers { id } }", "public"),
            "customer": ('{ customer(id: "1") { id } }', "public"),
            "organizations": ("{ organizations { id } }", "public"),
            "clients": ("{ clients { id } }", "authenticated"),
            "myCustomers": ("{ myCustomers { id } }", "authenticated"),
            "searchCount": ("{ searchCount }", "public"),
            "searchesPerCustomer": ("{ searchesPerCustomer { count } }", "authenticated"),
            "mySearchCount": ("{ mySearchCount }", "authenticated"),
            "paymentTotals": ("{ paymentTotals { count } }", "authorized"),
            "customerEmails": ("{ customerEmails }", "authorized"),
            "organizationReport": ("{ organizationReport { count } }", "authorized"),
        },
        "/graphql/account/": {
            "organizationMembers": ("{ organizationMembers { id } }", "authenticated"),
            "paymentsPerOrganization": ("{ paymentsPerOrganization { count } }", "authenticated"),
            "allPayments": ("{ allPayments { count } }", "authorized"),
        },
        "/graphql/internal/": {
            "customers": ("{ customers { id } }", "authorized"),
            "searchesPerOrganization": ("{ searchesPerOrganization { count } }", "authorized"),
        },
    },
    "ariadne_schema": {
        "/graphql/": {
            "status": ("{ status }", "public"),
            "articles": ("{ articles { slug } }", "public"),
            "customers": ("{ customers { id } }", "public"),
            "customer": ('{ customer(id: "1") { id } }', "public"),
            "customerDirectory": ("{ customerDirectory { id } }", "authenticated"),
            "myCustomers": ("{ myCustomers { id } }", "authenticated"),
            "searchCount": ("{ searchCount }", "public"),
            "searchTotals": ("{ searchTotals { count } }", "authorized"),
            "paymentTotals": ("{ paymentTotals { count } }", "authenticated"),
            "organizationSizes": ("{ organizationSizes { count } }", "authorized"),
            "customerEmails": ("{ customerEmails }", "public"),
        },
        "/partner/graphql/": {
            "customers": ("{ customers { id } }", "authenticated"),
            "ownCustomers": ("{ ownCustomers { id } }", "authenticated"),
            "searchTotals": ("{ searchTotals { count } }", "authenticated"),
            "ownSearchCount": ("{ ownSearchCount }", "authenticated"),
            "organizations": ("{ organizations }", "authorized"),
        },
    },
}

REQUIRED = {
    "strawberry_schema": ["strawberry"],
    "graphene_schema": ["graphene", "graphene_django", "graphql_jwt"],
    "ariadne_schema": ["ariadne"],
}

SCHEMA_ATTRIBUTES = {
    "strawberry_schema": {"/graphql/": "schema", "/partner/graphql/": "partner_schema"},
    "graphene_schema": {
        "/graphql/": "schema",
        "/graphql/account/": "account_schema",
        "/graphql/internal/": "internal_schema",
    },
    "ariadne_schema": {"/graphql/": "schema", "/partner/graphql/": "partner_schema"},
}


@pytest.fixture(scope="module")
def member():
    configure_django(FRAMEWORK_DIR, ORM_DIR)
    from django.contrib.auth.models import User

    models = import_fixture(FRAMEWORK_DIR, "models")
    user, created = User.objects.get_or_create(username="member")
    if created:
        organization = models.Organization.objects.create(id=1, name="Acme")
        models.Membership.objects.create(user=user, organization=organization)
        models.Customer.objects.create(id=1, organization=organization, name="One", email="one@example.com")
    return user


def _module(module_name):
    for name in REQUIRED[module_name]:
        pytest.importorskip(name)
    return import_fixture(FRAMEWORK_DIR, module_name)


def _root_fields(schema) -> set[str]:
    from graphql import GraphQLSchema

    for attribute in ("_schema", "graphql_schema"):
        inner = getattr(schema, attribute, None)
        if isinstance(inner, GraphQLSchema):
            schema = inner
            break
    return set(schema.query_type.fields)


@pytest.mark.parametrize("module_name", sorted(SCHEMAS))
def test_schemas_build_and_are_served(member, module_name):
    module = _module(module_name)
    served = {"/" + str(pattern.pattern) for pattern in module.urlpatterns}
    for url, fields in SCHEMAS[module_name].items():
        assert url in served, url
        schema = getattr(module, SCHEMA_ATTRIBUTES[module_name][url])
        assert _root_fields(schema) == set(fields), url


def _outcome(response) -> str:
    # Ariadne's documented Django/Flask view answers 400 when the result has errors
    is_json = response.headers.get("Content-Type", "").startswith("application/json")
    if response.status_code not in (200, 400) or not is_json:
        return outcome(response.status_code, response.headers.get("Location", ""))
    payload = json.loads(response.content)
    errors = payload.get("errors") or []
    if not errors:
        return "open"
    message = errors[0].get("message", "")
    return "refused" if REFUSAL.search(message) else f"error {message}"


@pytest.mark.parametrize("module_name", sorted(SCHEMAS))
@pytest.mark.parametrize("caller", ["anonymous", "member"])
def test_access_levels_match_graphql_behaviour(member, module_name, caller):
    from django.test import Client, override_settings

    module = _module(module_name)
    client = Client()
    if caller == "member":
        client.force_login(member)
    observed, expected = {}, {}
    with override_settings(ROOT_URLCONF=module.__name__):
        for url, fields in SCHEMAS[module_name].items():
            for label, (query, level) in fields.items():
                response = client.post(url, data=json.dumps({"query": query}), content_type="application/json")
                observed[f"{url} {label}"] = _outcome(response)
                expected[f"{url} {label}"] = expected_outcome(level, caller)
    assert not mismatches(observed, expected), mismatches(observed, expected)
