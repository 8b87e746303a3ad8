"""The endpoint access map: every endpoint, who may call it, why, and what it hands out.

Entries are plain data (``as_dict`` is the JSON form every output format and the lock file
read), identified by file and endpoint name so that they survive code moving between lines.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rosterguard.concepts import AccessEvidence, Endpoint, Exposure
from rosterguard.scan import FileResult


@dataclass(frozen=True, slots=True)
class InventoryEntry:
    file: str
    line: int
    name: str
    framework: str
    methods: tuple[str, ...]
    route: str | None
    access: str
    layers: tuple[AccessEvidence, ...]
    exposures: tuple[Exposure, ...]
    findings: tuple[str, ...]

    @property
    def identity(self) -> str:
        """``crm/views.py::customer_list``: stable when unrelated lines move."""
        return f"{self.file}::{self.name}"

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.identity,
            "file": self.file,
            "line": self.line,
            "name": self.name,
            "framework": self.framework,
            "methods": list(self.methods),
            "route": self.route,
            "access": self.access,
            "layers": [
                {
                    "layer": e.layer.value,
                    "level": e.level.label,
                    "source": e.source,
                    "file": e.path or self.file,
                    "line": e.line,
                    "overrides": e.overrides,
                }
                for e in self.layers
            ],
            "exposures": [
                {"kind": e.kind.value, "entity": e.entity, "line": e.line, "scoped": e.scoped}
                for e in self.exposures
            ],
            "findings": list(self.findings),
        }


def display_path(path: str, root: str) -> str:
    """A path relative to ``root`` with ``/`` separators (the same on every machine), links
    resolved on both sides so that a path typed through a link names the same file."""
    directory, name = os.path.split(os.path.abspath(path))
    relative = os.path.relpath(os.path.join(os.path.realpath(directory), name), os.path.realpath(root))
    return relative.replace(os.sep, "/")


def entries_of(result: FileResult, root: str) -> list[InventoryEntry]:
    """The endpoints of one checked file, with the codes reported on each; every path (the
    file's, and those of layers set in other files) relative to ``root``."""
    file = display_path(result.path, root)
    # by line and endpoint: a viewset and its inherited retrieve share the class line
    codes: dict[tuple[int, str], set[str]] = {}
    for finding in result.visible_findings():
        codes.setdefault((finding.line, finding.subject), set()).add(finding.code)
    entries = []
    for endpoint in result.report.facts.endpoints:
        layers = tuple(_rebased(layer, result.root, root) for layer in endpoint.evidence)
        found = codes.get((endpoint.report_line, endpoint.name), set())
        entries.append(_entry(endpoint, file, layers, tuple(sorted(found))))
    return entries


def _rebased(layer: AccessEvidence, project: str, root: str) -> AccessEvidence:
    """A layer set in another file names it relative to the project root of the endpoint's
    file; name it relative to ``root``, as the endpoint's own file is."""
    if not layer.path or not project:
        return layer
    return replace(layer, path=display_path(os.path.join(project, layer.path), root))


def _entry(
    endpoint: Endpoint, file: str, layers: tuple[AccessEvidence, ...], findings: tuple[str, ...]
) -> InventoryEntry:
    return InventoryEntry(
        file=file,
        line=endpoint.line,
        name=endpoint.name,
        framework=endpoint.framework,
        methods=endpoint.route.methods,
        route=endpoint.route.path,
        access=endpoint.access.label,
        layers=layers,
        exposures=endpoint.exposures,
        findings=findings,
    )


def inventory(results: Iterable[FileResult], root: str) -> list[InventoryEntry]:
    entries = [entry for result in results for entry in entries_of(result, root)]
    return sorted(entries, key=lambda e: (e.file, e.line, e.name))
