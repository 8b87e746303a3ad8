"""Sanic: app and Blueprint routes, ``add_route``, ``HTTPMethodView`` with ``decorators``, request
middleware (``on_request``, ``middleware("request")``, ``register_middleware``), and sanic-jwt.

Modelled after https://sanic.dev/en/guide/basics/routing.html (``@app.get``/``@app.route``,
``app.add_route(handler, uri)``), https://sanic.dev/en/guide/best-practices/blueprints.html,
https://sanic.dev/en/guide/advanced/class-based-views.html (``HTTPMethodView``, ``decorators``,
``as_view()``), https://sanic.dev/en/guide/basics/middleware.html (a request middleware that returns
a response ends the request), https://sanic.dev/en/guide/how-to/authentication.html (the
``@protected`` decorator pattern) and https://sanic-jwt.readthedocs.io/en/latest/pages/protected.html,
https://sanic-jwt.readthedocs.io/en/latest/pages/scoped.html (``@protected()``, ``@scoped(...)``;
``@inject_user()`` only hands the user to the handler).
"""

from rosterguard.frameworks.base import (
    AUTHENTICATED,
    AUTHORIZED,
    HTTP_VERBS,
    FrameworkModel,
    RouteCall,
    ViewBase,
)

SANIC = FrameworkModel(
    name="sanic",
    caller_names=("request.ctx.user", "request.ctx.account", "request.ctx.staff", "request.ctx.current_user"),
    import_roots=("sanic", "sanic_jwt", "sanic_ext"),
    route_registrars=("sanic.Sanic", "sanic.app.Sanic", "sanic.Blueprint", "sanic.blueprints.Blueprint"),
    route_decorators={
        "route": (),
        "get": ("GET",),
        "post": ("POST",),
        "put": ("PUT",),
        "patch": ("PATCH",),
        "delete": ("DELETE",),
        "head": ("HEAD",),
        "options": ("OPTIONS",),
    },
    # ``@app.get`` registers the handler it receives: a decorator above it wraps nothing Sanic calls.
    registers_at_decoration=True,
    access_decorators={
        "sanic_jwt.protected": AUTHENTICATED,
        "sanic_jwt.decorators.protected": AUTHENTICATED,
        "sanic_jwt.scoped": AUTHORIZED,
        "sanic_jwt.decorators.scoped": AUTHORIZED,
    },
    # Hands the token's user to the handler (``None`` when there is none); refuses nobody.
    inert_decorators=("sanic_jwt.inject_user", "sanic_jwt.decorators.inject_user"),
    view_bases={"sanic.views.HTTPMethodView": ViewBase()},
    handler_methods=HTTP_VERBS,
    decorator_attributes=("decorators",),
    # ``app.add_route(handler, "/uri", methods=[...])``, with a function or ``View.as_view()``.
    route_calls={"add_route": RouteCall(handler=0, handler_keyword="handler", path=1, path_keyword="uri")},
    hook_registrations=("on_request", "middleware", "register_middleware"),
)
