"""GraphQL servers: Graphene (and graphene-django with django-graphql-jwt), Strawberry, Ariadne.

Modelled after https://docs.graphene-python.org/en/latest/types/objecttypes/#resolvers
(``resolve_<field>`` methods of ``graphene.ObjectType`` subclasses),
https://django-graphql-jwt.domake.io/decorators.html (``login_required``,
``staff_member_required``, ``superuser_required``, ``permission_required``,
``user_passes_test``), https://strawberry.rocks/docs/guides/permissions
(``strawberry.field(resolver=..., permission_classes=[...])``, ``BasePermission.has_permission``)
and https://ariadnegraphql.org/docs/resolvers (``QueryType``/``ObjectType``,
``@query.field("name")``, ``query.set_field("name", resolver)``).

A resolver is an endpoint: ``info.context.user`` / ``info.context["request"].user`` /
``info.context.request.user`` is the caller. Ariadne's ``field`` decorator registers the
function it receives and returns it unchanged, so a decorator stacked above it protects
nothing (``registers_at_decoration``). A Strawberry permission class counts by what its
``has_permission`` returns.
"""

from rosterguard.frameworks.base import (
    AUTHENTICATED,
    AUTHORIZED,
    FrameworkModel,
    KeywordAccess,
    RouteCall,
    ViewBase,
)

_JWT = "graphql_jwt.decorators."
_EXTENSIONS = "graphql_extensions.decorators."

GRAPHQL = FrameworkModel(
    name="graphql",
    caller_names=("info.context.request.user", 'info.context["request"].user', "info.context.user"),
    import_roots=(
        "graphene",
        "graphene_django",
        "graphql_jwt",
        "graphql_extensions",
        "strawberry",
        "ariadne",
    ),
    # Ariadne: ``query = QueryType()`` then ``@query.field("customers")``.
    route_registrars=(
        "ariadne.QueryType",
        "ariadne.MutationType",
        "ariadne.SubscriptionType",
        "ariadne.ObjectType",
        "ariadne.objects.QueryType",
        "ariadne.objects.ObjectType",
    ),
    route_decorators={"field": ()},
    registers_at_decoration=True,
    # ``@strawberry.field`` / ``@strawberry.mutation`` methods of a ``@strawberry.type`` class
    bare_route_decorators={
        "strawberry.field": (),
        "strawberry.mutation": ("POST",),
        "strawberry.subscription": (),
    },
    route_calls={
        # Ariadne: ``query.set_field("customers", resolve_customers)``
        "set_field": RouteCall(handler=1, handler_keyword="resolver", path=0, path_keyword="name"),
        # Strawberry: ``customers: list[Customer] = strawberry.field(resolver=get_customers, ...)``
        "strawberry.field": RouteCall(handler_keyword="resolver"),
        "strawberry.mutation": RouteCall(handler_keyword="resolver"),
        "strawberry.subscription": RouteCall(handler_keyword="resolver"),
    },
    # Strawberry: every permission class must pass.
    # ``permission_classes=[IsStaff]`` or ``extensions=[PermissionExtension(permissions=[IsStaff()])]``
    access_keywords={"permission_classes": KeywordAccess.STACKED, "extensions": KeywordAccess.COMPONENTS},
    access_decorators={
        _JWT + "login_required": AUTHENTICATED,
        _JWT + "staff_member_required": AUTHORIZED,
        _JWT + "superuser_required": AUTHORIZED,
        _JWT + "permission_required": AUTHORIZED,
        _EXTENSIONS + "login_required": AUTHENTICATED,
        _EXTENSIONS + "staff_member_required": AUTHORIZED,
        _EXTENSIONS + "superuser_required": AUTHORIZED,
        _EXTENSIONS + "permission_required": AUTHORIZED,
    },
    # Graphene: ``class Query(graphene.ObjectType)`` with ``resolve_<field>`` methods.
    view_bases={"graphene.ObjectType": ViewBase(), "graphene.types.objecttype.ObjectType": ViewBase()},
    handler_prefixes=("resolve_",),
)
