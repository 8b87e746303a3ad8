"""The built-in framework tables merged with the user's configuration, built once per ``Settings``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TypeVar

from rosterguard.concepts import AccessLevel
from rosterguard.config import Settings
from rosterguard.frameworks import FRAMEWORKS, FrameworkModel
from rosterguard.frameworks.base import PermissionClass, RouteCall, ViewBase
from rosterguard.syntax.names import matches
from rosterguard.words import WordList, split_words

# "session" names an ORM session as often as a login session: a dependency or decorator
# whose name only says it hands out a database session is no access layer.
T = TypeVar("T")

_DATA_SESSION_WORDS = frozenset(
    {"db", "database", "sql", "engine", "orm", "async", "get", "session", "dep", "local", "scoped"}
)


@dataclass(frozen=True)
class Knowledge:
    """Everything the analysis consults: framework tables and configured word lists."""

    frameworks: tuple[FrameworkModel, ...]
    customer_entities: WordList
    usage_entities: WordList
    authentication: WordList
    authorization: WordList
    public_markers: tuple[str, ...]
    caller_names: tuple[str, ...]
    drf_default: str | None

    def framework(self, name: str) -> FrameworkModel:
        return next(model for model in self.frameworks if model.name == name)

    def _lookup(self, qualified: str, table: Callable[[FrameworkModel], Mapping[str, T]]) -> T | None:
        """The first framework table entry that ``qualified`` stands for."""
        for model in self.frameworks:
            entries = table(model)
            found = matches(qualified, tuple(entries))
            if found is not None:
                return entries[found]
        return None

    def _exact(
        self, qualified: str | None, table: Callable[[FrameworkModel], Mapping[str, T]]
    ) -> tuple[FrameworkModel, T] | None:
        """Entries named by their full qualified name only (``bottle.get`` is not any ``get``)."""
        if not qualified:
            return None
        for model in self.frameworks:
            entries = table(model)
            if qualified in entries:
                return model, entries[qualified]
        return None

    def bare_route(self, qualified: str | None) -> tuple[FrameworkModel, tuple[str, ...]] | None:
        return self._exact(qualified, lambda model: model.bare_route_decorators)

    def route_call(
        self, name: str, qualified: str | None, imported: Callable[[tuple[str, ...]], bool]
    ) -> tuple[FrameworkModel, RouteCall] | None:
        """A wiring call: a framework function by qualified name, or a method of a framework
        object by its name, in a module that imports that framework."""
        found = self._exact(qualified, lambda model: model.route_calls)
        if found is not None:
            return found
        for model in self.frameworks:
            if name in model.route_calls and "." not in name and imported(model.import_roots):
                return model, model.route_calls[name]
        return None

    def hook_decorator(self, qualified: str) -> AccessLevel | None:
        found = self._exact(qualified, lambda model: model.hook_decorators)
        return found[1] if found else None

    def guard_call(self, qualified: str | None) -> AccessLevel | None:
        found = self._exact(qualified, lambda model: model.guard_calls)
        return found[1] if found else None

    def predicate_call(self, qualified: str | None) -> AccessLevel | None:
        """A call answering whether the caller passes: a predicate, or a guard used as one."""
        guard = self.guard_call(qualified)
        if guard is not None:
            return guard
        found = self._exact(qualified, lambda model: model.predicate_calls)
        return found[1] if found else None

    @cached_property
    def import_roots(self) -> tuple[str, ...]:
        """Every modelled framework's top-level packages."""
        return tuple(sorted({root for model in self.frameworks for root in model.import_roots}))

    def access_decorator(self, qualified: str) -> AccessLevel | None:
        return self._lookup(qualified, lambda model: model.access_decorators)

    def protected_base(self, qualified: str) -> AccessLevel | None:
        found = self._exact(qualified, lambda model: model.protected_bases)
        return found[1] if found else None

    def documented_decorator(self, qualified: str | None) -> AccessLevel | None:
        """A framework's own access decorator by its full name: what its documentation says it
        demands decides, even where the framework's source is the code being checked."""
        found = self._exact(qualified, lambda model: model.access_decorators)
        return found[1] if found else None

    def is_inert(self, qualified: str) -> bool:
        return any(matches(qualified, model.inert_decorators) for model in self.frameworks)

    def is_public_marker(self, qualified: str | None) -> bool:
        return matches(qualified, self.public_markers) is not None

    def permission_class(self, qualified: str) -> PermissionClass | None:
        return self._lookup(qualified, lambda model: model.permission_classes)

    def access_mixin(self, qualified: str) -> AccessLevel | None:
        return self._lookup(qualified, lambda model: model.access_mixins)

    def view_base(self, qualified: str) -> tuple[FrameworkModel, ViewBase] | None:
        for model in self.frameworks:
            if not _may_match_by_tail(qualified, model):
                continue
            found = matches(qualified, tuple(model.view_bases))
            if found is not None:
                return model, model.view_bases[found]
        return None

    def level_by_name(self, identifier: str) -> AccessLevel | None:
        """SPEC's name rule: authorization words beat authentication words."""
        if self.authorization.match(identifier):
            return AccessLevel.AUTHORIZED
        term = self.authentication.match(identifier)
        if term is None:
            return None
        if term == "session" and set(split_words(identifier)) <= _DATA_SESSION_WORDS:
            return None
        return AccessLevel.AUTHENTICATED

    def is_customer(self, entity: str) -> bool:
        return entity in self.customer_entities

    def is_sensitive(self, entity: str) -> bool:
        return entity in self.customer_entities or entity in self.usage_entities


def _may_match_by_tail(qualified: str, model: FrameworkModel) -> bool:
    """A base class imported from another library (``wagtail...ModelViewSet``) is not DRF's.

    Bare names, relative imports and the framework's own packages may match by their last part.
    """
    root = qualified.split(".", 1)[0]
    return "." not in qualified or qualified.startswith(".") or root in model.import_roots


@lru_cache(maxsize=32)
def knowledge_for(settings: Settings) -> Knowledge:
    return Knowledge(
        frameworks=FRAMEWORKS,
        customer_entities=WordList(settings.customer_entities),
        usage_entities=WordList(settings.usage_entities),
        authentication=WordList(settings.authentication_markers),
        authorization=WordList(settings.authorization_markers),
        public_markers=settings.public_markers,
        caller_names=tuple(
            dict.fromkeys(
                (*settings.caller_names, *(name for model in FRAMEWORKS for name in model.caller_names))
            )
        ),
        drf_default=settings.drf_default_permission,
    )
