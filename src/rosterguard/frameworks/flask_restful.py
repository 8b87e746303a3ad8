"""flask-restful and flask-restx: ``Resource`` classes with ``method_decorators`` (list form for
every verb, dict form per verb), ``api.add_resource(Resource, "/url", ...)``, and flask-restx
``Namespace``/``Api`` routes.

Modelled after https://flask-restful.readthedocs.io/en/latest/extending.html#resource-method-decorators,
https://flask-restful.readthedocs.io/en/latest/api.html (``Api.add_resource``, ``Resource``,
``marshal_with``) and https://flask-restx.readthedocs.io/en/latest/scaling.html,
https://flask-restx.readthedocs.io/en/latest/api.html (``Namespace.route``, ``Namespace(decorators=...)``,
``marshal_list_with``; ``authorizations``/``security`` only document the API).
"""

from rosterguard.frameworks.base import HTTP_VERBS, FrameworkModel, KeywordAccess, RouteCall, ViewBase

FLASK_RESTFUL = FrameworkModel(
    name="flask_restful",
    import_roots=("flask_restful", "flask_restx"),
    view_bases={
        "flask_restful.Resource": ViewBase(),
        "flask_restx.Resource": ViewBase(),
    },
    handler_methods=HTTP_VERBS,
    # ``Resource`` is a Flask ``MethodView``: its ``decorators`` wrap the whole view as well.
    decorator_attributes=("method_decorators", "decorators"),
    # ``api.add_resource(CustomerList, "/customers", "/clients", endpoint="customers")``
    route_calls={"add_resource": RouteCall(handler=0, path=1)},
    # ``Api(bp, decorators=[jwt_required()])`` / ``Namespace("x", decorators=[...])``: decorators
    # applied to every resource added through that Api or namespace.
    route_registrars=("flask_restful.Api", "flask_restx.Api", "flask_restx.Namespace"),
    access_keywords={"decorators": KeywordAccess.STACKED},
    # Response helpers and Swagger documentation: they check nothing, whatever the namespace is
    # called (``@admin_ns.route``, ``@auth_ns.doc(security=...)`` say nothing about the caller).
    inert_decorators=(
        "flask_restful.marshal_with",
        "flask_restful.marshal_with_field",
        "flask_restx.marshal_with",
        "flask_restx.marshal_with_field",
        "flask_restx.Namespace.marshal_list_with",
        "flask_restx.Namespace.route",
        "flask_restx.Namespace.doc",
        "flask_restx.Namespace.expect",
        "flask_restx.Namespace.response",
        "flask_restx.Namespace.param",
        "flask_restx.Namespace.header",
        "flask_restx.Namespace.produces",
    ),
)
