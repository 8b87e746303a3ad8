"""Tornado: ``RequestHandler`` subclasses wired by ``Application([...])`` tables, ``@authenticated``.

Modelled after https://www.tornadoweb.org/en/stable/web.html (``Application`` handler tuples,
``URLSpec``/``url``, ``add_handlers``, ``RequestHandler.prepare``, ``current_user`` and
``get_current_user``, ``tornado.web.authenticated``),
https://www.tornadoweb.org/en/stable/routing.html (``Rule``, ``RuleRouter``) and
https://www.tornadoweb.org/en/stable/guide/security.html#user-authentication.

Handlers are found through the tables that wire them in the same module (a ``RequestHandler``
subclass without a table entry is often an abstract base holding ``get_current_user``); a table
held in a variable, built in an ``Application`` subclass's ``__init__`` or in another module is
not read yet. ``prepare()`` runs before every verb: a check there (or ``@authenticated`` on it)
guards the whole class and its subclasses.
"""

from rosterguard.frameworks.base import AUTHENTICATED, HTTP_VERBS, FrameworkModel, RouteCall

_SPEC = RouteCall(handler=1, handler_keyword="handler", path=0, path_keyword="pattern")

TORNADO = FrameworkModel(
    name="tornado",
    import_roots=("tornado",),
    route_calls={
        # ``Application([(r"/x", Handler), url(r"/y", Other, name="y")], **settings)``
        "tornado.web.Application": RouteCall(handler=0, handler_keyword="handlers"),
        "tornado.routing.RuleRouter": RouteCall(handler=0, handler_keyword="rules"),
        "tornado.routing.ReversibleRuleRouter": RouteCall(handler=0, handler_keyword="rules"),
        # ``app.add_handlers(r".*", [(r"/x", Handler)])``
        "add_handlers": RouteCall(handler=1, handler_keyword="host_handlers"),
        "tornado.web.url": _SPEC,
        "tornado.web.URLSpec": _SPEC,
        "tornado.routing.URLSpec": _SPEC,
        # ``Rule(PathMatches(r"/x"), Handler)``: the matcher is no string path.
        "tornado.routing.Rule": RouteCall(handler=1, handler_keyword="target"),
    },
    access_decorators={"tornado.web.authenticated": AUTHENTICATED},
    handler_methods=HTTP_VERBS,
    class_guard_methods=("prepare",),
)
