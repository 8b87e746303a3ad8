"""Django: function views, class-based views, ``urls.py`` tables, auth decorators and mixins.

Modelled after https://docs.djangoproject.com/en/stable/topics/auth/default/#limiting-access-to-logged-in-users,
https://docs.djangoproject.com/en/stable/topics/class-based-views/intro/#decorating-class-based-views
and https://docs.djangoproject.com/en/stable/ref/class-based-views/.
"""

from rosterguard.frameworks.base import (
    AUTHENTICATED,
    AUTHORIZED,
    HTTP_VERBS,
    PUBLIC,
    FrameworkModel,
    ViewBase,
)

_LISTING = ViewBase(lists=True)

# ``SingleObjectMixin.get_object()``: the record of ``pk_url_kwarg`` ("pk"), else ``slug_url_kwarg``.
_RETRIEVING = ViewBase(retrieves=True, lookup=(("pk_url_kwarg", "pk"), ("slug_url_kwarg", "slug")))

DJANGO = FrameworkModel(
    name="django",
    import_roots=("django",),
    class_guard_methods=("dispatch",),
    inherited_handlers=True,
    access_decorators={
        "django.contrib.auth.decorators.login_required": AUTHENTICATED,
        "django.contrib.auth.decorators.permission_required": AUTHORIZED,
        "django.contrib.admin.views.decorators.staff_member_required": AUTHORIZED,
        "django.contrib.auth.decorators.login_not_required": PUBLIC,
    },
    inert_decorators=(
        "django.views.decorators.csrf.csrf_exempt",
        "django.views.decorators.csrf.csrf_protect",
        "django.views.decorators.csrf.ensure_csrf_cookie",
        "django.views.decorators.http.require_GET",
        "django.views.decorators.http.require_POST",
        "django.views.decorators.http.require_safe",
        "django.views.decorators.http.require_http_methods",
        "django.views.decorators.cache.cache_page",
        "django.views.decorators.cache.never_cache",
        "django.views.decorators.vary.vary_on_cookie",
        "django.views.decorators.gzip.gzip_page",
        "django.db.transaction.atomic",
    ),
    access_mixins={
        "django.contrib.auth.mixins.LoginRequiredMixin": AUTHENTICATED,
        "django.contrib.auth.mixins.PermissionRequiredMixin": AUTHORIZED,
    },
    view_bases={
        "django.views.View": ViewBase(),
        "django.views.generic.View": ViewBase(),
        "django.views.generic.base.View": ViewBase(),
        "django.views.generic.TemplateView": ViewBase(),
        "django.views.generic.RedirectView": ViewBase(),
        "django.views.generic.FormView": ViewBase(),
        "django.views.generic.DetailView": _RETRIEVING,
        "django.views.generic.detail.DetailView": _RETRIEVING,
        "django.views.generic.CreateView": ViewBase(),
        "django.views.generic.UpdateView": _RETRIEVING,
        "django.views.generic.DeleteView": _RETRIEVING,
        "django.views.generic.ListView": _LISTING,
        "django.views.generic.list.ListView": _LISTING,
        "django.views.generic.ArchiveIndexView": _LISTING,
        "django.views.generic.YearArchiveView": _LISTING,
        "django.views.generic.MonthArchiveView": _LISTING,
    },
    handler_methods=HTTP_VERBS,
    # The caller's session: what it holds (a grant, an event-access key) is the caller's.
    caller_names=("request.session", "self.request.session"),
)
