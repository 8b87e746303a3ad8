"""The django-ninja fixtures are real django-ninja code: Django starts with the
fixture directory as an app, every module imports, each NinjaAPI builds its URL
patterns and OpenAPI schema with the expected paths, and (through Django's own
test Client, no server) anonymous callers are refused by every operation whose
`access:` marker is not `public` and let through by every `public` one."""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import types
from pathlib import Path

import pytest
from asgi_fixture_support import access_markers, def_line

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "django_ninja"
PACKAGE = "_rg_fixtures_" + FIXTURES_DIR.name
URLCONF = PACKAGE + "_urls"

pytest.importorskip("django")
if importlib.util.find_spec("ninja") is None:  # importing ninja needs configured settings
    pytest.skip("django-ninja is not installed", allow_module_level=True)

EXPECTED_PATHS = {
    "crm_operations": {
        "/health",
        "/products",
        "/clients",
        "/clients/{client_id}",
        "/stats",
        "/clients/export",
        "/session/clients",
        "/session/clients/mine",
        "/session/clients/paged",
        "/organizations",
        "/usage/searches",
        "/usage/by-organization",
        "/usage/mine",
        "/billing/totals",
        "/billing/outstanding",
        "/clients/by-permission",
        "/billing/invoices",
    },
    "partner_routers": {
        "/status",
        "/directory",
        "/organizations",
        "/organization",
        "/organization/clients",
        "/clients/search",
        "/organizations/usage",
        "/organizations/{org_id}/clients",
        "/reports/usage",
        "/reports/clients",
        "/reports/summary",
        "/public/announcements",
        "/public/clients",
        "/members/clients",
        "/members/invoices/totals",
        "/members/invoices/mine",
    },
}


def _setup_django() -> None:
    import django
    from django.conf import settings

    if PACKAGE not in sys.modules:
        package = types.ModuleType(PACKAGE)
        package.__path__ = [str(FIXTURES_DIR)]
        sys.modules[PACKAGE] = package
    if settings.configured:
        if PACKAGE not in settings.INSTALLED_APPS:
            pytest.skip("Django was configured by another test module in this process")
        return
    urls = types.ModuleType(URLCONF)
    urls.urlpatterns = []
    sys.modules[URLCONF] = urls
    settings.configure(
        DEBUG=False,
        SECRET_KEY="fixture-check",
        ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.admin",
            PACKAGE,
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        ROOT_URLCONF=URLCONF,
        LOGIN_URL="/login/",
        USE_TZ=True,
    )
    django.setup()
    pytest.importorskip("ninja")
    from django.core.management import call_command
    from django.urls import path

    # empty tables in the in-memory database, so an auth callback may query them
    call_command("migrate", run_syncdb=True, verbosity=0)

    for module in EXPECTED_PATHS:
        api = importlib.import_module(f"{PACKAGE}.{module}").api
        urls.urlpatterns.append(path(f"{module}/", api.urls))


_setup_django()


def load_fixture(module: str) -> types.ModuleType:
    return importlib.import_module(f"{PACKAGE}.{module}")


def operations(module: str):
    """(path, method, handler) for every operation, read from the API's own OpenAPI schema."""
    fixture = load_fixture(module)
    prefix = fixture.__name__.replace(".", "_") + "_"
    schema = fixture.api.get_openapi_schema(path_prefix="")
    for path, methods in schema["paths"].items():
        for method, details in methods.items():
            name = details["operationId"].removeprefix(prefix)
            yield path, method.upper(), getattr(fixture, name)


@pytest.mark.parametrize("module", sorted(EXPECTED_PATHS))
def test_module_imports_and_registers_operations(module: str) -> None:
    fixture = load_fixture(module)
    _patterns, _app_name, namespace = fixture.api.urls
    assert namespace == fixture.api.urls_namespace
    assert {path for path, _method, _handler in operations(module)} == EXPECTED_PATHS[module]


def test_every_fixture_module_is_checked() -> None:
    on_disk = {p.stem for p in FIXTURES_DIR.glob("*.py")} - {"models", "__init__"}
    assert on_disk == set(EXPECTED_PATHS)


@pytest.mark.parametrize("module", sorted(EXPECTED_PATHS))
def test_anonymous_callers_match_access_markers(module: str) -> None:
    from django.test import Client

    markers = access_markers(FIXTURES_DIR / f"{module}.py")
    client = Client(raise_request_exception=False)
    checked = 0
    for path, method, handler in operations(module):
        level = markers.get(def_line(handler))
        assert level is not None, f"{module}: no access marker for {handler.__qualname__}"
        response = client.generic(method, f"/{module}" + re.sub(r"\{[^}]+\}", "1", path))
        status = response.status_code
        where = f"{module}: {method} {path} ({handler.__qualname__}, {level}) -> {status}"
        if level == "public":
            # reached the handler: data (empty tables) or a lookup miss for a path parameter
            assert status == 200 or (status == 404 and "{" in path), where
        else:
            assert status in (401, 403) or status in (301, 302, 303), where
        checked += 1
    assert checked == len(markers)
