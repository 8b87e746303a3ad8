"""Starlette: ``Route`` tables (inside ``Mount``/``Router``/``Starlette(routes=...)``),
``HTTPEndpoint`` classes, and ``@requires(...)``.

Modelled after https://www.starlette.io/routing/ (``Route("/x", endpoint=f)``, ``methods=``,
``Mount``/``Router``, an ``HTTPEndpoint`` class as an endpoint),
https://www.starlette.io/endpoints/ (``HTTPEndpoint`` dispatches to ``get``/``post``/...)
and https://www.starlette.io/authentication/ (``AuthenticationMiddleware`` only fills
``request.user``/``request.auth``; ``@requires(scopes, status_code=403, redirect=None)``
refuses callers whose credentials lack every listed scope).

Not expressible in these tables (see the fixtures' ``known-miss`` notes): ``@requires``
demands a sign-in only when its scopes are ``"authenticated"`` alone, any other scope is a
grant, so its level depends on its first argument (it is entered as a grant, the
conservative side: an ``@requires("authenticated")`` endpoint reads as authorized);
``middleware=[Middleware(Cls)]`` on ``Mount``/``Route``/``Router``/``Starlette`` is
judged by what ``Cls`` refuses, and a ``Mount``'s or app's layers reach the routes inside it.
"""

from rosterguard.frameworks.base import (
    AUTHORIZED,
    HTTP_VERBS,
    FrameworkModel,
    KeywordAccess,
    RouteCall,
    ViewBase,
)

_ROUTE = RouteCall(path=0, path_keyword="path", handler=1, handler_keyword="endpoint")

STARLETTE = FrameworkModel(
    name="starlette",
    import_roots=("starlette",),
    # ``@app.route("/x")`` is the pre-1.0 decorator style (deprecated, still common).
    route_registrars=("starlette.applications.Starlette",),
    route_decorators={"route": ()},
    registers_at_decoration=True,
    route_calls={
        "starlette.routing.Route": _ROUTE,
        # Route tables: their ``middleware=`` reaches every route inside them.
        "starlette.routing.Mount": RouteCall(path=0, path_keyword="path", handler_keyword="routes"),
        "starlette.routing.Router": RouteCall(handler=0, handler_keyword="routes"),
        "starlette.applications.Starlette": RouteCall(handler_keyword="routes"),
    },
    access_keywords={"middleware": KeywordAccess.COMPONENTS},
    access_decorators={
        "starlette.authentication.requires": AUTHORIZED,
    },
    view_bases={"starlette.endpoints.HTTPEndpoint": ViewBase()},
    # SessionMiddleware keeps what the app stored for this caller in a signed cookie.
    # ``scope["user"]``: what ``AuthenticationMiddleware`` puts in the ASGI scope.
    caller_names=("request.session", 'scope["user"]'),
    handler_methods=HTTP_VERBS,
)
