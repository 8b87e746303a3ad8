"""Falcon: resources with ``on_<verb>`` responders wired by ``app.add_route``, ``@falcon.before`` hooks.

Modelled after https://falcon.readthedocs.io/en/stable/api/routing.html (``App.add_route``
with ``suffix=`` selecting ``on_<verb>_<suffix>`` responders, ``add_sink``),
https://falcon.readthedocs.io/en/stable/api/hooks.html (``falcon.before`` on a responder or on
a whole resource class; the hook is ``hook(req, resp, resource, params)`` and refuses by
raising) and https://falcon.readthedocs.io/en/stable/api/app.html (``falcon.App`` and
``falcon.asgi.App``).

Hooks are judged by their bodies (``require_login`` raising ``HTTPUnauthorized`` when
``req.context.user`` is missing); a hook whose body and name say nothing about the caller
(``validate_image_type``) adds no access. ``falcon.after`` runs after the responder: no access.
"""

from rosterguard.frameworks.base import HTTP_VERBS, PUBLIC, FrameworkModel, KeywordAccess, RouteCall

FALCON = FrameworkModel(
    name="falcon",
    import_roots=("falcon",),
    # ``falcon.App(middleware=[TokenAuth()])``: a component whose ``process_request`` or
    # ``process_resource`` raises ``HTTPUnauthorized`` guards every route of the app.
    route_registrars=("falcon.App", "falcon.asgi.App", "falcon.API"),
    access_keywords={"middleware": KeywordAccess.COMPONENTS},
    route_calls={
        # ``app.add_route("/clients", ClientResource())`` (``suffix="mine"`` picks ``on_get_mine``)
        "add_route": RouteCall(handler=1, handler_keyword="resource", path=0, path_keyword="uri_template"),
        # ``app.add_sink(sink, prefix="/proxy")``: a function ``sink(req, resp, **kwargs)``
        "add_sink": RouteCall(handler=0, handler_keyword="sink", path=1, path_keyword="prefix"),
    },
    hook_decorators={"falcon.before": PUBLIC, "falcon.hooks.before": PUBLIC},
    handler_methods=tuple(f"on_{verb}" for verb in HTTP_VERBS),
    handler_prefixes=tuple(f"on_{verb}_" for verb in HTTP_VERBS),
)
