"""Pyramid: ``@view_config`` function views, ``config.add_view``, ``permission=`` and ``decorator=``.

Modelled after https://docs.pylonsproject.org/projects/pyramid/en/latest/narr/viewconfig.html
(``view_config``/``add_view`` arguments: ``permission``, ``decorator``, ``request_method``,
``attr``), https://docs.pylonsproject.org/projects/pyramid/en/latest/narr/security.html
(a view without ``permission=`` is open to anonymous callers unless a default permission is
set; ``NO_PERMISSION_REQUIRED`` opens a view; ``request.identity``,
``request.authenticated_userid``, ``request.has_permission``) and
https://docs.pylonsproject.org/projects/pyramid/en/latest/api/config.html
(``Configurator(default_permission=...)``).

A named permission restricts which identified callers pass, so it counts as ``authorized``;
the one on the view replaces the default permission (``NEAREST``). ``decorator=`` wraps the
view and stacks with the permission.
"""

from rosterguard.frameworks.base import FrameworkModel, KeywordAccess, RouteCall

PYRAMID = FrameworkModel(
    name="pyramid",
    import_roots=("pyramid",),
    # The configurator carries ``default_permission=`` for every view registered with it.
    route_registrars=("pyramid.config.Configurator",),
    bare_route_decorators={"pyramid.view.view_config": ()},
    route_calls={
        # ``config.add_view(view, route_name="x", permission="admin")``
        "add_view": RouteCall(handler=0, handler_keyword="view"),
    },
    access_keywords={
        "permission": KeywordAccess.NEAREST,
        "default_permission": KeywordAccess.NEAREST,
        "decorator": KeywordAccess.STACKED,
    },
    # A view class registered without ``attr=`` is instantiated with the request and called.
    handler_methods=("__call__",),
    # The caller as Pyramid's security policy gives it.
    caller_names=("request.authenticated_userid", "request.identity"),
)
