"""Django REST framework: API views, generic views, viewsets, ``@api_view``, permission classes.

Modelled after https://www.django-rest-framework.org/api-guide/permissions/,
https://www.django-rest-framework.org/api-guide/views/#function-based-views,
https://www.django-rest-framework.org/api-guide/generic-views/ and
https://www.django-rest-framework.org/api-guide/viewsets/.
"""

from rosterguard.frameworks.base import (
    AUTHENTICATED,
    AUTHORIZED,
    HTTP_VERBS,
    PUBLIC,
    FrameworkModel,
    PermissionClass,
    ViewBase,
)

# ``get_object()`` looks the record up by ``lookup_url_kwarg``, else ``lookup_field`` ("pk").
_LOOKUP = (("lookup_url_kwarg", ""), ("lookup_field", "pk"))
_LISTING = ViewBase(lists=True)
_SINGLE = ViewBase()
_RETRIEVING = ViewBase(retrieves=True, lookup=_LOOKUP)
_LISTING_AND_RETRIEVING = ViewBase(lists=True, retrieves=True, lookup=_LOOKUP)
_P = "rest_framework.permissions."

DRF = FrameworkModel(
    name="drf",
    class_guard_methods=("dispatch", "initial"),
    inherited_handlers=True,
    import_roots=("rest_framework",),
    permission_classes={
        _P + "AllowAny": PermissionClass(PUBLIC, PUBLIC),
        _P + "IsAuthenticated": PermissionClass(AUTHENTICATED, AUTHENTICATED),
        _P + "IsAdminUser": PermissionClass(AUTHORIZED, AUTHORIZED),
        _P + "IsAuthenticatedOrReadOnly": PermissionClass(PUBLIC, AUTHENTICATED),
        # Model permissions require a signed-in user, but only check perms for writes.
        _P + "DjangoModelPermissions": PermissionClass(AUTHENTICATED, AUTHORIZED),
        _P + "DjangoModelPermissionsOrAnonReadOnly": PermissionClass(PUBLIC, AUTHORIZED),
        _P + "DjangoObjectPermissions": PermissionClass(AUTHENTICATED, AUTHORIZED),
    },
    view_bases={
        "rest_framework.views.APIView": _SINGLE,
        "rest_framework.generics.GenericAPIView": _SINGLE,
        "rest_framework.generics.ListAPIView": _LISTING,
        "rest_framework.generics.ListCreateAPIView": _LISTING,
        "rest_framework.generics.RetrieveAPIView": _RETRIEVING,
        "rest_framework.generics.RetrieveUpdateAPIView": _RETRIEVING,
        "rest_framework.generics.RetrieveDestroyAPIView": _RETRIEVING,
        "rest_framework.generics.RetrieveUpdateDestroyAPIView": _RETRIEVING,
        "rest_framework.generics.CreateAPIView": _SINGLE,
        "rest_framework.generics.UpdateAPIView": _SINGLE,
        "rest_framework.generics.DestroyAPIView": _SINGLE,
        "rest_framework.viewsets.ViewSet": _SINGLE,
        "rest_framework.viewsets.GenericViewSet": _SINGLE,
        "rest_framework.viewsets.ModelViewSet": _LISTING_AND_RETRIEVING,
        "rest_framework.viewsets.ReadOnlyModelViewSet": _LISTING_AND_RETRIEVING,
        "rest_framework.mixins.ListModelMixin": _LISTING,
        "rest_framework.mixins.RetrieveModelMixin": _RETRIEVING,
    },
    handler_methods=(*HTTP_VERBS, "list", "retrieve", "create", "update", "partial_update", "destroy"),
)

API_VIEW = "rest_framework.decorators.api_view"
PERMISSION_CLASSES_DECORATOR = "rest_framework.decorators.permission_classes"
ACTION = "rest_framework.decorators.action"
BASE_PERMISSION = "rest_framework.permissions.BasePermission"
