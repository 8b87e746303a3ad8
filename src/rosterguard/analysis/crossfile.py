"""What the rest of the project says about the module being checked.

The project index (``rosterguard.project``) builds one ``CrossFile`` per module; the
analysis only reads it, so a single file can still be analysed alone (``CrossFile()``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from rosterguard.analysis.dataflow import Helper
from rosterguard.analysis.model import ProjectModel
from rosterguard.concepts import AccessEvidence, Route


@dataclass(frozen=True, slots=True)
class Wiring:
    """A URL table entry (``path()``, ``add_url_rule``, ``router.register``) naming a view."""

    framework: str
    route: Route
    evidence: tuple[AccessEvidence, ...]
    registrar: str = ""  # the app or blueprint it was wired on, as written in that module


@dataclass(frozen=True, slots=True)
class DefaultPermissions:
    """``REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]`` of the settings module: the classes as
    written, or the project function that builds the whole setting (``builder``)."""

    classes: tuple[str, ...]
    line: int
    path: str
    builder: str = ""


@dataclass(frozen=True, slots=True)
class RegistrarLayers:
    """What wraps every route of a blueprint or router, wherever it was declared."""

    prefix: str = ""
    evidence: tuple[AccessEvidence, ...] = ()


class Definitions(Protocol):
    """Reads other modules' data functions on demand, when the checked module calls them."""

    def helper(self, qualified: str) -> Helper | None: ...


@dataclass(frozen=True)
class CrossFile:
    module: str = ""
    package: str = ""
    path: str = ""  # relative to the project root, as evidence paths are
    wiring: Mapping[str, Wiring] = field(default_factory=dict)
    registrars: Mapping[str, RegistrarLayers] = field(default_factory=dict)
    definitions: Definitions | None = None
    # Every module of the project, read on demand (shared by the files of one run).
    project: ProjectModel | None = None
    # Re-exports: ``pkg.bp`` → ``pkg.views.bp`` when ``pkg/__init__.py`` imports it from there.
    aliases: Mapping[str, str] = field(default_factory=dict)
    drf_default: DefaultPermissions | None = None
    site_wide: tuple[AccessEvidence, ...] = ()
    drf_configured: bool = False
    indexed: bool = False  # whether a project index stands behind this view

    def resolve(self, qualified: str) -> str:
        """Follow re-exports to where a name is defined (bounded, cycles end the walk)."""
        for _ in range(8):
            target = self.aliases.get(qualified)
            if target is None or target == qualified:
                break
            qualified = target
        return qualified

    def helper(self, qualified: str) -> Helper | None:
        return self.definitions.helper(self.resolve(qualified)) if self.definitions else None

    def own(self, name: str) -> str:
        """The qualified name of one of this module's own top-level names."""
        return f"{self.module}.{name}" if self.module else name


NO_PROJECT = CrossFile()
