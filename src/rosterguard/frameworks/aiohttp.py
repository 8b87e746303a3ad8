"""aiohttp: ``RouteTableDef`` decorators, ``router.add_get``/``add_route``/``add_view``,
``add_routes([web.get(...), web.view(...)])``, class-based ``web.View``, and ``aiohttp_security``.

Modelled after https://docs.aiohttp.org/en/stable/web_quickstart.html (``web.get``/``web.view``
route definitions, ``RouteTableDef`` decorators, ``router.add_get``/``add_route``, class-based
views) and https://aiohttp-security.readthedocs.io/en/latest/usage.html (``check_authorized``
raises ``HTTPUnauthorized``, ``check_permission`` raises ``HTTPForbidden``; ``authorized_userid``,
``permits`` and ``is_anonymous`` only answer, so they guard when the handler refuses on them;
the ``login_required``/``has_permission`` decorators are deprecated since 0.3).

``RouteTableDef`` stores the function it is given, so a decorator above ``@routes.get`` wraps
nothing aiohttp calls. Not expressible in these tables: middlewares (``web.Application(
middlewares=[...])``, ``app.middlewares.append(...)``) and the sub-application they guard
(``app.add_subapp("/admin/", admin)``), and a guard call whose result is kept
(``user_id = await check_authorized(request)``).
"""

from rosterguard.frameworks.base import (
    AUTHENTICATED,
    AUTHORIZED,
    HTTP_VERBS,
    FrameworkModel,
    KeywordAccess,
    RouteCall,
    ViewBase,
)

_VERBS = ("get", "post", "put", "patch", "delete", "head")

AIOHTTP = FrameworkModel(
    name="aiohttp",
    import_roots=("aiohttp", "aiohttp_security"),
    route_registrars=(
        "aiohttp.web.RouteTableDef",
        "aiohttp.web_routedef.RouteTableDef",
        "aiohttp.web.Application",
    ),
    # ``web.Application(middlewares=[require_login])`` / ``app.middlewares.append(...)``: a
    # middleware guards every route of its application when its body refuses.
    access_keywords={"middlewares": KeywordAccess.COMPONENTS},
    route_decorators={**{verb: (verb.upper(),) for verb in _VERBS}, "route": (), "view": ()},
    registers_at_decoration=True,
    route_calls={
        # ``add_routes([web.get("/x", handler), web.route("GET", "/y", h), web.view("/z", View)])``
        **{
            f"aiohttp.web.{verb}": RouteCall(
                path=0, path_keyword="path", handler=1, handler_keyword="handler", methods=(verb.upper(),)
            )
            for verb in _VERBS
        },
        "aiohttp.web.route": RouteCall(path=1, path_keyword="path", handler=2, handler_keyword="handler"),
        "aiohttp.web.view": RouteCall(path=0, path_keyword="path", handler=1, handler_keyword="handler"),
        # ``app.router.add_get("/x", handler)``, ``app.router.add_route("GET", "/x", handler)``
        **{
            f"add_{verb}": RouteCall(
                path=0, path_keyword="path", handler=1, handler_keyword="handler", methods=(verb.upper(),)
            )
            for verb in _VERBS
        },
        "add_route": RouteCall(path=1, path_keyword="path", handler=2, handler_keyword="handler"),
        "add_view": RouteCall(path=0, path_keyword="path", handler=1, handler_keyword="handler"),
        # ``app.add_routes([web.get(...), ...])``: the route definitions are wired on ``app``
        "add_routes": RouteCall(handler=0, handler_keyword="routes"),
    },
    access_decorators={
        "aiohttp_security.login_required": AUTHENTICATED,
        "aiohttp_security.has_permission": AUTHORIZED,
    },
    guard_calls={
        "aiohttp_security.check_authorized": AUTHENTICATED,
        "aiohttp_security.api.check_authorized": AUTHENTICATED,
        "aiohttp_security.check_permission": AUTHORIZED,
    },
    predicate_calls={
        "aiohttp_security.permits": AUTHORIZED,
        "aiohttp_security.authorized_userid": AUTHENTICATED,
        "aiohttp_security.is_anonymous": AUTHENTICATED,
        "aiohttp_security.api.check_permission": AUTHORIZED,
    },
    view_bases={"aiohttp.web.View": ViewBase(), "aiohttp.web_urldispatcher.View": ViewBase()},
    # ``request["user"]`` is where auth middlewares conventionally keep the caller; the identity
    # ``check_authorized``/``authorized_userid`` return denotes the caller too.
    caller_names=('request["user"]', 'self.request["user"]', "check_authorized()", "authorized_userid()"),
    handler_methods=HTTP_VERBS,
)
