"""Quart: Flask's API on asyncio — app and Blueprint routes, ``add_url_rule``, ``MethodView``/``View``
with ``decorators``, ``before_request`` hooks — and Quart-Auth.

Modelled after
https://quart.palletsprojects.com/en/latest/reference/source/quart.app.html and
https://quart.palletsprojects.com/en/latest/reference/source/quart.blueprints.html (``route``/``get``/``post``…,
``add_url_rule``, ``before_request``/``before_app_request``),
https://quart.palletsprojects.com/en/latest/how_to_guides/blueprints.html,
https://quart.palletsprojects.com/en/latest/reference/source/quart.views.html (``MethodView``/``View``
and their ``decorators``) and https://quart-auth.readthedocs.io/ (``login_required``,
``basic_auth_required``, ``current_user``; an anonymous caller gets ``Unauthorized``).
"""

from rosterguard.frameworks.base import AUTHENTICATED, HTTP_VERBS, FrameworkModel, ViewBase

QUART = FrameworkModel(
    name="quart",
    import_roots=("quart", "quart_auth"),
    route_registrars=("quart.Quart", "quart.app.Quart", "quart.Blueprint", "quart.blueprints.Blueprint"),
    route_decorators={
        "route": (),
        "get": ("GET",),
        "post": ("POST",),
        "put": ("PUT",),
        "patch": ("PATCH",),
        "delete": ("DELETE",),
    },
    # ``@app.route`` registers the function it receives: a decorator above it wraps nothing Quart calls.
    registers_at_decoration=True,
    access_decorators={
        "quart_auth.login_required": AUTHENTICATED,
        # One shared username and password: it identifies the caller, it restricts nothing further.
        "quart_auth.basic_auth_required": AUTHENTICATED,
    },
    view_bases={
        "quart.views.MethodView": ViewBase(),
        "quart.views.View": ViewBase(),
    },
    handler_methods=(*HTTP_VERBS, "dispatch_request"),
    decorator_attributes=("decorators",),
    hook_registrations=("before_request", "before_app_request"),
)
