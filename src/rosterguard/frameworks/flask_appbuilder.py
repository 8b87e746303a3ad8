"""Flask-AppBuilder: ``@expose`` methods of views and REST APIs, and their access decorators.

Modelled after https://flask-appbuilder.readthedocs.io/en/latest/views.html (``BaseView``,
``ModelView`` and ``@expose``), https://flask-appbuilder.readthedocs.io/en/latest/rest_api.html
(``BaseApi``, ``ModelRestApi`` with its ``get_list``/``get``/``post``/``put``/``delete``/``info``
routes) and https://flask-appbuilder.readthedocs.io/en/latest/security.html (``@has_access``,
``@has_access_api``, ``@protect()``: a permission on the view for the role of the caller).
"""

from rosterguard.frameworks.base import AUTHORIZED, FrameworkModel, ViewBase

_FAB = "flask_appbuilder."
_DECORATORS = _FAB + "security.decorators."
# A model view lists its ``datamodel``'s records and shows one of them.
_MODEL = ViewBase(lists=True)
_VIEW = ViewBase()

FLASK_APPBUILDER = FrameworkModel(
    name="flask_appbuilder",
    import_roots=("flask_appbuilder",),
    view_bases={
        _FAB + "BaseView": _VIEW,
        _FAB + "baseviews.BaseView": _VIEW,
        _FAB + "baseviews.BaseFormView": _VIEW,
        _FAB + "SimpleFormView": _VIEW,
        _FAB + "views.SimpleFormView": _VIEW,
        _FAB + "PublicFormView": _VIEW,
        _FAB + "views.PublicFormView": _VIEW,
        _FAB + "IndexView": _VIEW,
        _FAB + "views.IndexView": _VIEW,
        _FAB + "MultipleView": _VIEW,
        _FAB + "views.MultipleView": _VIEW,
        _FAB + "ModelView": _MODEL,
        _FAB + "views.ModelView": _MODEL,
        _FAB + "baseviews.BaseCRUDView": _MODEL,
        _FAB + "MasterDetailView": _MODEL,
        _FAB + "views.MasterDetailView": _MODEL,
        _FAB + "api.BaseApi": _VIEW,
        _FAB + "api.ModelRestApi": _MODEL,
        _FAB + "ModelRestApi": _MODEL,
    },
    # ``@expose("/list/")`` on a method: a route of the view's blueprint
    bare_route_decorators={
        _FAB + "expose": ("GET",),
        _FAB + "baseviews.expose": ("GET",),
        _FAB + "api.expose": ("GET",),
    },
    access_decorators={
        _DECORATORS + "has_access": AUTHORIZED,
        _DECORATORS + "has_access_api": AUTHORIZED,
        _DECORATORS + "protect": AUTHORIZED,
        _FAB + "has_access": AUTHORIZED,
    },
    # ``ModelRestApi``'s routes, inherited by every API of a model
    handler_methods=("get_list", "get", "post", "put", "delete", "info"),
    protected_bases={
        _FAB + "ModelView": AUTHORIZED,
        _FAB + "views.ModelView": AUTHORIZED,
        _FAB + "MasterDetailView": AUTHORIZED,
        _FAB + "api.ModelRestApi": AUTHORIZED,
        _FAB + "ModelRestApi": AUTHORIZED,
    },
    inherited_handlers=True,
)
