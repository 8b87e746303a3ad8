"""Shared helpers for the WSGI frameworks' and GraphQL load tests (bottle, flask_restful, orm,
tornado, pyramid, falcon, graphql); not a test module.

A fixture directory (fixtures/<framework>/) has no __init__.py; its modules
import their sibling models.py relatively (`from .models import ...`), so each
directory is imported as a synthetic package named rg_fixtures_<directory>.

The probes check the fixtures' `access:` markers against the framework's own
behaviour: an anonymous request must be refused exactly by the endpoints
marked authenticated/authorized, and a signed-in caller without any role must
be refused exactly by those marked authorized.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import sys
import types
from pathlib import Path
from wsgiref.util import setup_testing_defaults

LEVELS = ("public", "authenticated", "authorized")
REFUSED = (401, 403)


def fixture_package(directory: Path) -> str:
    name = "rg_fixtures_" + directory.name
    if name not in sys.modules:
        package = types.ModuleType(name)
        package.__path__ = [str(directory)]
        package.__package__ = name
        sys.modules[name] = package
    return name


def import_fixture(directory: Path, module: str) -> types.ModuleType:
    return importlib.import_module(f"{fixture_package(directory)}.{module}")


def wsgi_request(
    app, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """Call a WSGI application in-process; return (status code, headers, body)."""
    environ: dict = {}
    setup_testing_defaults(environ)
    path, _, query = path.partition("?")
    environ.update(
        PATH_INFO=path,
        QUERY_STRING=query,
        REQUEST_METHOD=method,
        SCRIPT_NAME="",
        **{"wsgi.errors": io.StringIO(), "wsgi.input": io.BytesIO(b"")},
    )
    environ["CONTENT_LENGTH"] = "0"
    for key, value in (headers or {}).items():
        environ["HTTP_" + key.upper().replace("-", "_")] = value
    started: dict = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"] = int(status.split(" ", 1)[0])
        started["headers"] = dict(response_headers)

    chunks = app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    return started["status"], started["headers"], body


def outcome(status: int, location: str = "") -> str:
    """'refused' for 401/403 and redirects to a login page, 'open' for 2xx, else 'error <status>'."""
    if status in REFUSED or (status in (302, 303) and "login" in location):
        return "refused"
    if 200 <= status < 300:
        return "open"
    return f"error {status}"


def expected_outcome(level: str, caller: str) -> str:
    """What a caller ('anonymous' or 'member': signed in, no role) gets from an endpoint of this level."""
    assert level in LEVELS, level
    if caller == "anonymous":
        return "open" if level == "public" else "refused"
    return "refused" if level == "authorized" else "open"


def mismatches(observed: dict[str, str], expected: dict[str, str]) -> list[str]:
    return [
        f"{key}: expected {expected[key]}, got {observed.get(key)}"
        for key in expected
        if observed.get(key) != expected[key]
    ]


def configure_django(graphql_dir: Path, orm_dir: Path) -> None:
    """Configure Django once per process, with the GraphQL fixtures' models as
    app "crm" and the data-access fixtures' Django models as app "shop"."""
    import django
    from django.apps import AppConfig
    from django.conf import settings

    if settings.configured:
        return
    # Each load test file runs in a process of its own; both apps are set up when present:
    # the GraphQL fixtures need "crm" (and graphene_django), the data-access tests "shop".
    with_crm = (graphql_dir / "models.py").is_file() and importlib.util.find_spec("graphene_django") is not None
    with_shop = (orm_dir / "models.py").is_file()
    crm_package = fixture_package(graphql_dir) if with_crm else None
    shop_package = fixture_package(orm_dir) if with_shop else None
    apps_module = types.ModuleType("rg_fixtures_django_apps")

    class CrmConfig(AppConfig):
        name = crm_package
        label = "crm"

    class ShopConfig(AppConfig):
        name = shop_package
        label = "shop"

    CrmConfig.__module__ = ShopConfig.__module__ = apps_module.__name__
    apps_module.CrmConfig, apps_module.ShopConfig = CrmConfig, ShopConfig
    sys.modules[apps_module.__name__] = apps_module
    settings.configure(
        DEBUG=False,
        SECRET_KEY="fixture-tests",
        ALLOWED_HOSTS=["*"],
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            *(["graphene_django", "rg_fixtures_django_apps.CrmConfig"] if with_crm else []),
            *(["rg_fixtures_django_apps.ShopConfig"] if with_shop else []),
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        DATABASES={
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
            "replica": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
        },
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {
                    "loaders": [
                        (
                            "django.template.loaders.locmem.Loader",
                            {
                                "shop/customers.html": "{% for c in customers %}{{ c.name }}{% endfor %}",
                                "shop/customer_report.html": "{{ rows|length }}",
                            },
                        )
                    ]
                },
            }
        ],
        ROOT_URLCONF="rg_fixtures_django_apps",
        LOGIN_URL="/accounts/login/",
        GRAPHENE={"SCHEMA": None},
        USE_TZ=True,
    )
    apps_module.urlpatterns = []
    django.setup()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
