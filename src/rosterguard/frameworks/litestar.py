"""Litestar: route handler decorators (``@get``/``@post``/... and ``@route``), ``guards=`` on
handlers, routers and the app, and ``Router(route_handlers=[...])`` tables.

Modelled after https://docs.litestar.dev/2/usage/routing/overview.html (handlers are
registered by listing them in ``route_handlers=`` of ``Litestar``/``Router``),
https://docs.litestar.dev/2/usage/routing/handlers.html (``@get``, ``@post``, ``@route(http_method=...)``),
https://docs.litestar.dev/2/usage/security/guards.html (guards are callables raising
``NotAuthorizedException``/``PermissionDeniedException``; they may be set on a handler, a
controller, a router and the app, and every one of them applies),
https://docs.litestar.dev/2/usage/security/abstract-authentication-middleware.html,
https://docs.litestar.dev/2/usage/security/security-backends.html and
https://docs.litestar.dev/2/usage/security/excluding-and-including-endpoints.html.

A guard is judged by what its body refuses (``if "admin" not in connection.user.roles: raise``).
Not expressible in these tables (see the fixtures' ``known-miss`` notes): route handler
methods of ``Controller`` classes and the controller's ``guards``/``path`` attributes;
``dependencies={"x": Provide(fn)}`` (a dict, resolved only for handlers taking ``x``);
authentication middleware (``AbstractAuthenticationMiddleware`` subclasses through
``middleware=[DefineMiddleware(Cls)]``) and security backends installed with
``on_app_init=[jwt_auth.on_app_init]``, with their ``exclude=`` path patterns and
``exclude_from_auth=True`` opt-outs.
"""

from rosterguard.frameworks.base import FrameworkModel, KeywordAccess, RouteCall, ViewBase

_VERBS = {
    "get": ("GET",),
    "post": ("POST",),
    "put": ("PUT",),
    "patch": ("PATCH",),
    "delete": ("DELETE",),
    "head": ("HEAD",),
    "route": (),
}

LITESTAR = FrameworkModel(
    name="litestar",
    caller_names=("connection.user", "request.user"),
    import_roots=("litestar",),
    # The app is a registrar only for its app-wide ``guards=``; handlers are module functions.
    route_registrars=("litestar.Litestar", "litestar.app.Litestar"),
    bare_route_decorators={
        f"{module}.{verb}": methods
        for module in ("litestar", "litestar.handlers", "litestar.handlers.http_handlers")
        for verb, methods in _VERBS.items()
    },
    route_calls={
        "litestar.Router": RouteCall(handler_keyword="route_handlers", path_keyword="path"),
        "litestar.router.Router": RouteCall(handler_keyword="route_handlers", path_keyword="path"),
        "litestar.Litestar": RouteCall(handler=0, handler_keyword="route_handlers"),
        "litestar.app.Litestar": RouteCall(handler=0, handler_keyword="route_handlers"),
    },
    # ``guards=`` stack from app to handler; ``on_app_init=[jwt_auth.on_app_init]`` installs a
    # security backend (``JWTAuth``, ``SessionAuth``) that authenticates every route.
    access_keywords={
        "guards": KeywordAccess.STACKED,
        "on_app_init": KeywordAccess.BACKEND,
        "exclude_from_auth": KeywordAccess.OPENS,
        "middleware": KeywordAccess.COMPONENTS,
    },
    # ``class Billing(Controller)``: methods decorated with ``@get`` are the handlers, under the
    # class's ``path`` and ``guards``.
    view_bases={"litestar.Controller": ViewBase(), "litestar.controller.Controller": ViewBase()},
)
