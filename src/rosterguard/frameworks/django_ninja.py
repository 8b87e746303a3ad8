"""django-ninja: operations on ``NinjaAPI``/``Router``, and ``auth=`` on the operation, the
router, where the router is added, and the API (the nearest one wins; ``auth=None`` opens).

Modelled after https://django-ninja.dev/guides/authentication/ (``auth=`` on an operation,
``NinjaAPI(auth=...)``, ``Router(auth=...)``, ``api.add_router(..., auth=...)``, a list of
authenticators of which any one may pass, ``auth=None`` on an operation to open it,
``django_auth``/``django_auth_superuser``/``django_auth_is_staff`` and ``APIKeyHeader``/
``HttpBearer`` subclasses judged by what their ``authenticate`` returns),
https://django-ninja.dev/guides/routers/ and
https://django-ninja.dev/guides/operations-parameters/ (``@api.get``, ``@api.api_operation``).

Operations are registered by the route decorator itself: a Django decorator above it wraps
nothing ninja calls (RG302). Not expressible in these tables: ``@decorate_view(...)``, which
applies the decorators it is given in either position.
"""

from rosterguard.frameworks.base import AUTHENTICATED, AUTHORIZED, FrameworkModel, KeywordAccess

DJANGO_NINJA = FrameworkModel(
    name="django_ninja",
    import_roots=("ninja",),
    route_registrars=("ninja.NinjaAPI", "ninja.Router", "ninja.main.NinjaAPI", "ninja.router.Router"),
    route_decorators={
        "get": ("GET",),
        "post": ("POST",),
        "put": ("PUT",),
        "patch": ("PATCH",),
        "delete": ("DELETE",),
        "api_operation": (),
    },
    registers_at_decoration=True,
    access_keywords={"auth": KeywordAccess.NEAREST},
    # Authenticators named by ``auth=``: django_auth checks request.user.is_authenticated.
    access_decorators={
        "ninja.security.django_auth": AUTHENTICATED,
        "ninja.security.django_auth_superuser": AUTHORIZED,
        "ninja.security.django_auth_is_staff": AUTHORIZED,
    },
    inert_decorators=("ninja.pagination.paginate",),
)
