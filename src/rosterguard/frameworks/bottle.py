"""Bottle: module-level ``@route``/``@get``/``@post`` on the default application, routes on
``Bottle()`` instances (decorators and ``app.route(path, method, callback)``), ``@auth_basic(check)``
and ``before_request`` hooks.

Modelled after https://bottlepy.org/docs/dev/tutorial.html (request routing, the default
application, ``Bottle()`` objects), https://bottlepy.org/docs/dev/api.html (``Bottle.route``,
``Bottle.hook``, ``auth_basic(check, realm=...)``: the check function decides who passes) and
https://bottlepy.org/docs/dev/plugindev.html (plugins and ``skip=``).
"""

from rosterguard.frameworks.base import AUTHENTICATED, FrameworkModel, RouteCall

BOTTLE = FrameworkModel(
    name="bottle",
    import_roots=("bottle",),
    route_registrars=("bottle.Bottle", "bottle.default_app"),
    route_decorators={
        "route": (),
        "get": ("GET",),
        "post": ("POST",),
        "put": ("PUT",),
        "patch": ("PATCH",),
        "delete": ("DELETE",),
    },
    # The route decorators register the function they receive and return it unchanged.
    registers_at_decoration=True,
    bare_route_decorators={
        "bottle.route": (),
        "bottle.get": ("GET",),
        "bottle.post": ("POST",),
        "bottle.put": ("PUT",),
        "bottle.patch": ("PATCH",),
        "bottle.delete": ("DELETE",),
    },
    # ``app.route("/x", "GET", callback)``: the call form of ``Bottle.route``.
    route_calls={"route": RouteCall(handler=2, handler_keyword="callback", path=0, path_keyword="path")},
    # ``auth_basic(check)`` lets through whoever ``check(username, password)`` accepts: judged by that
    # function (an administrators-only check authorizes), else any valid user.
    hook_decorators={"bottle.auth_basic": AUTHENTICATED},
    # ``@app.hook("before_request")``
    hook_registrations=("hook",),
)
