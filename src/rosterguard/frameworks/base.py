"""The shape of a framework model: what a framework documents, written down as data.

The analysis layer interprets these tables; nothing here walks a syntax tree. Names are
qualified (``flask_login.login_required``); a lookup also accepts a name by its last part,
because projects re-export decorators and permission classes through their own modules.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from rosterguard.concepts import AccessLevel

PUBLIC = AccessLevel.PUBLIC
AUTHENTICATED = AccessLevel.AUTHENTICATED
AUTHORIZED = AccessLevel.AUTHORIZED

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")


@dataclass(frozen=True, slots=True)
class PermissionClass:
    """A permission class's level for reads (GET, list, retrieve) and for writes."""

    read: AccessLevel
    write: AccessLevel


@dataclass(frozen=True, slots=True)
class ViewBase:
    """A class-based view base: ``lists`` when it answers GET with the records of ``queryset``/``model``;
    ``retrieves`` when it answers with one of them, chosen by the URL keyword ``lookup`` names
    (a class attribute giving the keyword, and the keyword used when that attribute is not set)."""

    lists: bool = False
    retrieves: bool = False
    lookup: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RouteCall:
    """A call that wires a handler to a path: ``app.add_route("/x", Resource())``,
    ``Route("/x", endpoint=f)``, ``router.add_get("/x", handler)``, ``api.add_resource(R, "/x")``.

    Arguments are found by position, else by keyword. A handler argument holding a list wires
    each item: ``(path, Handler)`` tuples (Tornado's ``Application([...])``) or handlers
    (Litestar's ``route_handlers=[...]``).
    """

    handler: int | None = None
    handler_keyword: str | None = None
    path: int | None = None
    path_keyword: str | None = None
    methods: tuple[str, ...] = ()


class KeywordAccess(enum.Enum):
    """How an access keyword of a route, router or app (``auth=``, ``guards=``) combines."""

    NEAREST = "the innermost declaration replaces the outer ones (django-ninja ``auth=``)"
    STACKED = "every level applies (Litestar ``guards=``)"
    COMPONENTS = "every level applies, and an entry counts only where it visibly refuses (middleware)"
    BACKEND = "an app-wide authentication backend, which a route may opt out of (Litestar ``on_app_init``)"
    OPENS = "a true value opts the route out of authentication (Litestar ``exclude_from_auth=True``)"


@dataclass(frozen=True, slots=True)
class FrameworkModel:
    """Everything rosterguard knows about one web framework."""

    name: str
    import_roots: tuple[str, ...]
    # Objects whose methods register routes (``app = Flask(...)``) and those methods.
    route_registrars: tuple[str, ...] = ()
    route_decorators: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Where the route decorator must be the outermost one (decorators apply bottom-up).
    registers_at_decoration: bool = False
    access_decorators: Mapping[str, AccessLevel] = field(default_factory=dict)
    # Decorators that are known to say nothing about access (kept out of the name heuristic).
    inert_decorators: tuple[str, ...] = ()
    permission_classes: Mapping[str, PermissionClass] = field(default_factory=dict)
    access_mixins: Mapping[str, AccessLevel] = field(default_factory=dict)
    view_bases: Mapping[str, ViewBase] = field(default_factory=dict)
    handler_methods: tuple[str, ...] = ()
    # Class attributes holding decorators applied to every handler (Flask ``decorators``).
    decorator_attributes: tuple[str, ...] = ()
    # Callables that mark a parameter or ``dependencies=`` entry as injected (FastAPI ``Depends``).
    dependency_markers: tuple[str, ...] = ()
    # Classes whose instances are authentication schemes when used as dependencies.
    security_schemes: tuple[str, ...] = ()
    # Module-level decorators that register the function they decorate (``bottle.get``).
    bare_route_decorators: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    route_calls: Mapping[str, RouteCall] = field(default_factory=dict)
    # Keywords of route decorators, registrars and mounts that set access, and how they stack.
    access_keywords: Mapping[str, KeywordAccess] = field(default_factory=dict)
    # Decorators whose first argument is a function judging the request (``falcon.before(hook)``),
    # with the level they demand when that function's body shows no check.
    hook_decorators: Mapping[str, AccessLevel] = field(default_factory=dict)
    # Calls in a handler body that refuse the request unless the caller passes.
    guard_calls: Mapping[str, AccessLevel] = field(default_factory=dict)
    # Calls that only answer whether the caller passes; they guard where an ``if`` refuses.
    predicate_calls: Mapping[str, AccessLevel] = field(default_factory=dict)
    # Registrar methods that install a before-request hook (``before_request``, ``on_request``).
    hook_registrations: tuple[str, ...] = ()
    # Handler methods that run before every verb of a class (``dispatch``, ``prepare``).
    class_guard_methods: tuple[str, ...] = ()
    # Handler method name prefixes (Falcon ``on_get_<suffix>``, Graphene ``resolve_<field>``).
    handler_prefixes: tuple[str, ...] = ()
    # Whether a view class without handler methods still answers requests through what its
    # base provides (Django's generic views); elsewhere such a class is an abstract base.
    inherited_handlers: bool = False
    # View bases whose own handlers, inherited by subclasses, carry an access decorator
    # (Flask-AppBuilder's ``ModelView.list`` is ``@has_access``).
    protected_bases: Mapping[str, AccessLevel] = field(default_factory=dict)
    # Expressions naming the caller in this framework's handlers (``self.current_user``).
    caller_names: tuple[str, ...] = ()
