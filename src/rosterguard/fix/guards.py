"""Which guard an unprotected endpoint should get: the one its protected siblings already use.

The most common ``authorized`` layer (decorator, permission classes, dependency) among the
endpoints of the same blueprint, router or view base, else of the same module, else of the
project; for a public endpoint with none, the most common ``authenticated`` one with a TODO; and
only then the framework's own guard, also with a TODO. A project protects its endpoints in its
own way (its ``@admin_required``, its ``permission_classes = [IsOrgAdmin]``), and copying that
way is what a reviewer would ask for.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rosterguard.concepts import AccessLevel
from rosterguard.fix.change import ImportNeed


class GuardKind(enum.Enum):
    DECORATOR = "decorator"
    PERMISSION_CLASSES = "permission classes"
    DEPENDENCY = "dependency"


@dataclass(frozen=True, slots=True)
class Binding:
    """A name a guard's code uses, and where its module gets it from."""

    name: str
    need: ImportNeed
    # The line of a definition in the guard's own module (a copy above it there would fail).
    defined_at: int | None = None


@dataclass(frozen=True, slots=True)
class Guard:
    """An access layer as code that can be copied: a decorator expression (``roles_required("admin")``),
    a permission class list (``[IsOrgAdmin]``) or a dependency call (``Depends(require_staff)``)."""

    kind: GuardKind
    framework: str
    level: AccessLevel
    code: str
    bindings: tuple[Binding, ...]
    path: str  # the file it was copied from; empty for a framework's own guard
    origin: str  # what a reader is told it is: "'admin_report' at portal/admin.py:40", "Flask-Login"


@dataclass(frozen=True, slots=True)
class Sibling:
    """An endpoint of the project with the guards that protect it."""

    path: str
    name: str
    group: str | None  # its blueprint, router or view base
    guards: tuple[Guard, ...]


@dataclass(frozen=True, slots=True)
class Target:
    """The unprotected endpoint, and which guards can be put on it."""

    path: str
    name: str
    group: str | None
    framework: str
    level: AccessLevel
    kinds: tuple[GuardKind, ...]


@dataclass(frozen=True, slots=True)
class Choice:
    guard: Guard
    # Why this one: "2 endpoints of blueprint 'bp'", or why it needs a TODO.
    reason: str
    # Set when the guard does not fully protect the endpoint: what the TODO comment asks for.
    todo: bool


def _fallback(
    kind: GuardKind, framework: str, level: AccessLevel, code: str, module: str, name: str, origin: str
) -> Guard:
    return Guard(kind, framework, level, code, (Binding(name, ImportNeed(module, name)),), "", origin)


# The framework's own guard, for projects with nothing to copy. Flask, Quart and Django only have
# "signed in" as their own: the TODO asks for the role. FastAPI, Sanic, Bottle… have none that
# works without project code, so their findings get advice and no edit.
FALLBACKS = {
    "flask": _fallback(
        GuardKind.DECORATOR,
        "flask",
        AccessLevel.AUTHENTICATED,
        "login_required",
        "flask_login",
        "login_required",
        "Flask-Login",
    ),
    "quart": _fallback(
        GuardKind.DECORATOR,
        "quart",
        AccessLevel.AUTHENTICATED,
        "login_required",
        "quart_auth",
        "login_required",
        "Quart-Auth",
    ),
    "django": _fallback(
        GuardKind.DECORATOR,
        "django",
        AccessLevel.AUTHENTICATED,
        "login_required",
        "django.contrib.auth.decorators",
        "login_required",
        "Django",
    ),
    "drf": _fallback(
        GuardKind.PERMISSION_CLASSES,
        "drf",
        AccessLevel.AUTHORIZED,
        "[IsAdminUser]",
        "rest_framework.permissions",
        "IsAdminUser",
        "DRF",
    ),
}


def choose(
    target: Target, module: Sequence[Sibling], project: Callable[[], Sequence[Sibling]]
) -> Choice | None:
    """The guard for ``target`` from its siblings in the same module and, when they have none,
    in the project (read only then); None when no guard would raise its access level."""
    scopes: list[tuple[Callable[[], Sequence[Sibling]], str]] = [
        (
            lambda: [s for s in module if s.group is not None and s.group == target.group],
            f"sharing '{target.group}'",
        ),
        (lambda: module, "of this module"),
        (project, "of this project"),
    ]
    levels = [AccessLevel.AUTHORIZED] + (
        [AccessLevel.AUTHENTICATED] if target.level is AccessLevel.PUBLIC else []
    )
    for level in levels:
        for siblings, scope in scopes:
            found = most_common(
                [
                    g
                    for s in siblings()
                    if (s.path, s.name) != (target.path, target.name)
                    for g in s.guards
                    if _fits(g, target, level)
                ]
            )
            if found is not None:
                guard, count = found
                endpoints = "1 endpoint" if count == 1 else f"{count} endpoints"
                return Choice(
                    guard,
                    f"as on {endpoints} {scope}, e.g. {guard.origin}",
                    level is not AccessLevel.AUTHORIZED,
                )
    fallback = FALLBACKS.get(target.framework)
    if fallback is None or fallback.level <= target.level or fallback.kind not in target.kinds:
        return None
    return Choice(
        fallback,
        f"{fallback.origin}'s own: no endpoint of the project has a guard to copy",
        fallback.level is not AccessLevel.AUTHORIZED,
    )


def most_common(guards: Sequence[Guard]) -> tuple[Guard, int] | None:
    """The guard written most often (ties: the first seen), with how many endpoints use it."""
    counts = Counter((g.kind, g.code) for g in guards)
    if not counts:
        return None
    best = max(counts.values())
    first = next(g for g in guards if counts[(g.kind, g.code)] == best)
    return first, best


def _fits(guard: Guard, target: Target, level: AccessLevel) -> bool:
    return guard.level is level and guard.framework == target.framework and guard.kind in target.kinds
