"""Flask: app and Blueprint routes, ``add_url_rule``, ``MethodView``/``View``, and the auth extensions.

Modelled after
https://flask.palletsprojects.com/en/latest/api/#url-route-registrations,
https://flask.palletsprojects.com/en/latest/views/ (``decorators`` on class-based views),
https://flask-login.readthedocs.io/, https://flask-httpauth.readthedocs.io/,
https://flask-jwt-extended.readthedocs.io/ and https://flask-security-too.readthedocs.io/.
"""

from rosterguard.frameworks.base import AUTHENTICATED, AUTHORIZED, HTTP_VERBS, FrameworkModel, ViewBase

FLASK = FrameworkModel(
    name="flask",
    import_roots=("flask", "flask_login", "flask_httpauth", "flask_jwt_extended", "flask_security"),
    route_registrars=("flask.Flask", "flask.Blueprint"),
    route_decorators={
        "route": (),
        "get": ("GET",),
        "post": ("POST",),
        "put": ("PUT",),
        "patch": ("PATCH",),
        "delete": ("DELETE",),
    },
    registers_at_decoration=True,
    access_decorators={
        "flask_login.login_required": AUTHENTICATED,
        "flask_login.fresh_login_required": AUTHENTICATED,
        "flask_jwt_extended.jwt_required": AUTHENTICATED,
        "flask_jwt_extended.fresh_jwt_required": AUTHENTICATED,
        "flask_security.auth_required": AUTHENTICATED,
        "flask_security.login_required": AUTHENTICATED,
        "flask_security.http_auth_required": AUTHENTICATED,
        "flask_security.auth_token_required": AUTHENTICATED,
        "flask_security.roles_required": AUTHORIZED,
        "flask_security.roles_accepted": AUTHORIZED,
        "flask_security.permissions_required": AUTHORIZED,
        "flask_security.permissions_accepted": AUTHORIZED,
    },
    inert_decorators=("flask_cors.cross_origin", "flask.stream_with_context"),
    view_bases={"flask.views.MethodView": ViewBase(), "flask.views.View": ViewBase()},
    handler_methods=(*HTTP_VERBS, "dispatch_request"),
    decorator_attributes=("decorators",),
    hook_registrations=("before_request", "before_app_request"),
    # Flask-JWT-Extended: the claims and identity of the caller's token.
    caller_names=("get_jwt()", "get_jwt_identity()", "get_current_user()", "current_user"),
)
