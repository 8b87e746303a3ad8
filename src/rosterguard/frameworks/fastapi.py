"""FastAPI: path operations on ``FastAPI``/``APIRouter``, and dependencies at every level.

Modelled after https://fastapi.tiangolo.com/tutorial/dependencies/,
https://fastapi.tiangolo.com/tutorial/bigger-applications/ (router and ``include_router``
dependencies) and https://fastapi.tiangolo.com/advanced/security/oauth2-scopes/.
"""

from rosterguard.frameworks.base import FrameworkModel

FASTAPI = FrameworkModel(
    name="fastapi",
    import_roots=("fastapi",),
    route_registrars=("fastapi.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter"),
    route_decorators={
        "get": ("GET",),
        "post": ("POST",),
        "put": ("PUT",),
        "patch": ("PATCH",),
        "delete": ("DELETE",),
        "api_route": (),
    },
    registers_at_decoration=True,
    dependency_markers=(
        "fastapi.Depends",
        "fastapi.Security",
        "fastapi.params.Depends",
        "fastapi.params.Security",
    ),
    security_schemes=(
        "fastapi.security.OAuth2PasswordBearer",
        "fastapi.security.OAuth2AuthorizationCodeBearer",
        "fastapi.security.HTTPBearer",
        "fastapi.security.HTTPBasic",
        "fastapi.security.HTTPDigest",
        "fastapi.security.APIKeyHeader",
        "fastapi.security.APIKeyQuery",
        "fastapi.security.APIKeyCookie",
        "fastapi.security.OpenIdConnect",
    ),
)
